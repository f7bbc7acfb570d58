import { http } from "msw";
import { HTTP_ERROR_STATUSES } from "../../http/system-mock.ts";
import { contextOf } from "../../http/request-context.ts";
import { SYSTEMS } from "../../system.ts";
import { defineFault } from "../fault.ts";
import { matches, matchParams } from "../match.ts";
import { param } from "../params.ts";

/** The system answers 429 / 5xx with the body it (or the gateway in front of it) really sends. */
export const httpError = defineFault({
  description: "answer matching calls with an HTTP error status and the system's real error body",
  systems: SYSTEMS,
  params: { status: param.oneOf(HTTP_ERROR_STATUSES, 503), retryAfterSeconds: param.integer(0, 0, 86_400), ...matchParams },
  inject: (target, { status, retryAfterSeconds, ...match }) => {
    target.override(
      http.all("*", ({ request }) => {
        const context = contextOf(request);
        if (!matches(context, match)) return undefined;
        target.mark(context);
        const response = target.world.runtimes[target.system].mock.serverError(status, context);
        if (retryAfterSeconds > 0) response.headers.set("Retry-After", String(retryAfterSeconds));
        return response;
      }),
    );
  },
});
