import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError } from "../api-error.ts";
import { ProxyCollection } from "../proxy-collection.ts";
import { type Reply, routes } from "./handlers.ts";
import { matchRoute } from "./router.ts";

/** Larger bodies are refused rather than buffered: no client of the API sends more than a few KB. */
const MAX_BODY_BYTES = 4 << 20;

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
  const body = reply.text ?? JSON.stringify(reply.json);
  response.writeHead(reply.status, { "Content-Type": reply.contentType ?? "application/json" }).end(body);
}

/** Go's http.Error: plain text, a trailing newline, nosniff. */
function sendPlain(response: http.ServerResponse, status: number, text: string): void {
  response
    .writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" })
    .end(`${text}\n`);
}

function readRequestBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError("bad request body: http: request body too large", 400));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
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
    response.setHeader("X-Toxiproxy-Request-Id", randomBytes(10).toString("hex"));
    if ((request.headers["user-agent"] ?? "").startsWith("Mozilla/")) {
      sendPlain(response, 403, "User agent not allowed");
      request.resume();
      return;
    }
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const match = matchRoute(routes, request.method ?? "GET", path);
    if (match.kind !== "found") {
      request.resume();
      if (match.kind === "not-found") sendPlain(response, 404, "404 page not found");
      else response.writeHead(405).end();
      return;
    }
    try {
      const body = await readRequestBody(request);
      const work = async () => match.handler(proxies, match.params, body);
      send(response, request.method === "GET" ? await work() : await serial(work));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 500);
      if (!response.headersSent) sendPlain(response, apiError.status, JSON.stringify(apiError));
    }
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: host === "localhost" ? "127.0.0.1" : host, port: options.port ?? 8474 }, resolve);
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
