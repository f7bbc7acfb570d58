import http from "node:http";
import type { AddressInfo } from "node:net";
import { portInUse } from "../../env/ports.ts";
import type { Journal } from "../journal.ts";
import type { SystemName } from "../system.ts";
import type { HandlerRegistry } from "./handler-registry.ts";
import type { InterceptorChain } from "./interceptors.ts";
import { respondWithMsw } from "./msw-adapter.ts";
import { BodyTooLargeError, readBody } from "./read-body.ts";
import { nextExchangeId, RequestContext, registerContext, releaseContext } from "./request-context.ts";
import { writeResponse } from "./write-response.ts";

/** How clients reach a bound address: a wildcard bind (0.0.0.0, ::) is reached on loopback. */
export function urlHostOf(address: AddressInfo): string {
  if (address.address === "0.0.0.0" || address.address === "::") return "127.0.0.1";
  return address.family === "IPv6" ? `[${address.address}]` : address.address;
}

/** A Host header as RFC 9110 allows it here: a name or IPv4 address, or a bracketed IPv6 address, and a port. */
const VALID_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Statuses the server answers itself, outside any handler, in the system's own style. */
export type FallbackStatus = 400 | 404 | 413 | 500;

export interface MockServerOptions {
  readonly system: SystemName;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly registry: HandlerRegistry;
  readonly interceptors: InterceptorChain;
  readonly journal: Journal;
  readonly fallback: (status: FallbackStatus) => Response;
  /** Names the call for the journal and for faults that match on it (a WHMCS action). */
  readonly describe?: (context: RequestContext) => void;
  readonly bodyLimitBytes?: number;
}

export interface StartedMockServer {
  readonly system: SystemName;
  /** `http://127.0.0.1:41234`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The request's URL, or undefined when MSW could not route it: a Host that is not a host, a broken %-escape. */
function requestUrl(request: http.IncomingMessage): URL | undefined {
  const host = request.headers.host ?? "localhost";
  if (!VALID_HOST.test(host)) return undefined;
  try {
    const url = new URL(request.url ?? "/", `http://${host}`);
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return undefined;
  }
}

/** What the journal needs to know about an exchange when it ends. */
interface Tracking {
  readonly startedMs: number;
  readonly atMs: number;
  context?: RequestContext;
  dropped: boolean;
}

/**
 * One mocked system on its own port: a Node HTTP server that reads the body,
 * runs the interceptors (faults below HTTP), then MSW's handlers, and journals
 * every exchange when it ends, however it ends.
 */
export async function startMockServer(options: MockServerOptions): Promise<StartedMockServer> {
  const { system, journal, registry, interceptors, fallback } = options;
  const bodyLimitBytes = options.bodyLimitBytes ?? 1 << 20;
  const inFlight = new Set<RequestContext>();

  async function serve(request: http.IncomingMessage, response: http.ServerResponse, tracking: Tracking): Promise<void> {
    const respond = (status: FallbackStatus) => writeResponse(response, fallback(status));
    // MSW builds routes on the Host and decodes the path; where it would throw, Apache or nginx answer 400.
    const url = requestUrl(request);
    if (url === undefined) {
      request.resume();
      return respond(400);
    }
    let body: Buffer;
    try {
      body = await readBody(request, bodyLimitBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return respond(413);
      response.destroy();
      return;
    }
    if (response.destroyed) return;
    const context = new RequestContext({
      id: nextExchangeId(),
      system,
      method: request.method ?? "GET",
      url,
      remoteAddress: request.socket.remoteAddress ?? "",
      contentType: (request.headers["content-type"] ?? "").toLowerCase(),
      body,
    });
    tracking.context = context;
    inFlight.add(context);
    registerContext(context);
    options.describe?.(context);
    const drop = () => {
      tracking.dropped = true;
      request.socket.destroy();
    };
    if ((await interceptors.run({ context, request, response, drop })) === "handled") return;
    if (!(await respondWithMsw(registry.list(), request, context, response))) await respond(404);
  }

  function ended(request: http.IncomingMessage, response: http.ServerResponse, tracking: Tracking): void {
    const { context } = tracking;
    if (context !== undefined) {
      inFlight.delete(context);
      releaseContext(context);
      // Only a client that left early (or a closing server) has anyone to tell: abort() costs a DOMException.
      if (!response.writableFinished) context.end();
    }
    journal.record({
      system,
      method: request.method ?? "GET",
      path: context?.path ?? (request.url ?? "/").split("?")[0]!,
      ...(context?.action !== undefined && { action: context.action }),
      status: response.headersSent ? response.statusCode : 0,
      outcome: response.writableFinished ? "responded" : tracking.dropped ? "dropped" : "aborted",
      durationMs: performance.now() - tracking.startedMs,
      atMs: tracking.atMs,
      faults: context?.faults ?? [],
    });
  }

  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 }, (request, response) => {
    const tracking: Tracking = { startedMs: performance.now(), atMs: journal.now(), dropped: false };
    response.on("error", () => {});
    response.once("close", () => ended(request, response, tracking));
    serve(request, response, tracking).catch(async () => {
      if (!response.headersSent && !response.destroyed) await writeResponse(response, fallback(500)).catch(() => response.destroy());
      else response.destroy();
    });
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? portInUse(options.port, options.host, `${system} mock`, error) : error),
    );
    server.listen({ host: options.host, port: options.port }, resolve);
  });
  const address = server.address() as AddressInfo;
  const urlHost = urlHostOf(address);

  let closed: Promise<void> | undefined;
  return {
    system,
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () => {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const context of inFlight) context.end();
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
