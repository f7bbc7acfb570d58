import { ApiError } from "../api-error.ts";
import { type ProxyCollection, PopulateError } from "../proxy-collection.ts";
import { toxicJson } from "../toxic-spec.ts";
import type { JsonValue } from "./go-json.ts";
import { type Route, route } from "./router.ts";

export const TOXIPROXY_VERSION = "2.12.0";

export interface Reply {
  status: number;
  /** Serialised as JSON; absent for 204. */
  json?: unknown;
  /** A raw body, used as-is (`/version`). */
  text?: string;
  contentType?: string;
}

/**
 * A route's work. `body()` decodes the request body, throwing the 400 for a
 * bad or oversized one; handlers call it where Toxiproxy decodes, after
 * looking the proxy up, and handlers that take no body never call it.
 */
export type Handler = (collection: ProxyCollection, params: Record<string, string>, body: () => JsonValue) => Promise<Reply> | Reply;

const ok = (json: unknown): Reply => ({ status: 200, json });
const noContent: Reply = { status: 204 };

/** Every route of Toxiproxy 2.12's api.go, same methods and statuses. */
export const routes: Route<Handler>[] = [
  route<Handler>("POST", "/reset", async (collection) => {
    await collection.reset();
    return noContent;
  }),
  route<Handler>("GET", "/proxies", (collection) =>
    ok(Object.fromEntries(collection.list().sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => [p.name, p.toJSON()]))),
  ),
  route<Handler>("POST", "/proxies", async (collection, _params, body) => ({
    status: 201,
    json: (await collection.create(body())).toJSON(),
  })),
  route<Handler>("POST", "/populate", async (collection, _params, body) => {
    // Every failure of /populate, a bad body included, answers in this shape: the error and what was done before it.
    try {
      const proxies = await collection.populate(body());
      return { status: 201, json: { proxies: proxies.map((p) => p.toJSON()) } };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const done = error instanceof PopulateError ? error.proxies : [];
      return { status: error.status, json: { error: error.message, status: error.status, proxies: done.map((p) => p.toJSON()) } };
    }
  }),
  route<Handler>("GET", "/proxies/{proxy}", (collection, { proxy }) => ok(collection.get(proxy!).toJSON())),
  route<Handler>(["POST", "PATCH"], "/proxies/{proxy}", async (collection, { proxy }, body) => {
    collection.get(proxy!);
    return ok((await collection.update(proxy!, body())).toJSON());
  }),
  route<Handler>("DELETE", "/proxies/{proxy}", (collection, { proxy }) => {
    collection.remove(proxy!);
    return noContent;
  }),
  route<Handler>("GET", "/proxies/{proxy}/toxics", (collection, { proxy }) =>
    ok(collection.get(proxy!).toxics.list().map(toxicJson)),
  ),
  route<Handler>("POST", "/proxies/{proxy}/toxics", (collection, { proxy }, body) => {
    const toxics = collection.get(proxy!).toxics;
    return ok(toxicJson(toxics.add(body())));
  }),
  route<Handler>("GET", "/proxies/{proxy}/toxics/{toxic}", (collection, { proxy, toxic }) =>
    ok(toxicJson(collection.get(proxy!).toxics.get(toxic!))),
  ),
  route<Handler>(["POST", "PATCH"], "/proxies/{proxy}/toxics/{toxic}", (collection, { proxy, toxic }, body) => {
    const toxics = collection.get(proxy!).toxics;
    toxics.get(toxic!);
    return ok(toxicJson(toxics.update(toxic!, body())));
  }),
  route<Handler>("DELETE", "/proxies/{proxy}/toxics/{toxic}", (collection, { proxy, toxic }) => {
    collection.get(proxy!).toxics.remove(toxic!);
    return noContent;
  }),
  route<Handler>("GET", "/version", () => ({
    status: 200,
    text: `{"version": "${TOXIPROXY_VERSION}"}\n`,
    contentType: "application/json;charset=utf-8",
  })),
];
