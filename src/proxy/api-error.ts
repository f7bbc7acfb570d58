/** An error the control API answers with: `{"error": message, "status": status}`, as Toxiproxy does. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** `bad request body: <detail>` and the like: a predefined error with a detail appended. */
  with(detail: string): ApiError {
    return new ApiError(`${this.message}: ${detail}`, this.status);
  }

  toJSON() {
    return { error: this.message, status: this.status };
  }
}

/** Toxiproxy's predefined errors (api.go), same messages and statuses. */
export const Errors = {
  badRequestBody: new ApiError("bad request body", 400),
  missingField: new ApiError("missing required field", 400),
  proxyNotFound: new ApiError("proxy not found", 404),
  proxyAlreadyExists: new ApiError("proxy already exists", 409),
  invalidStream: new ApiError("stream was invalid, can be either upstream or downstream", 400),
  invalidToxicType: new ApiError("invalid toxic type", 400),
  toxicAlreadyExists: new ApiError("toxic already exists", 409),
  toxicNotFound: new ApiError("toxic not found", 404),
} as const;
