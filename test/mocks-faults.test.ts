import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FaultKindName, faultKinds, ManualClock, type StartedMocks, startMocks } from "../src/mocks/index.ts";
import { RawBayeux } from "./support/bayeux.ts";
import { eventually, requestToken, rest, signAssertion, whmcs } from "./support/mocks.ts";

const CHANNEL = "/event/OrderProvisionRequested__e";

describe("faults: each kind injected, observed, reverted", () => {
  const clock = new ManualClock(Date.parse("2026-11-27T05:00:00Z"));
  let mocks: StartedMocks;
  const tested = new Set<string>();
  const exp = () => Math.floor(clock.now() / 1000) + 180;
  const newToken = async () => (await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).body.access_token as string;
  const getClients = (params: Record<string, string> = {}) =>
    whmcs(mocks.whmcs.url, { action: "GetClients", responsetype: "json", identifier: mocks.whmcs.identifier, secret: mocks.whmcs.secret, limitnum: "1", ...params });
  const freebit = async (operation: string, body: object) =>
    (await fetch(`${mocks.freebit.url}/${operation}/`, { method: "POST", body: new URLSearchParams({ json: JSON.stringify(body) }) })).json() as Promise<any>;
  const faultTest = (kind: FaultKindName, title: string, body: () => Promise<void>) => {
    tested.add(kind);
    it(`${kind}: ${title}`, body);
  };

  beforeAll(async () => {
    mocks = await startMocks({ clock, salesforce: { connectTimeoutMs: 1_000 } });
  });
  afterEach(() => mocks.reset());
  afterAll(async () => {
    await mocks?.close();
  });

  faultTest("http-error", "answers each system's real error body; matches on action and rate; reverts", async () => {
    const token = await newToken();
    const sf = mocks.setFault({ kind: "http-error", system: "salesforce", params: { status: 503, path: "/services/data" } });
    const unavailable = await rest(mocks.salesforce, token, "/sobjects/Account/001Dr0000000001AAA");
    expect([unavailable.status, unavailable.body[0].errorCode]).toEqual([503, "SERVER_UNAVAILABLE"]);
    expect((await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).status).toBe(200);
    mocks.clearFault(sf.id);
    expect((await rest(mocks.salesforce, token, "/sobjects/Account/001Dr0000000001AAA")).status).toBe(200);

    mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 429, retryAfterSeconds: 30, action: "AddOrder" } });
    expect((await getClients()).status).toBe(200);
    const limited = await whmcs(mocks.whmcs.url, { action: "AddOrder", identifier: mocks.whmcs.identifier, secret: mocks.whmcs.secret });
    expect([limited.status, limited.contentType, limited.headers.get("retry-after")]).toEqual([429, "text/html; charset=iso-8859-1", "30"]);
    mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 500, rate: 0 } });
    expect((await getClients()).status).toBe(200);

    mocks.setFault({ kind: "http-error", system: "freebit", params: { status: 500 } });
    const failed = await fetch(`${mocks.freebit.url}/authOem/`, { method: "POST" });
    expect([failed.status, await failed.json()]).toEqual([500, { resultCode: "900", status: { message: "System error", statusCode: "500-900" } }]);
    expect(mocks.journal({ system: "freebit" }).at(-1)?.faults).toEqual([expect.stringMatching(/^freebit-http-error-\d+$/)]);
  });

  faultTest("latency", "delays matching calls by latencyMs ± jitterMs; reverts", async () => {
    const fault = mocks.setFault({ kind: "latency", system: "whmcs", params: { latencyMs: 300, jitterMs: 50 } });
    const started = performance.now();
    expect((await getClients()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    expect(mocks.journal({ system: "whmcs" }).at(-1)!.durationMs).toBeGreaterThanOrEqual(245);
    expect(mocks.journal({ system: "whmcs" }).at(-1)!.faults).toEqual([fault.id]);
    mocks.clearFault(fault.id);
    const again = performance.now();
    await getClients();
    expect(mocks.journal({ system: "whmcs" }).at(-1)!.faults).toEqual([]);
    expect(performance.now() - again).toBeLessThan(1_000);
  });

  faultTest("hang", "holds calls unanswered for durationMs then drops them (or responds); reverting releases them", async () => {
    mocks.setFault({ kind: "hang", system: "whmcs", params: { durationMs: 300 } });
    const started = performance.now();
    await expect(getClients()).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // The server journals the exchange when its side of the socket closes, which can be just after the client saw it.
    expect(await eventually(() => mocks.journal({ system: "whmcs" }).find((entry) => entry.outcome === "dropped"))).toMatchObject({ status: 0 });
    mocks.clearFaults();

    mocks.setFault({ kind: "hang", system: "whmcs", params: { durationMs: 300, then: "respond" } });
    expect((await getClients()).status).toBe(200);
    mocks.clearFaults();

    const long = mocks.setFault({ kind: "hang", system: "whmcs", params: { durationMs: 60_000 } });
    const pending = getClients();
    setTimeout(() => mocks.clearFault(long.id), 200);
    const released = performance.now();
    expect((await pending).status).toBe(200);
    expect(performance.now() - released).toBeLessThan(2_000);
  });

  faultTest("drop", "closes the connection without a response; reverts", async () => {
    const fault = mocks.setFault({ kind: "drop", system: "salesforce", params: { path: "/services/oauth2/token" } });
    await expect(requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).rejects.toThrow();
    expect(await eventually(() => mocks.journal({ system: "salesforce" }).find((entry) => entry.outcome === "dropped"))).toMatchObject({ path: "/services/oauth2/token", status: 0 });
    mocks.clearFault(fault.id);
    expect((await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).status).toBe(200);
  });

  faultTest("salesforce.invalid-grant", "fails the JWT flow with each variant, revokes sessions; reverts", async () => {
    const variants = {
      "invalid-assertion": ["invalid_grant", "invalid assertion"],
      "audience-invalid": ["invalid_grant", "audience is invalid"],
      expired: ["invalid_grant", "expired authorization code"],
      "user-not-approved": ["invalid_grant", "user hasn't approved this consumer"],
      "authentication-failure": ["invalid_grant", "authentication failure"],
      "invalid-client-id": ["invalid_client_id", "client identifier invalid"],
    } as const;
    for (const [variant, [error, description]] of Object.entries(variants)) {
      const token = await newToken();
      const fault = mocks.setFault({ kind: "salesforce.invalid-grant", params: { variant } });
      const { status, body } = await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }));
      expect([variant, status, body]).toEqual([variant, 400, { error, error_description: description }]);
      expect((await rest(mocks.salesforce, token, "/sobjects/Account/001Dr0000000001AAA")).status).toBe(401);
      mocks.clearFault(fault.id);
      expect((await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).status).toBe(200);
    }
    const token = await newToken();
    mocks.setFault({ kind: "salesforce.invalid-grant", params: { variant: "expired", revokeSessions: false } });
    expect((await rest(mocks.salesforce, token, "/sobjects/Account/001Dr0000000001AAA")).status).toBe(200);
  });

  faultTest("salesforce.request-limit", "answers 403 REQUEST_LIMIT_EXCEEDED with a full Sforce-Limit-Info; reverts", async () => {
    const token = await newToken();
    const fault = mocks.setFault({ kind: "salesforce.request-limit" });
    const limited = await rest(mocks.salesforce, token, "/query?q=SELECT+Id+FROM+Account");
    expect(limited.status).toBe(403);
    expect(limited.body).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
    expect(limited.headers.get("sforce-limit-info")).toBe("api-usage=150000/150000");
    mocks.clearFault(fault.id);
    const ok = await rest(mocks.salesforce, token, "/query?q=SELECT+Id+FROM+Account");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("sforce-limit-info")).toMatch(/^api-usage=\d{1,2}\/150000$/);
  });

  const bayeux = async () => {
    const client = new RawBayeux(`${mocks.salesforce.url}/cometd/62.0`, await newToken());
    expect((await client.handshake()).successful).toBe(true);
    return client;
  };

  faultTest("salesforce.events-stall", "publishes (201) but delivers nothing; reverting delivers new events only", async () => {
    const client = await bayeux();
    await client.subscribe(CHANNEL);
    await client.connect();
    const fault = mocks.setFault({ kind: "salesforce.events-stall" });
    mocks.publishEvent("OrderProvisionRequested__e", { Order_Id__c: "801Dr0000000004AAA" });
    const stalled = await client.connect();
    expect(stalled.map((message) => message.channel)).toEqual(["/meta/connect"]);
    mocks.clearFault(fault.id);
    const next = client.connect();
    mocks.publishEvent("OrderProvisionRequested__e", { Order_Id__c: "801Dr0000000010AAA" });
    expect((await next).map((message) => message.data?.payload?.Order_Id__c ?? message.channel)).toEqual(["801Dr0000000010AAA", "/meta/connect"]);
  });

  faultTest("salesforce.subscribe-denied", "denies subscribes and drops sessions; reverts", async () => {
    const client = await bayeux();
    await client.connect();
    const fault = mocks.setFault({ kind: "salesforce.subscribe-denied" });
    expect((await client.subscribe(CHANNEL)).error).toBe("403::Unknown client");
    await client.handshake();
    expect(await client.subscribe(CHANNEL)).toMatchObject({ successful: false, error: "403:denied_by_security_policy:subscribe_denied" });
    mocks.clearFault(fault.id);
    expect((await client.subscribe(CHANNEL)).successful).toBe(true);
  });

  faultTest("salesforce.unknown-client", "answers a held connect with 403::Unknown client (one-shot)", async () => {
    const client = await bayeux();
    await client.subscribe(CHANNEL);
    await client.connect();
    const held = client.connect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fault = mocks.setFault({ kind: "salesforce.unknown-client" });
    expect(await held).toEqual([{ channel: "/meta/connect", id: "3", clientId: client.clientId, successful: false, error: "403::Unknown client", advice: { reconnect: "handshake", interval: 0 } }]);
    expect(mocks.clearFault(fault.id)).toBe(true);
    expect((await client.handshake()).successful).toBe(true);
    expect((await client.subscribe(CHANNEL)).successful).toBe(true);
  });

  faultTest("salesforce.replay-rejected", "rejects replay ids published before it; reverts", async () => {
    const { replayId } = mocks.publishEvent("OrderProvisionRequested__e", { Order_Id__c: "801Dr0000000004AAA" });
    const client = await bayeux();
    const fault = mocks.setFault({ kind: "salesforce.replay-rejected" });
    expect((await client.subscribe(CHANNEL, replayId)).error).toBe(
      `400::The replayId {${replayId}} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
    );
    mocks.clearFault(fault.id);
    expect((await client.subscribe(CHANNEL, replayId)).successful).toBe(true);
  });

  faultTest("whmcs.auth-failure", "answers Authentication Failed; reverts through its handle, idempotently", async () => {
    const fault = mocks.setFault({ kind: "whmcs.auth-failure" });
    expect((await getClients()).json()).toEqual({ result: "error", message: "Authentication Failed" });
    expect([fault.revert(), fault.revert()]).toEqual([true, false]);
    expect((await getClients()).json().result).toBe("success");
  });

  faultTest("whmcs.ip-blocked", "answers 403 Invalid IP for the blocked IP only; reverts", async () => {
    const other = mocks.setFault({ kind: "whmcs.ip-blocked", params: { ip: "203.0.113.9" } });
    expect((await getClients()).status).toBe(200);
    mocks.clearFault(other.id);
    const everyone = mocks.setFault({ kind: "whmcs.ip-blocked" });
    const blocked = await getClients();
    expect([blocked.status, blocked.json()]).toEqual([403, { result: "error", message: "Invalid IP 127.0.0.1" }]);
    mocks.clearFault(everyone.id);
    expect((await getClients()).status).toBe(200);
  });

  faultTest("whmcs.maintenance", "answers an HTML maintenance page with 200; reverts", async () => {
    const fault = mocks.setFault({ kind: "whmcs.maintenance" });
    const page = await getClients();
    expect([page.status, page.contentType]).toEqual([200, "text/html; charset=utf-8"]);
    mocks.clearFault(fault.id);
    expect((await getClients()).json().result).toBe("success");
  });

  faultTest("freebit.slow-completion", "keeps activations processing past their usual delay; reverts", async () => {
    const { authKey } = await freebit("authOem", { oemId: mocks.freebit.oemId, oemKey: mocks.freebit.oemKey });
    const fault = mocks.setFault({ kind: "freebit.slow-completion", params: { delayMs: 600_000 } });
    const { account } = await freebit("master/addAcnt", { authKey, iccid: "8981100000000000005", planCode: "data-3gb", simType: "physical" });
    clock.advance(5_000);
    expect((await freebit("master/getAcnt", { authKey, account })).state).toBe("processing");
    mocks.clearFault(fault.id);
    expect((await freebit("master/getAcnt", { authKey, account })).state).toBe("active");
  });

  it("faults stack and revert in any order", async () => {
    const first = mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 502, action: "GetClients" } });
    const second = mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 504, action: "GetClients" } });
    expect((await getClients()).status).toBe(504);
    mocks.clearFault(second.id);
    expect((await getClients()).status).toBe(502);
    expect(mocks.clearFault(second.id)).toBe(false);
    mocks.clearFault(first.id);
    expect((await getClients()).status).toBe(200);
  });

  it("every registered fault kind has a test here", () => {
    expect([...tested].sort()).toEqual(Object.keys(faultKinds).sort());
  });
});
