import type http from "node:http";
import { createMiddleware } from "@mswjs/http-middleware";
import type { RequestHandler } from "msw";
import { EXCHANGE_HEADER, type RequestContext } from "./request-context.ts";

/**
 * Runs @mswjs/http-middleware's middleware for one request the server has
 * already read. The middleware needs a few Express request helpers
 * (`protocol`, `get`, `header`); a plain object provides them, and the
 * response is Node's own.
 *
 * The Fetch Request MSW builds carries the exchange id (EXCHANGE_HEADER) and
 * no body: the server read the body (bounded) into the RequestContext, where
 * resolvers take it (contextOf(request).body / .params()). Handing MSW the
 * body as a stream, which it converts and tees for every handler run, doubled
 * its CPU per request on the CI machine (about 2.0 ms against 0.95 ms).
 *
 * Resolves true when a handler answered, false when none did.
 */
export async function respondWithMsw(
  handlers: readonly RequestHandler[],
  request: http.IncomingMessage,
  context: RequestContext,
  response: http.ServerResponse,
): Promise<boolean> {
  const header = (name: string): string | undefined => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  const fallbackHost = `${request.socket.localAddress ?? "127.0.0.1"}:${request.socket.localPort ?? 80}`;
  const expressLike = {
    method: request.method,
    url: request.url,
    headers: { ...request.headers, [EXCHANGE_HEADER]: context.id },
    protocol: "http",
    readable: false,
    body: undefined,
    get: (name: string) => (name.toLowerCase() === "host" ? (header("host") ?? fallbackHost) : header(name)),
    header,
  };

  let passed = false;
  let failure: unknown;
  const next = (error?: unknown) => {
    if (error === undefined) passed = true;
    else failure = error;
  };
  // http-middleware is CommonJS: its `msw` types are the CJS copy of the same classes.
  const middleware = createMiddleware(...(handlers as unknown as Parameters<typeof createMiddleware>)) as (
    req: unknown,
    res: unknown,
    next: (error?: unknown) => void,
  ) => Promise<void>;
  await middleware(expressLike, response, next);
  if (failure !== undefined) throw failure;
  return !passed;
}
