import { http, HttpResponse, type RequestHandler } from "msw";
import { contextOf } from "../../http/request-context.ts";
import type { SalesforceState } from "../state.ts";
import type { BayeuxMessage } from "./messages.ts";

const MAX_BATCH = 100;

function cookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** `POST /cometd/<version>`: Bayeux batches in, replies (and events) out, with the session cookie. */
export function cometdHandler(state: SalesforceState): RequestHandler {
  return http.post("/cometd/:version", async ({ request, params }) => {
    const version = /^(\d{2,3})\.0$/.exec(String(params.version))?.[1];
    if (version === undefined || Number(version) < 37 || Number(version) > state.apiVersions.max) {
      return new HttpResponse("Not Found", { status: 404, headers: { "Content-Type": "text/plain" } });
    }
    const context = contextOf(request);
    let parsed: unknown;
    try {
      parsed = JSON.parse(context.bodyText());
    } catch {
      return new HttpResponse("Bad Request", { status: 400, headers: { "Content-Type": "text/plain" } });
    }
    const batch = Array.isArray(parsed) ? parsed : [parsed];
    if (batch.length === 0 || batch.length > MAX_BATCH) return new HttpResponse("Bad Request", { status: 400, headers: { "Content-Type": "text/plain" } });
    const messages = batch.map((message): BayeuxMessage => (message !== null && typeof message === "object" && !Array.isArray(message) ? (message as BayeuxMessage) : {}));
    const { replies, browserId } = await state.bayeux.process({
      messages,
      authenticated: state.auth.session(request.headers.get("authorization")) !== undefined,
      browserId: cookie(request.headers.get("cookie"), "BAYEUX_BROWSER"),
      signal: context.signal,
    });
    const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8" };
    if (browserId !== undefined) headers["Set-Cookie"] = `BAYEUX_BROWSER=${browserId}; Path=/; HttpOnly`;
    // A plain Response: MSW's HttpResponse would also copy Set-Cookie into its process-wide cookie store.
    return new Response(JSON.stringify(replies), { status: 200, headers });
  });
}
