import type { HttpResponseResolver, PathParams } from "msw";
import { contextOf, type RequestContext } from "../http/request-context.ts";
import type { Session } from "./auth.ts";
import { RestErrorResponse, RestErrors, restErrorResponse } from "./errors.ts";
import type { SalesforceState } from "./state.ts";

export interface RestCall {
  readonly request: Request;
  readonly params: PathParams;
  readonly session: Session;
  /** "62.0" */
  readonly version: string;
  readonly context: RequestContext;
}

const VERSION = /^v(\d{2,3})\.0$/;

/**
 * The checks every REST call goes through, in Salesforce's order: API version,
 * session, API allowance; then the call, with `Sforce-Limit-Info` on the
 * answer and RestErrorResponse turned into Salesforce's error array.
 */
export function restRoute(state: SalesforceState, call: (rest: RestCall) => Response | Promise<Response>): HttpResponseResolver<PathParams, never> {
  return async ({ request, params }) => {
    const version = VERSION.exec(String(params.version))?.[1];
    if (version === undefined || Number(version) < state.apiVersions.min || Number(version) > state.apiVersions.max) {
      return restErrorResponse(RestErrors.notFound());
    }
    const session = state.auth.session(request.headers.get("authorization"));
    if (session === undefined) return restErrorResponse(RestErrors.invalidSession());
    const limitInfo = () => ({ "Sforce-Limit-Info": state.limits.header() });
    if (!state.limits.consume()) return restErrorResponse(RestErrors.requestLimit(), limitInfo());
    try {
      const response = await call({ request, params, session, version: `${version}.0`, context: contextOf(request) });
      response.headers.set("Sforce-Limit-Info", state.limits.header());
      return response;
    } catch (error) {
      if (error instanceof RestErrorResponse) return restErrorResponse(error, limitInfo());
      throw error;
    }
  };
}

/** Parses a JSON request body as Salesforce does: an object, or JSON_PARSER_ERROR. */
export function jsonBody(context: RequestContext, typeName: string): Record<string, unknown> {
  if (context.contentType !== "" && !context.contentType.includes("json")) {
    throw new RestErrorResponse(415, [{ errorCode: "UNSUPPORTED_MEDIA_TYPE", message: `Content-Type header specified in HTTP request is not supported: ${context.contentType}` }]);
  }
  const text = context.bodyText();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = Number(/position (\d+)/.exec(String((error as Error).message))?.[1] ?? 0);
    const character = text.charAt(position) || " ";
    throw RestErrors.jsonParser(
      `Unexpected character ('${character}' (code ${character.charCodeAt(0)})): expected a valid value (number, String, array, object, 'true', 'false' or 'null') at [line:1, column:${position + 1}]`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw RestErrors.jsonParser(`Cannot deserialize instance of ${typeName} from ${Array.isArray(value) ? "START_ARRAY" : "VALUE_" + typeof value} value or request may be missing a required field at [line:1, column:1]`);
  }
  return value as Record<string, unknown>;
}
