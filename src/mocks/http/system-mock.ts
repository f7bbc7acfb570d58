import type { RequestHandler } from "msw";
import type { FallbackStatus } from "./mock-server.ts";
import type { RequestContext } from "./request-context.ts";

/** Statuses the http-error fault makes a system answer. */
export const HTTP_ERROR_STATUSES = [429, 500, 502, 503, 504] as const;
export type HttpErrorStatus = (typeof HTTP_ERROR_STATUSES)[number];

/** What one mocked system contributes to its server: handlers and its own way of failing. */
export interface SystemMock {
  readonly handlers: RequestHandler[];
  /** Answers the server gives outside any handler (no route, malformed request, body too large, a crash). */
  fallback(status: FallbackStatus): Response;
  /** Names the call (WHMCS action, SObject, Bayeux channels) before faults and handlers run. */
  describe(context: RequestContext): void;
  /** What this system (or the gateway in front of it) really answers with `status`. */
  serverError(status: HttpErrorStatus, context: RequestContext): Response;
}
