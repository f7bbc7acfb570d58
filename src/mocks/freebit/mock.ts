import { HttpResponse } from "msw";
import { htmlErrorPage } from "../http/error-pages.ts";
import type { SystemMock } from "../http/system-mock.ts";
import { freebitHandler, operationOf } from "./api.ts";
import { FreebitErrors } from "./errors.ts";
import type { FreebitState } from "./state.ts";

export function freebitMock(state: FreebitState): SystemMock {
  return {
    handlers: [freebitHandler(state)],
    describe: (context) => {
      context.action = operationOf(context.path);
    },
    fallback: (status) => htmlErrorPage(status, "nginx"),
    // The API server answers its own 500 and 503 in its error-code style; a gateway answers the rest, as HTML.
    serverError: (status) =>
      status === 500 || status === 503
        ? HttpResponse.json((status === 500 ? FreebitErrors.systemError() : FreebitErrors.maintenance()).toJSON(), { status })
        : htmlErrorPage(status, "nginx"),
  };
}
