import { HttpResponse } from "msw";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Time-out",
};

/** The HTML page a web server or gateway in front of an API answers with (Apache's layout, or nginx's). */
export function htmlErrorPage(status: number, server: "Apache" | "nginx" = "Apache"): Response {
  const reason = REASONS[status] ?? "Error";
  const body =
    server === "nginx"
      ? `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
      : `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n<p>The server encountered a condition that prevented it from fulfilling the request.</p>\n<hr>\n<address>Apache Server</address>\n</body></html>\n`;
  return new HttpResponse(body, { status, headers: { "Content-Type": "text/html; charset=iso-8859-1", Server: server } });
}
