import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { portInUse } from "../../env/ports.ts";
import { ApiError } from "../api-error.ts";
import { ProxyCollection } from "../proxy-collection.ts";
import { readBody } from "./decode.ts";
import { stringifyGo } from "./go-json.ts";
import { type Reply, routes } from "./handlers.ts";
import { matchRoute, resolvePath } from "./router.ts";

/** Larger bodies are refused rather than buffered: no client of the API sends more than a few KB. */
const MAX_BODY_BYTES = 4 << 20;
/** Go's http.Server ReadTimeout in toxiproxy-server: a request must arrive whole within it. */
const READ_TIMEOUT_MS = 15_000;

export interface ProxyServerOptions {
  /** Default `localhost` (IPv4 loopback), as toxiproxy-server. */
  host?: string;
  /** Default 8474; 0 picks a free port. */
  port?: number;
}

export interface StartedProxyServer extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:8474`: what `new Toxiproxy(apiUrl)` takes. */
  readonly apiUrl: string;
  readonly proxies: ProxyCollection;
  /** Stops every proxy, closes every connection and the API. Idempotent. */
  close(): Promise<void>;
}

function send(response: http.ServerResponse, reply: Reply): void {
  if (reply.json === undefined && reply.text === undefined) {
    response.writeHead(reply.status).end();
    return;
  }
  const body = reply.text ?? stringifyGo(reply.json);
  response.writeHead(reply.status, { "Content-Type": reply.contentType ?? "application/json" }).end(body);
}

/** Go's http.Error: plain text, a trailing newline, nosniff. */
function sendPlain(response: http.ServerResponse, status: number, text: string): void {
  response
    .writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" })
    .end(`${text}\n`);
}

/**
 * The whole body. One over the limit is read to its end and dropped, so the
 * client, still sending, gets the 400 rather than a reset connection.
 */
function readRequestBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(new ApiError("bad request body: http: request body too large", 400));
      else resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
    request.on("close", () => reject(new Error("request aborted")));
  });
}

const requestId = () => randomBytes(10).toString("hex");

/** Go's net/http answer to a request it cannot parse: no handler runs, the connection closes. */
function refuseMalformed(socket: import("node:stream").Duplex, status: string): void {
  const head = [`HTTP/1.1 ${status}`, "Content-Type: text/plain; charset=utf-8", `X-Toxiproxy-Request-Id: ${requestId()}`, "Connection: close"];
  socket.end(`${head.join("\r\n")}\r\n\r\n${status}`);
}

/**
 * The Toxiproxy-compatible control server: the HTTP API of toxiproxy-server
 * 2.12 over a ProxyCollection. Requests that change state run one at a time,
 * as under Toxiproxy's collection lock.
 */
export async function startProxyServer(options: ProxyServerOptions = {}): Promise<StartedProxyServer> {
  const host = options.host ?? "localhost";
  const proxies = new ProxyCollection();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };

  const server = http.createServer(async (request, response) => {
    response.setHeader("X-Toxiproxy-Request-Id", requestId());
    // In Go's order: net/http parses the target, mux cleans the path and routes, then the middleware (403) runs.
    const resolved = resolvePath(request.url ?? "/");
    if (resolved.kind !== "path") {
      request.resume();
      if (resolved.kind === "redirect") response.writeHead(301, { Location: resolved.location }).end();
      else response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" }).end("400 Bad Request");
      return;
    }
    const match = matchRoute(routes, request.method ?? "GET", resolved.path);
    if (match.kind !== "found") {
      request.resume();
      if (match.kind === "not-found") sendPlain(response, 404, "404 page not found");
      else response.writeHead(405).end();
      return;
    }
    if ((request.headers["user-agent"] ?? "").startsWith("Mozilla/")) {
      sendPlain(response, 403, "User agent not allowed");
      request.resume();
      return;
    }
    try {
      const received = await readRequestBody(request).catch((error: unknown) => error);
      const body = () => {
        if (received instanceof Uint8Array) return readBody(received);
        throw received;
      };
      const work = async () => match.handler(proxies, match.params, body);
      send(response, request.method === "GET" ? await work() : await serial(work));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 500);
      if (!response.headersSent) sendPlain(response, apiError.status, stringifyGo(apiError));
    }
  });
  server.requestTimeout = READ_TIMEOUT_MS;
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || !error.code?.startsWith("HPE_")) socket.destroy();
    else refuseMalformed(socket, error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request");
  });

  const port = options.port ?? 8474;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? portInUse(port, host, "fault proxy API", error) : error),
    );
    server.listen({ host: host === "localhost" ? "127.0.0.1" : host, port }, resolve);
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      proxies.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closed;
  };

  return {
    host: address.address,
    port: address.port,
    apiUrl: `http://${urlHost}:${address.port}`,
    proxies,
    close,
    [Symbol.asyncDispose]: close,
  };
}
