import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { HttpError, messageOf } from "../errors.ts";
import { type Logger, since } from "../log/logger.ts";
import { RequestContext } from "./request-context.ts";
import type { Router } from "./router.ts";

/**
 * Turns the router into a node:http listener: JSON replies, typed errors
 * as their status, anything else as 500, and one log line per request —
 * `GET /orders 200` with its `duration` — written when the response ends
 * (for a stream, when it closes). 5xx lines go to error.log as well.
 */
export function httpHandler(router: Router, logger: Logger, options: { trustProxy: boolean }): RequestListener {
  const log = logger.child({ component: "http" });
  return (request: IncomingMessage, response: ServerResponse) => {
    const context = new RequestContext(request, response, log, options.trustProxy);
    let route: string | undefined;
    let failure: unknown;
    response.once("close", () => {
      const status = response.headersSent ? response.statusCode : 499;
      const level = status >= 500 ? "error" : "info";
      context.log.log(level, `${context.method} ${context.path} ${status}`, {
        method: context.method,
        path: context.path,
        ...(route !== undefined && { route }),
        status,
        duration: since(context.startedMs),
        ip: context.ip,
        ...context.annotations,
        ...(failure !== undefined && { error: messageOf(failure) }),
      });
    });
    void (async () => {
      const match = router.match(context.method, context.path);
      try {
        if (match.kind === "not-found") throw new HttpError(404, "not found");
        if (match.kind === "method-not-allowed") throw new HttpError(405, "method not allowed", { headers: { Allow: match.allowed.join(", ") } });
        route = match.template;
        context.params = match.params;
        const reply = await match.handler(context);
        if (reply !== "streamed") send(response, reply.status, reply.body, reply.headers);
      } catch (error) {
        if (error instanceof HttpError) {
          if (error.status >= 500) failure = error.cause ?? error;
          send(response, error.status, error.body, error.headers);
        } else {
          failure = error;
          send(response, 500, { error: "internal server error" });
        }
      }
    })();
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) {
    response.end();
    return;
  }
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, {
    ...(text !== "" && { "Content-Type": "application/json; charset=utf-8" }),
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    ...headers,
  });
  response.end(text);
}
