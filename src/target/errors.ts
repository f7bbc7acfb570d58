/** The external systems the portal calls, with the names its log lines use (the runbook greps "WHMCS"). */
export const EXTERNAL_SYSTEMS = { salesforce: "Salesforce", whmcs: "WHMCS", freebit: "Freebit" } as const;
export type ExternalSystem = keyof typeof EXTERNAL_SYSTEMS;

/**
 * Why a call to an external system gave no usable answer. "rejected" is the
 * system saying no to this request (WHMCS `result:error`, Salesforce
 * NOT_FOUND): the system works, so it does not count towards the circuit;
 * neither does "aborted" (the portal gave up, e.g. on shutdown).
 */
export type ExternalFailure = "timeout" | "unreachable" | "circuit-open" | "http" | "protocol" | "auth" | "rejected" | "aborted";

export class ExternalCallError extends Error {
  readonly system: ExternalSystem;
  readonly operation: string;
  readonly failure: ExternalFailure;
  /** The HTTP status, when there was one. */
  readonly status: number | undefined;
  /** The system's own error code: Freebit `409-355`, Salesforce `INVALID_SESSION_ID`, OAuth `invalid_grant`. */
  readonly code: string | undefined;

  constructor(
    system: ExternalSystem,
    operation: string,
    failure: ExternalFailure,
    detail: string,
    options: { status?: number; code?: string; cause?: unknown } = {},
  ) {
    super(`${EXTERNAL_SYSTEMS[system]} ${operation} failed: ${detail}`, { cause: options.cause });
    this.name = "ExternalCallError";
    this.system = system;
    this.operation = operation;
    this.failure = failure;
    this.status = options.status;
    this.code = options.code;
  }

  /** Whether this failure says the system itself is unwell (and counts towards its circuit). */
  get countsAgainstSystem(): boolean {
    return this.failure !== "rejected" && this.failure !== "aborted";
  }
}

/** An answer the portal gives on purpose: status and JSON body. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, error: string, extra: { body?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(error, { cause: extra.cause });
    this.name = "HttpError";
    this.status = status;
    this.body = { error, ...extra.body };
    this.headers = extra.headers ?? {};
  }
}

export const HttpErrors = {
  badRequest: (detail: string) => new HttpError(400, "bad request", { body: { detail } }),
  unauthorized: (detail = "missing or invalid access token") => new HttpError(401, "unauthorized", { body: { detail } }),
  forbidden: (detail: string) => new HttpError(403, "forbidden", { body: { detail } }),
  notFound: () => new HttpError(404, "not found"),
  tooManyRequests: (retryAfterSeconds: number) =>
    new HttpError(429, "too many login attempts", { headers: { "Retry-After": String(retryAfterSeconds) }, body: { retryAfterSeconds } }),
  /** What billing pages show when WHMCS is down: the runbook's "service unavailable". */
  serviceUnavailable: (cause?: unknown) => new HttpError(503, "service unavailable", { cause }),
  authUnavailable: (cause?: unknown) => new HttpError(503, "authentication unavailable", { cause }),
} as const;

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
