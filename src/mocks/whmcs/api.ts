import { http, HttpResponse, type RequestHandler } from "msw";
import { contextOf, type RequestContext } from "../http/request-context.ts";
import { WhmcsActionError } from "./actions/action.ts";
import { findAction } from "./actions/registry.ts";
import { renderWhmcs, type WhmcsBody } from "./format.ts";
import type { WhmcsState } from "./state.ts";

/** Query and body parameters as PHP's $_REQUEST sees them, multipart included. */
async function readParams(context: RequestContext): Promise<URLSearchParams> {
  const params = context.params();
  if (context.contentType.includes("multipart/form-data")) {
    const multipart = new Request("http://whmcs.invalid/", { method: "POST", headers: { "Content-Type": context.contentType }, body: context.body });
    for (const [key, value] of await multipart.formData()) if (typeof value === "string") params.set(key, value);
  }
  return params;
}

/**
 * `/includes/api.php`: IP allow-list (403 "Invalid IP"), then authentication
 * (identifier/secret, or the legacy username/password), then the action and
 * its permission, as WHMCS checks them. Application errors are HTTP 200 with
 * `"result":"error"`.
 */
export function whmcsApiHandler(state: WhmcsState): RequestHandler {
  return http.all("/includes/api.php", async ({ request }) => {
    const context = contextOf(request);
    let params: URLSearchParams;
    try {
      params = await readParams(context);
    } catch {
      params = context.params();
    }
    const action = params.get("action") ?? "";
    context.action ??= action || undefined;
    const reply = (body: WhmcsBody, status = 200) =>
      renderWhmcs(body, { responsetype: params.get("responsetype"), action, version: state.fixture.version, status });
    const error = (message: string, status = 200) => reply({ result: "error", message }, status);

    const accessKey = state.fixture.accessKey;
    const bypassIp = accessKey !== null && params.get("accesskey") === accessKey;
    if (!bypassIp && !state.ipAllowed(context.remoteAddress)) return error(`Invalid IP ${context.remoteAddress.replace(/^::ffff:/, "")}`, 403);
    const credential = state.credential(params.get("identifier") ?? params.get("username"), params.get("secret") ?? params.get("password"));
    // WHMCS does not document this status; 403, as for a blocked IP, is what its API layer answers since 7.2 as far as we know.
    if (credential === undefined) return error("Authentication Failed", 403);
    const found = findAction(action);
    if (found === undefined) return error("Command Not Found");
    const [name, handler] = found;
    if (!credential.allowedActions.some((allowed) => allowed.toLowerCase() === name.toLowerCase())) {
      return error(`Invalid Permissions: API action "${name.toLowerCase()}" is not allowed`, 403);
    }
    try {
      return reply({ result: "success", ...handler.run({ params, state }) });
    } catch (failure) {
      if (failure instanceof WhmcsActionError) return error(failure.message);
      throw failure;
    }
  });
}

/** The client-area end of CreateSsoToken: a valid token logs in once; anything else lands on the login page. */
export function ssoHandler(state: WhmcsState): RequestHandler {
  return http.get("/oauth/singlesignon.php", ({ request }) => {
    const token = new URL(request.url).searchParams.get("access_token") ?? "";
    const clientId = state.redeemSsoToken(token);
    const location = clientId === undefined ? "/login.php?incorrect=true" : "/clientarea.php";
    return new HttpResponse(null, { status: 302, headers: { Location: location } });
  });
}
