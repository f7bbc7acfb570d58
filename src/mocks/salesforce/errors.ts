import { json } from "../http/json.ts";

/** Salesforce REST answers errors as an array of `{message, errorCode, fields?}`. */
export interface RestError {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

export class RestErrorResponse extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly RestError[],
  ) {
    super(errors.map((error) => `${error.errorCode}: ${error.message}`).join("; "));
  }
}

export const restError = (status: number, errorCode: string, message: string, fields?: readonly string[]) =>
  new RestErrorResponse(status, [{ message, errorCode, ...(fields !== undefined && { fields }) }]);

export const RestErrors = {
  invalidSession: () => restError(401, "INVALID_SESSION_ID", "Session expired or invalid"),
  requestLimit: () => restError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
  notFound: () => restError(404, "NOT_FOUND", "The requested resource does not exist"),
  badId: (id: string) => restError(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${id}`),
  jsonParser: (detail: string) => restError(400, "JSON_PARSER_ERROR", detail),
  invalidField: (field: string, type: string) => restError(400, "INVALID_FIELD", `No such column '${field}' on sobject of type ${type}`),
  requiredMissing: (fields: readonly string[]) =>
    restError(400, "REQUIRED_FIELD_MISSING", `Required fields are missing: [${fields.join(", ")}]`, fields),
  methodNotAllowed: (method: string) => restError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,HEAD,DELETE`),
  unsupportedMediaType: () => restError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type header specified in HTTP request is not supported: "),
  unknown: () =>
    restError(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1618476381-74212 (-1250434560)"),
  unavailable: () => restError(503, "SERVER_UNAVAILABLE", "Server is temporarily unavailable. Please try again later."),
} as const;

export function restErrorResponse(error: RestErrorResponse, headers?: Record<string, string>): Response {
  return json(error.errors, { status: error.status, ...(headers !== undefined && { headers }) });
}

/** OAuth endpoints answer `{error, error_description}` instead. */
export function oauthError(error: string, description: string, status = 400): Response {
  return json({ error, error_description: description }, { status });
}
