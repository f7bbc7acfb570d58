import { HttpResponse } from "msw";
import { htmlErrorPage } from "../http/error-pages.ts";
import type { RequestContext } from "../http/request-context.ts";
import type { SystemMock } from "../http/system-mock.ts";
import { ssoHandler, whmcsApiHandler } from "./api.ts";
import type { WhmcsState } from "./state.ts";

/** The page WHMCS (or the host's WAF) shows during maintenance: HTML with HTTP 200, which breaks JSON clients. */
export function maintenancePage(): Response {
  const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Maintenance</title>\n</head>\n<body>\n<div class="container">\n<h1>Down for Maintenance</h1>\n<p>We are currently performing scheduled maintenance. Please check back soon.</p>\n</div>\n</body>\n</html>\n`;
  return new HttpResponse(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

export function whmcsMock(state: WhmcsState): SystemMock {
  return {
    handlers: [whmcsApiHandler(state), ssoHandler(state)],
    describe: (context: RequestContext) => {
      if (context.path === "/includes/api.php") context.action = context.params().get("action") ?? undefined;
    },
    fallback: (status) => htmlErrorPage(status),
    // WHMCS is PHP behind Apache (or a proxy): server errors are HTML pages.
    serverError: (status) => htmlErrorPage(status, status === 500 ? "Apache" : "nginx"),
  };
}
