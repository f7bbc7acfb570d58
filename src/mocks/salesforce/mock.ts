import { htmlErrorPage } from "../http/error-pages.ts";
import type { RequestContext } from "../http/request-context.ts";
import type { HttpErrorStatus, SystemMock } from "../http/system-mock.ts";
import { cometdHandler } from "./cometd/handler.ts";
import { RestErrors, restErrorResponse } from "./errors.ts";
import { oauthHandlers } from "./oauth.ts";
import { restHandlers } from "./rest.ts";
import type { SalesforceState } from "./state.ts";

const SOBJECT_PATH = /^\/services\/data\/[^/]+\/sobjects\/([^/]+)/;

/** Names a Salesforce call: the SObject, "query", "token", "userinfo", or the Bayeux channels of a CometD batch. */
function describe(context: RequestContext): void {
  const { path } = context;
  if (path.startsWith("/cometd/")) {
    try {
      const batch: unknown = JSON.parse(context.bodyText());
      const channels = (Array.isArray(batch) ? batch : [batch]).map((message) => (message as { channel?: unknown } | null)?.channel);
      context.action = channels.filter((channel): channel is string => typeof channel === "string").join(",");
    } catch {
      context.action = undefined;
    }
    return;
  }
  context.action =
    SOBJECT_PATH.exec(path)?.[1] ??
    (/^\/services\/data\/[^/]+\/query\/?$/.test(path) ? "query" : path.startsWith("/services/oauth2/") ? path.slice("/services/oauth2/".length) : undefined);
}

export function salesforceMock(state: SalesforceState): SystemMock {
  return {
    // MSW tries handlers in order and parses each one's path until one answers: the busiest routes go first.
    handlers: [...restHandlers(state), cometdHandler(state), ...oauthHandlers(state)],
    describe,
    fallback: (status) => (status === 404 ? restErrorResponse(RestErrors.notFound()) : status === 500 ? restErrorResponse(RestErrors.unknown()) : htmlErrorPage(status)),
    serverError: (status: HttpErrorStatus, context) => {
      // REST answers 500 and 503 itself, as error arrays; everything else comes from the edge in front of it, as HTML.
      const rest = context.path.startsWith("/services/data/");
      if (rest && status === 500) return restErrorResponse(RestErrors.unknown());
      if (rest && status === 503) return restErrorResponse(RestErrors.unavailable());
      return htmlErrorPage(status, "nginx");
    },
  };
}
