/**
 * Freebit has no public documentation. Partner specifications describe
 * errors as a result code plus an `HTTP-detail` status code such as
 * `400-356`; these codes follow that style but are the mock's own.
 */
export class FreebitError extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
  ) {
    super(message);
  }

  toJSON() {
    return { resultCode: this.statusCode.split("-")[1] ?? this.statusCode, status: { message: this.message, statusCode: this.statusCode } };
  }
}

export const FreebitErrors = {
  badRequest: (detail: string) => new FreebitError("400-101", `Invalid request: ${detail}`),
  authFailed: () => new FreebitError("401-201", "OEM authentication failed"),
  authKeyInvalid: () => new FreebitError("401-202", "authKey is invalid or expired"),
  accountNotFound: () => new FreebitError("404-301", "Account not found"),
  iccidInUse: () => new FreebitError("409-355", "ICCID is already in use"),
  invalidTransition: (from: string, to: string) => new FreebitError("400-356", `State change from ${from} to ${to} is not allowed`),
  stillProcessing: () => new FreebitError("409-357", "A previous request for this account is still being processed"),
  systemError: () => new FreebitError("500-900", "System error"),
  maintenance: () => new FreebitError("503-999", "Service under maintenance"),
} as const;

export const OK = { resultCode: "100", status: { message: "OK", statusCode: "200" } } as const;
