import type net from "node:net";
import { type ICreateToxicBody, type Proxy, type Toxiproxy, ToxiproxyError } from "toxiproxy-node-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StartedProxyServer } from "../src/proxy/index.ts";
import { type ApiResponse, apiRequest, expectApiError } from "./support/control-api.ts";
import { collectUntilClose, connect, portOf, roundTrip, startEchoServer, startTcpServer, startTestProxyServer, type TestServer } from "./support/tcp.ts";

/**
 * The control API as its only client sees it: every call of
 * toxiproxy-node-client 4.1.0 against firedrill's server over real TCP, with
 * the traffic each call should start, change or stop; then every documented
 * error, status and exact body, with raw requests (the client only says
 * "Request failed with status code N").
 */

let echo: TestServer;
/** A second upstream that tags what it returns, to tell the upstreams apart. */
let tagging: TestServer;
let server: StartedProxyServer;
let client: Toxiproxy;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  echo = await startEchoServer();
  tagging = await startTcpServer((socket) => socket.on("data", (data: Buffer) => socket.write(`B:${data}`)));
});
afterAll(async () => {
  await echo.close();
  await tagging.close();
});
beforeEach(async () => {
  ({ server, client } = await startTestProxyServer());
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server.close();
});

/** Every reply of the server carries a request id, errors included. */
const seenRequestIds = new Set<string>();
async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const response = await apiRequest(server.apiUrl, method, path, { body, headers });
  const id = response.headers["x-toxiproxy-request-id"];
  expect(id, `${method} ${path}: X-Toxiproxy-Request-Id`).toMatch(/^\w{16,}$/);
  expect(seenRequestIds.has(id as string), "request ids are unique").toBe(false);
  seenRequestIds.add(id as string);
  return response;
}
const json = (response: ApiResponse) => JSON.parse(response.body) as unknown;

async function open(port: number): Promise<net.Socket> {
  const socket = await connect(port);
  sockets.push(socket);
  return socket;
}

/** One echo exchange through `port`; returns what came back and how long it took. */
async function through(port: number, message = "ping"): Promise<{ text: string; ms: number }> {
  const socket = await open(port);
  const { data, ms } = await roundTrip(socket, message);
  socket.destroy();
  return { text: data.toString(), ms };
}

async function expectRefused(port: number): Promise<void> {
  await expect(connect(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
}

async function expectClientError(promise: Promise<unknown>, status: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToxiproxyError);
  expect((error as Error).message).toBe(`Request failed with status code ${status}`);
}

const LOOPBACK = /^127\.0\.0\.1:(\d+)$/;
const proxyBody = (name: string, upstream = echo.address, listen = "127.0.0.1:0") => ({ name, listen, upstream });
/**
 * The client types every field of a toxic as required (and knows no `noop`);
 * Toxiproxy defaults the missing ones, which is what is tested here.
 */
const toxicBody = <T>(body: Partial<Omit<ICreateToxicBody<T>, "type">> & { type?: string }) => body as ICreateToxicBody<T>;

describe("toxiproxy-node-client against firedrill's proxy server", () => {
  it("getVersion returns Toxiproxy 2.12.0's exact /version text", async () => {
    expect(await client.getVersion()).toBe('{"version": "2.12.0"}\n');
    const raw = await call("GET", "/version");
    expect(raw.headers["content-type"]).toBe("application/json;charset=utf-8");
  });

  it("createProxy binds at once, reports the bound address and carries traffic", async () => {
    const proxy = await client.createProxy(proxyBody("redis", echo.address, "localhost:0"));
    expect(proxy).toMatchObject({ name: "redis", upstream: echo.address, enabled: true });
    expect(proxy.listen).toMatch(LOOPBACK);
    expect(portOf(proxy.listen)).toBeGreaterThan(0);
    expect(await through(portOf(proxy.listen), "hello")).toMatchObject({ text: "hello" });

    const raw = await call("GET", "/proxies/redis");
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toBe("application/json");
    expect(json(raw)).toEqual({ name: "redis", listen: proxy.listen, upstream: echo.address, enabled: true, toxics: [] });
  });

  it("createProxy answers 201 with the proxy; enabled:false creates it without binding", async () => {
    const created = await call("POST", "/proxies", JSON.stringify({ ...proxyBody("pg"), enabled: false }));
    expect(created.status).toBe(201);
    expect(json(created)).toEqual({ name: "pg", listen: "127.0.0.1:0", upstream: echo.address, enabled: false, toxics: [] });
    // Enabling it binds the address it was given.
    const proxy = await (await client.get("pg")).update({ enabled: true, listen: "127.0.0.1:0", upstream: echo.address });
    expect(proxy.enabled).toBe(true);
    expect(await through(portOf(proxy.listen))).toMatchObject({ text: "ping" });
  });

  it("get and getAll return Proxy objects keyed by name; GET /proxies is an object keyed by name", async () => {
    const b = await client.createProxy(proxyBody("b"));
    const a = await client.createProxy(proxyBody("a"));
    expect((await client.get("b")).toJson()).toEqual(b.toJson());
    const all = await client.getAll();
    expect(Object.keys(all).sort()).toEqual(["a", "b"]);
    expect(all.a!.toJson()).toEqual(a.toJson());
    expect(all.b!.listen).toBe(b.listen);

    const raw = await call("GET", "/proxies");
    expect(raw.status).toBe(200);
    expect(json(raw)).toEqual({
      a: { name: "a", listen: a.listen, upstream: echo.address, enabled: true, toxics: [] },
      b: { name: "b", listen: b.listen, upstream: echo.address, enabled: true, toxics: [] },
    });
    expect(json(await call("GET", "/proxies/a/toxics"))).toEqual([]);
  });

  it("proxy.update disables (closing open connections and the port) and re-enables on the same port", async () => {
    const proxy = await client.createProxy(proxyBody("redis"));
    const port = portOf(proxy.listen);
    const held = await open(port);
    await roundTrip(held, "before");
    const closed = collectUntilClose(held);

    const disabled = await proxy.update({ ...proxy.toJson(), enabled: false });
    expect(disabled.toJson()).toEqual({ ...proxy.toJson(), enabled: false });
    await closed;
    await expectRefused(port);

    const enabled = await disabled.update({ ...disabled.toJson(), enabled: true });
    expect(enabled.toJson()).toEqual(proxy.toJson());
    expect(await through(port, "after")).toMatchObject({ text: "after" });
  });

  it("proxy.update with a new listen address rebinds there and drops the old port and its connections", async () => {
    const proxy = await client.createProxy(proxyBody("redis"));
    const oldPort = portOf(proxy.listen);
    const held = await open(oldPort);
    await roundTrip(held, "x");
    const closed = collectUntilClose(held);

    const moved = await proxy.update({ ...proxy.toJson(), listen: "127.0.0.1:0" });
    expect(moved.listen).toMatch(LOOPBACK);
    expect(moved.listen).not.toBe(proxy.listen);
    expect(moved.enabled).toBe(true);
    await closed;
    await expectRefused(oldPort);
    expect(await through(portOf(moved.listen))).toMatchObject({ text: "ping" });
  });

  it("proxy.update with a new upstream sends new connections there, on the same port", async () => {
    const proxy = await client.createProxy(proxyBody("redis"));
    expect(await through(portOf(proxy.listen))).toMatchObject({ text: "ping" });
    const held = await open(portOf(proxy.listen));
    await roundTrip(held, "x"); // established (upstream dialled) before the update
    const closed = collectUntilClose(held);

    const updated = await proxy.update({ ...proxy.toJson(), upstream: tagging.address });
    expect(updated.toJson()).toEqual({ ...proxy.toJson(), upstream: tagging.address });
    await closed; // re-addressing stops the proxy: its connections go
    const socket = await open(portOf(updated.listen));
    expect((await roundTrip(socket, "ping", "B:ping".length)).data.toString()).toBe("B:ping");
  });

  it("PATCH updates like POST and merges: fields not given keep their values", async () => {
    const proxy = await client.createProxy(proxyBody("redis"));
    const patched = await call("PATCH", "/proxies/redis", '{"enabled": false}');
    expect(patched.status).toBe(200);
    expect(json(patched)).toEqual({ name: "redis", listen: proxy.listen, upstream: echo.address, enabled: false, toxics: [] });
    // The name in the body is ignored: a proxy cannot be renamed.
    const renamed = await call("POST", "/proxies/redis", '{"name": "other", "enabled": true}');
    expect(json(renamed)).toMatchObject({ name: "redis", enabled: true });
    expect(Object.keys(await client.getAll())).toEqual(["redis"]);
  });

  it("proxy.remove answers 204, closes the open connections and frees the port", async () => {
    const proxy = await client.createProxy(proxyBody("redis"));
    const port = portOf(proxy.listen);
    const held = await open(port);
    await roundTrip(held, "x");
    const closed = collectUntilClose(held);

    await proxy.remove();
    await closed;
    await expectRefused(port);
    await expectClientError(client.get("redis"), 404);
    await client.createProxy(proxyBody("pg"));
    const raw = await call("DELETE", "/proxies/pg");
    expect({ status: raw.status, body: raw.body }).toEqual({ status: 204, body: "" });
  });

  describe("toxics", () => {
    let proxy: Proxy;
    beforeEach(async () => {
      proxy = await client.createProxy(proxyBody("redis"));
    });

    it("addToxic defaults stream to downstream, toxicity to 1, the name to <type>_<stream>, and fills every attribute", async () => {
      const toxic = await proxy.addToxic(toxicBody({ type: "latency", attributes: { latency: 150 } }));
      expect(toxic.toJson()).toEqual({ name: "latency_downstream", type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 150, jitter: 0 } });
      // POST …/toxics answers 200 (not 201) with the same toxic.
      const raw = await call("POST", "/proxies/redis/toxics", '{"type": "slicer", "attributes": {"average_size": 64}}');
      expect(raw.status).toBe(200);
      expect(json(raw)).toEqual({
        name: "slicer_downstream",
        type: "slicer",
        stream: "downstream",
        toxicity: 1,
        attributes: { average_size: 64, size_variation: 0, delay: 0 },
      });
      expect((await through(portOf(proxy.listen))).ms).toBeGreaterThanOrEqual(140);
    });

    it("every toxic type lists all of its attributes, zero when not given; noop is a type, down is not", async () => {
      const expected: Record<string, Record<string, number>> = {
        noop: {},
        latency: { latency: 0, jitter: 0 },
        bandwidth: { rate: 0 },
        slow_close: { delay: 0 },
        timeout: { timeout: 0 },
        reset_peer: { timeout: 0 },
        slicer: { average_size: 0, size_variation: 0, delay: 0 },
        limit_data: { bytes: 0 },
      };
      for (const [type, attributes] of Object.entries(expected)) {
        const toxic = await proxy.addToxic(toxicBody({ type, stream: "upstream" }));
        expect(toxic.toJson()).toEqual({ name: `${type}_upstream`, type, stream: "upstream", toxicity: 1, attributes });
      }
      await expectClientError(proxy.addToxic(toxicBody({ type: "down" })), 400);
      expect((await proxy.getToxic("limit_data_upstream")).attributes).toEqual({ bytes: 0 });
    });

    it("stream is read case-insensitively, kept as written, and decides the direction the toxic acts on", async () => {
      await proxy.addToxic(toxicBody({ name: "down", type: "noop" }));
      const toxic = await proxy.addToxic(toxicBody({ type: "latency", stream: "UpStream" as "upstream", attributes: { latency: 150 } }));
      expect(toxic.toJson()).toMatchObject({ name: "latency_UpStream", stream: "UpStream" });
      // Listed with the upstream toxics, ahead of the downstream one added before it.
      expect((json(await call("GET", "/proxies/redis/toxics")) as { name: string }[]).map((t) => t.name)).toEqual(["latency_UpStream", "down"]);
      const { text, ms } = await through(portOf(proxy.listen));
      expect(text).toBe("ping");
      expect(ms).toBeGreaterThanOrEqual(140);
    });

    it("toxics are listed upstream first, then downstream, each in the order added", async () => {
      for (const [name, stream] of [
        ["d1", "downstream"],
        ["u1", "upstream"],
        ["d2", "downstream"],
        ["u2", "upstream"],
      ] as const) {
        await proxy.addToxic(toxicBody({ name, stream, type: "noop" }));
      }
      const names = (list: unknown) => (list as { name: string }[]).map((toxic) => toxic.name);
      expect(names(json(await call("GET", "/proxies/redis/toxics")))).toEqual(["u1", "u2", "d1", "d2"]);
      expect(names((json(await call("GET", "/proxies/redis")) as { toxics: unknown }).toxics)).toEqual(["u1", "u2", "d1", "d2"]);
    });

    it("getToxic, toxic.update (attributes merged, toxicity set, the rest ignored) and toxic.remove apply to open connections", async () => {
      const socket = await open(portOf(proxy.listen));
      const added = await proxy.addToxic(toxicBody({ name: "slow", type: "latency", attributes: { latency: 150, jitter: 0 } }));
      expect((await proxy.getToxic("slow")).toJson()).toEqual(added.toJson());
      expect((await roundTrip(socket, "a")).ms).toBeGreaterThanOrEqual(140);

      const updated = await added.update(toxicBody({ attributes: { jitter: 10 } as { latency: number; jitter: number }, toxicity: 0.3 }));
      expect(updated.toJson()).toEqual({ name: "slow", type: "latency", stream: "downstream", toxicity: 0.3, attributes: { latency: 150, jitter: 10 } });
      // Only attributes and toxicity are read: name, type and stream in the body change nothing.
      const raw = await call("PATCH", "/proxies/redis/toxics/slow", '{"name": "x", "type": "timeout", "stream": "upstream", "toxicity": 1, "attributes": {"latency": 0}}');
      expect(json(raw)).toEqual({ name: "slow", type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 0, jitter: 10 } });
      expect((await roundTrip(socket, "b")).ms).toBeLessThan(100);

      await updated.update(toxicBody({ attributes: { latency: 150, jitter: 0 } }));
      expect((await roundTrip(socket, "c")).ms).toBeGreaterThanOrEqual(140);
      await updated.remove();
      await expectClientError(proxy.getToxic("slow"), 404);
      expect((await roundTrip(socket, "d")).ms).toBeLessThan(100);
      const deleted = await call("DELETE", "/proxies/redis/toxics/nope");
      expectApiError(deleted, 404, "toxic not found");
    });

    it("toxicity 0 leaves traffic untouched; toxicity is a float32 shown as written", async () => {
      const toxic = await proxy.addToxic(toxicBody({ type: "latency", toxicity: 0, attributes: { latency: 300 } }));
      expect(toxic.toxicity).toBe(0);
      expect((await through(portOf(proxy.listen))).ms).toBeLessThan(150);
      expect((await toxic.update(toxicBody({ toxicity: 0.1 }))).toxicity).toBe(0.1);
      const raw = await call("POST", "/proxies/redis/toxics/latency_downstream", '{"toxicity": 0.30000001}');
      expect(raw.body).toContain('"toxicity":0.3,');
    });
  });

  describe("populate", () => {
    it("creates every proxy, returns them keyed by name, and each carries traffic", async () => {
      const proxies = await client.populate([proxyBody("redis"), proxyBody("pg", tagging.address)]);
      expect(Object.keys(proxies).sort()).toEqual(["pg", "redis"]);
      expect(proxies.redis!.listen).toMatch(LOOPBACK);
      expect(await through(portOf(proxies.redis!.listen))).toMatchObject({ text: "ping" });
      const socket = await open(portOf(proxies.pg!.listen));
      expect((await roundTrip(socket, "ping", 6)).data.toString()).toBe("B:ping");

      const raw = await call("POST", "/populate", JSON.stringify([{ ...proxyBody("off"), enabled: false }]));
      expect(raw.status).toBe(201);
      expect(json(raw)).toEqual({ proxies: [{ name: "off", listen: "127.0.0.1:0", upstream: echo.address, enabled: false, toxics: [] }] });
      expect(json(await call("POST", "/populate", "[]"))).toEqual({ proxies: [] });
      expect(Object.keys(await client.getAll()).sort()).toEqual(["off", "pg", "redis"]);
    });

    it("keeps a proxy given with the same name, listen and upstream (toxics, port, connections); replaces one that differs, without toxics; keeps the proxies not named", async () => {
      const { same, moved, other } = await client.populate([proxyBody("same"), proxyBody("moved"), proxyBody("other")]);
      await same!.addToxic(toxicBody({ name: "t", type: "noop" }));
      await moved!.addToxic(toxicBody({ name: "t", type: "noop" }));
      const held = await open(portOf(same!.listen));
      await roundTrip(held, "x");

      const again = await call("POST", "/populate", JSON.stringify([proxyBody("same", echo.address, same!.listen), proxyBody("moved", tagging.address, moved!.listen)]));
      expect(again.status).toBe(201);
      const [kept, replaced] = (json(again) as { proxies: { name: string; listen: string; toxics: unknown[] }[] }).proxies;
      expect(kept).toMatchObject({ name: "same", listen: same!.listen, toxics: [{ name: "t" }] });
      expect(replaced).toMatchObject({ name: "moved", upstream: tagging.address, toxics: [] });
      expect((await roundTrip(held, "still open")).data.toString()).toBe("still open");
      expect((await client.get("other")).toJson()).toEqual(other!.toJson());

      // `localhost:0` is never the bound address, so populating it again replaces the proxy.
      const rebound = await client.populate([proxyBody("same")]);
      expect(rebound.same!.listen).not.toBe(same!.listen);
      expect(json(await call("GET", "/proxies/same/toxics"))).toEqual([]);
    });

    it("validates every entry before applying any", async () => {
      const response = await call("POST", "/populate", JSON.stringify([proxyBody("first"), { upstream: echo.address }]));
      expect(response.status).toBe(400);
      expect(response.headers["content-type"]).toBe("application/json");
      expect(response.body).toBe('{"error":"missing required field: name at proxy 2","status":400,"proxies":[]}');
      const upstream = await call("POST", "/populate", JSON.stringify([proxyBody("first"), { name: "x" }]));
      expect(json(upstream)).toEqual({ error: "missing required field: upstream at proxy 2", status: 400, proxies: [] });
      const typed = await call("POST", "/populate", '[{"name": "first", "upstream": "127.0.0.1:1", "listen": "127.0.0.1:0"}, {"enabled": "yes"}]');
      expect(json(typed)).toEqual({ error: "bad request body: json: cannot unmarshal string into Go struct field .enabled of type bool", status: 400, proxies: [] });
      const empty = await call("POST", "/populate", "");
      expect(empty.body).toBe('{"error":"bad request body: EOF","status":400,"proxies":[]}');
      expect(Object.keys(await client.getAll())).toEqual([]);
      await expectClientError(client.populate([proxyBody("first"), { upstream: "x" } as ReturnType<typeof proxyBody>]), 400);
    });

    it("stops at the first bind error and reports the proxies done before it", async () => {
      const response = await call(
        "POST",
        "/populate",
        JSON.stringify([proxyBody("first"), proxyBody("clash", echo.address, `localhost:${echo.port}`), proxyBody("never")]),
      );
      expect(response.status).toBe(500);
      const body = json(response) as { proxies: { listen: string }[] };
      const first = body.proxies[0]!;
      expect(response.body).toBe(
        JSON.stringify({
          error: `listen tcp 127.0.0.1:${echo.port}: bind: address already in use`,
          status: 500,
          proxies: [{ name: "first", listen: first.listen, upstream: echo.address, enabled: true, toxics: [] }],
        }),
      );
      expect(Object.keys(await client.getAll())).toEqual(["first"]);
      expect(await through(portOf(first.listen))).toMatchObject({ text: "ping" });
      await expectClientError(client.populate([proxyBody("clash", echo.address, echo.address)]), 500);
    });
  });

  it("reset re-enables every proxy and removes every toxic, keeping the proxies (204)", async () => {
    const slow = await client.createProxy(proxyBody("slow"));
    await slow.addToxic(toxicBody({ type: "latency", attributes: { latency: 300 } }));
    await slow.addToxic(toxicBody({ type: "noop", stream: "upstream" }));
    const held = await open(portOf(slow.listen));
    const created = await client.createProxy(proxyBody("off"));
    const off = await created.update({ ...created.toJson(), enabled: false });
    expect(off.enabled).toBe(false);

    await client.reset();
    const all = await client.getAll();
    expect(Object.values(all).map((p) => [p.name, p.enabled])).toEqual([
      ["off", true],
      ["slow", true],
    ]);
    expect(json(await call("GET", "/proxies/slow/toxics"))).toEqual([]);
    // The toxic left the open connection too.
    expect((await roundTrip(held, "x")).ms).toBeLessThan(150);
    expect(all.off!.listen).toBe(created.listen);
    expect(await through(portOf(all.off!.listen))).toMatchObject({ text: "ping" });
    const raw = await call("POST", "/reset");
    expect({ status: raw.status, body: raw.body }).toEqual({ status: 204, body: "" });
  });
});

describe("errors: status and exact body", () => {
  beforeEach(async () => {
    const proxy = await client.createProxy(proxyBody("redis"));
    await proxy.addToxic(toxicBody({ name: "lat", type: "latency", attributes: { latency: 1 } }));
  });

  const create = (body: unknown) => call("POST", "/proxies", typeof body === "string" ? body : JSON.stringify(body));
  const addToxic = (body: unknown) => call("POST", "/proxies/redis/toxics", typeof body === "string" ? body : JSON.stringify(body));

  it("duplicate proxy: 409 (the client throws), and the existing proxy is untouched", async () => {
    const before = json(await call("GET", "/proxies/redis"));
    expectApiError(await create(proxyBody("redis")), 409, "proxy already exists");
    await expectClientError(client.createProxy(proxyBody("redis")), 409);
    expect(json(await call("GET", "/proxies/redis"))).toEqual(before);
  });

  it("missing name or upstream: 400", async () => {
    expectApiError(await create({ listen: "127.0.0.1:0", upstream: echo.address }), 400, "missing required field: name");
    expectApiError(await create({ name: "", listen: "127.0.0.1:0", upstream: echo.address }), 400, "missing required field: name");
    expectApiError(await create({ name: "pg", listen: "127.0.0.1:0" }), 400, "missing required field: upstream");
    expectApiError(await create({ name: "pg", upstream: null, listen: "127.0.0.1:0" }), 400, "missing required field: upstream");
  });

  it("toxic type: unknown is 400, down is not a toxic, noop is", async () => {
    expectApiError(await addToxic({ type: "bogus" }), 400, "invalid toxic type");
    expectApiError(await addToxic({ type: "down" }), 400, "invalid toxic type");
    expectApiError(await addToxic({}), 400, "invalid toxic type");
    expectApiError(await addToxic({ type: "Latency" }), 400, "invalid toxic type");
    expect((await addToxic({ type: "noop" })).status).toBe(200);
  });

  it("stream: anything but upstream/downstream (any case) is 400, checked before the type", async () => {
    const message = "stream was invalid, can be either upstream or downstream";
    expectApiError(await addToxic({ type: "latency", stream: "sideways" }), 400, message);
    expectApiError(await addToxic({ type: "latency", stream: "" }), 400, message);
    expectApiError(await addToxic({ type: "bogus", stream: "both" }), 400, message);
    expect(json(await addToxic({ type: "latency", stream: "DOWNSTREAM" }))).toMatchObject({ name: "latency_DOWNSTREAM", stream: "DOWNSTREAM" });
  });

  it("toxic name already used, in either stream: 409", async () => {
    expectApiError(await addToxic({ name: "lat", type: "latency" }), 409, "toxic already exists");
    expectApiError(await addToxic({ name: "lat", type: "noop", stream: "upstream" }), 409, "toxic already exists");
    expect((await addToxic({ type: "latency" })).status).toBe(200);
    expectApiError(await addToxic({ type: "latency" }), 409, "toxic already exists");
  });

  it("toxic not found: 404 on every toxic route", async () => {
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      expectApiError(await call(method, "/proxies/redis/toxics/nope", "{}"), 404, "toxic not found");
    }
  });

  it("missing proxy: 404 `proxy not found` on every sub-route, before the body is read", async () => {
    const routes: [string, string][] = [
      ["GET", "/proxies/nope"],
      ["POST", "/proxies/nope"],
      ["PATCH", "/proxies/nope"],
      ["DELETE", "/proxies/nope"],
      ["GET", "/proxies/nope/toxics"],
      ["POST", "/proxies/nope/toxics"],
      ["GET", "/proxies/nope/toxics/lat"],
      ["POST", "/proxies/nope/toxics/lat"],
      ["PATCH", "/proxies/nope/toxics/lat"],
      ["DELETE", "/proxies/nope/toxics/lat"],
    ];
    for (const [method, path] of routes) {
      expectApiError(await call(method, path, "not json"), 404, "proxy not found");
    }
  });

  it("bad JSON: 400 `bad request body: …` worded as Go's decoder words it, on every route that reads a body", async () => {
    const cases: [string, string][] = [
      ["", "EOF"],
      ["  \n", "EOF"],
      ['{"name":', "unexpected EOF"],
      ['{"name": "a",}', "invalid character '}' looking for beginning of object key string"],
      ["{name: 1}", "invalid character 'n' looking for beginning of object key string"],
      ["nope", "invalid character 'o' in literal null (expecting 'u')"],
      ["<xml/>", "invalid character '<' looking for beginning of value"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ["\u001f", "invalid character '\\x1f' looking for beginning of value"],
    ];
    for (const [path, method] of [
      ["/proxies", "POST"],
      ["/proxies/redis", "POST"],
      ["/proxies/redis", "PATCH"],
      ["/proxies/redis/toxics", "POST"],
      ["/proxies/redis/toxics/lat", "PATCH"],
    ] as const) {
      for (const [body, detail] of cases) {
        // Go's json.Marshal escapes the `<` of `'<'` as \u003c; expectApiError expects that too.
        expectApiError(await call(method, path, body), 400, `bad request body: ${detail}`);
      }
    }
    expect(json(await call("GET", "/proxies/redis"))).toMatchObject({ enabled: true, toxics: [{ name: "lat", attributes: { latency: 1 } }] });
  });

  it("wrong types: 400 naming the Go field and type", async () => {
    const unmarshal = (detail: string) => `bad request body: json: cannot unmarshal ${detail}`;
    expectApiError(await call("POST", "/proxies/redis", '{"enabled": "yes"}'), 400, unmarshal("string into Go struct field Proxy.enabled of type bool"));
    expectApiError(await create({ name: 5, upstream: "x:1" }), 400, unmarshal("number into Go struct field Proxy.name of type string"));
    expectApiError(await create({ name: "a", listen: ["127.0.0.1:0"], upstream: "x:1" }), 400, unmarshal("array into Go struct field Proxy.listen of type string"));
    expectApiError(await create([]), 400, unmarshal("array into Go value of type toxiproxy.Proxy"));
    expectApiError(await create("7"), 400, unmarshal("number into Go value of type toxiproxy.Proxy"));
    expectApiError(await addToxic({ type: "latency", name: "l2", attributes: { latency: 1.5 } }), 400, unmarshal("number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64"));
    expectApiError(await addToxic('{"type": "slicer", "attributes": {"delay": 1.0}}'), 400, unmarshal("number 1.0 into Go struct field SlicerToxic.attributes.delay of type int"));
    expectApiError(await addToxic({ type: "latency", attributes: { latency: 2 ** 64 } }), 400, unmarshal("number 18446744073709552000 into Go struct field LatencyToxic.attributes.latency of type int64"));
    expectApiError(await addToxic({ type: "latency", toxicity: "high" }), 400, unmarshal("string into Go struct field ToxicWrapper.toxicity of type float32"));
    expectApiError(await addToxic('{"type": "latency", "toxicity": 1e39}'), 400, unmarshal("number 1e39 into Go struct field ToxicWrapper.toxicity of type float32"));
    expectApiError(await addToxic({ type: "latency", attributes: "fast" }), 400, unmarshal("string into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic"));
    expectApiError(await call("POST", "/proxies/redis/toxics/lat", '{"attributes": {"latency": 1.5}}'), 400, unmarshal("number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64"));
    expectApiError(await call("POST", "/proxies/redis/toxics/lat", '{"toxicity": true}'), 400, unmarshal("bool into Go struct field .toxicity of type float32"));
    // Nothing was changed by any of them.
    expect(json(await call("GET", "/proxies"))).toMatchObject({ redis: { enabled: true, toxics: [{ name: "lat", toxicity: 1, attributes: { latency: 1, jitter: 0 } }] } });
  });

  it("bind failure: 500 `listen tcp …: bind: address already in use`, no proxy created", async () => {
    expectApiError(await create(proxyBody("clash", echo.address, echo.address)), 500, `listen tcp ${echo.address}: bind: address already in use`);
    expectApiError(await create(proxyBody("clash", echo.address, `localhost:${echo.port}`)), 500, `listen tcp 127.0.0.1:${echo.port}: bind: address already in use`);
    expectApiError(await create(proxyBody("clash", echo.address, "127.0.0.1")), 500, "listen tcp: address 127.0.0.1: missing port in address");
    expectApiError(await call("GET", "/proxies/clash"), 404, "proxy not found");
    await expectClientError(client.createProxy(proxyBody("clash", echo.address, echo.address)), 500);
    // Moving a proxy onto a taken port stops it, keeps the new address, and reports the failure (as Toxiproxy does).
    expectApiError(await call("POST", "/proxies/redis", JSON.stringify({ listen: echo.address })), 500, `listen tcp ${echo.address}: bind: address already in use`);
    expect(json(await call("GET", "/proxies/redis"))).toMatchObject({ listen: echo.address, enabled: false });
  });

  it("unknown route: 404 `404 page not found`; known route, wrong method: 405", async () => {
    for (const path of ["/nope", "/proxies/", "/proxies/redis/toxics/lat/extra", "/proxies/redis/", "/Proxies", "/version/"]) {
      const response = await call("GET", path);
      expect({ path, status: response.status, body: response.body }).toEqual({ path, status: 404, body: "404 page not found\n" });
      expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    }
    for (const [method, path] of [
      ["DELETE", "/proxies"],
      ["PUT", "/proxies/redis"],
      ["GET", "/reset"],
      ["GET", "/populate"],
      ["POST", "/version"],
      ["PUT", "/proxies/redis/toxics/lat"],
      ["HEAD", "/proxies/redis/toxics"],
    ]) {
      const response = await call(method!, path!);
      expect({ method, path, status: response.status, body: response.body }).toEqual({ method, path, status: 405, body: "" });
    }
  });

  it("a browser (User-Agent Mozilla/…) gets 403 and changes nothing", async () => {
    const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" };
    for (const [method, path] of [
      ["GET", "/proxies"],
      ["POST", "/reset"],
      ["DELETE", "/proxies/redis"],
      ["GET", "/version"],
    ]) {
      const response = await call(method!, path!, undefined, browser);
      expect({ status: response.status, body: response.body }).toEqual({ status: 403, body: "User agent not allowed\n" });
    }
    expect(json(await call("GET", "/proxies/redis/toxics"))).toHaveLength(1);
  });

  it("a path that is not clean is redirected (301), not resolved: `..` cannot reach another route", async () => {
    const traversal = await call("POST", "/proxies/redis/../../reset");
    expect({ status: traversal.status, location: traversal.headers.location }).toEqual({ status: 301, location: "/reset" });
    const doubled = await call("GET", "//proxies");
    expect({ status: doubled.status, location: doubled.headers.location }).toEqual({ status: 301, location: "/proxies" });
    expect((await call("GET", "/proxies/redis/%2e/toxics?x=1")).headers.location).toBe("/proxies/redis/toxics?x=1");
    expect((await call("GET", "/proxies/%zz")).status).toBe(400);
    expect(json(await call("GET", "/proxies/redis/toxics"))).toHaveLength(1);
    expect(json(await call("GET", "/proxies/%72edis"))).toMatchObject({ name: "redis" });
  });
});
