import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedMocks, startMocks } from "../src/mocks/index.ts";
import { RawBayeux } from "./support/bayeux.ts";
import { accessToken, whmcs } from "./support/mocks.ts";

describe("mocks control API (HTTP JSON on loopback)", () => {
  let mocks: StartedMocks;
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${mocks.controlUrl}${path}`, {
      method,
      ...(body !== undefined && { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as any) };
  };
  const getClients = () => whmcs(mocks.whmcs.url, { action: "GetClients", responsetype: "json", identifier: mocks.whmcs.identifier, secret: mocks.whmcs.secret });

  beforeAll(async () => {
    mocks = await startMocks({ salesforce: { connectTimeoutMs: 5_000 } });
  });
  afterAll(async () => {
    await mocks?.close();
  });

  it("GET / describes the mocks as the environment descriptor records them", async () => {
    const { status, body } = await control("GET", "/");
    expect(status).toBe(200);
    expect(body).toEqual(mocks.descriptor());
    expect(body.mocks.controlUrl).toBe(mocks.controlUrl);
    expect(mocks.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(body.services.whmcs.url).toMatch(/\/includes\/api\.php$/);
  });

  it("sets, lists and clears faults; rejects unknown kinds and bad params with the allowed values", async () => {
    const set = await control("POST", "/faults", { kind: "http-error", system: "whmcs", params: { status: 502 } });
    expect(set).toMatchObject({ status: 201, body: { id: "whmcs-http-error-1", kind: "http-error", system: "whmcs", params: { status: 502, rate: 1, path: "" } } });
    expect((await getClients()).status).toBe(502);
    expect((await control("GET", "/faults?system=whmcs")).body.faults).toHaveLength(1);
    expect((await control("DELETE", `/faults/${set.body.id}`)).status).toBe(204);
    expect((await control("DELETE", `/faults/${set.body.id}`)).status).toBe(404);
    expect((await getClients()).status).toBe(200);

    const unknown = await control("POST", "/faults", { kind: "meteor-strike" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('unknown fault kind "meteor-strike"; known kinds: http-error, latency, hang, drop, salesforce.invalid-grant');
    const badParam = await control("POST", "/faults", { kind: "http-error", system: "whmcs", params: { status: 404 } });
    expect(badParam.body.error).toBe('fault "http-error": param "status" must be one of 429, 500, 502, 503, 504; got 404');
    const noSystem = await control("POST", "/faults", { kind: "latency" });
    expect(noSystem.body.error).toBe('mocks: fault "latency" needs a system; one of salesforce, whmcs, freebit');
    const wrongSystem = await control("POST", "/faults", { kind: "whmcs.maintenance", system: "freebit" });
    expect(wrongSystem.body.error).toContain("applies to whmcs");
    const kinds = (await control("GET", "/faults/kinds")).body.kinds;
    expect(kinds.find((kind: { kind: string }) => kind.kind === "latency").params.latencyMs).toEqual({ default: 1000, accepts: "integer 0..600000" });

    await control("POST", "/faults", { kind: "whmcs.maintenance" });
    await control("POST", "/faults", { kind: "salesforce.request-limit" });
    expect((await control("DELETE", "/faults")).body).toEqual({ cleared: 2 });
  });

  it("publishes Platform Events to subscribers and lists what is retained", async () => {
    const client = new RawBayeux(`${mocks.salesforce.url}/cometd/62.0`, await accessToken(mocks.salesforce));
    await client.handshake();
    await client.subscribe("/event/OrderProvisionRequested__e");
    await client.connect();
    const held = client.connect();
    const published = await control("POST", "/events", { event: "OrderProvisionRequested__e", payload: { Order_Id__c: "801Dr0000000021AAA" } });
    expect(published).toMatchObject({ status: 201, body: { channel: "/event/OrderProvisionRequested__e", replayId: expect.any(Number), id: expect.stringMatching(/^e00/) } });
    expect((await held)[0].data.payload.Order_Id__c).toBe("801Dr0000000021AAA");
    expect((await control("GET", "/events?channel=OrderProvisionRequested__e")).body.events.at(-1)).toMatchObject({ replayId: published.body.replayId });
    const unknown = await control("POST", "/events", { event: "Nope__e", payload: {} });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'salesforce mock: no Platform Event "Nope__e" in the org; known events: OrderProvisionRequested__e']);
    const badField = await control("POST", "/events", { event: "OrderProvisionRequested__e", payload: { Colour__c: 1 } });
    expect(badField.status).toBe(400);
  });

  it("reads the journal with system, since, action and afterSeq filters", async () => {
    const since = new Date().toISOString();
    await getClients();
    await whmcs(mocks.whmcs.url, { action: "GetInvoices", responsetype: "json", identifier: mocks.whmcs.identifier, secret: mocks.whmcs.secret });
    const entries = (await control("GET", `/journal?system=whmcs&since=${encodeURIComponent(since)}`)).body.entries;
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(["GetClients", "GetInvoices"]);
    expect(entries[0]).toMatchObject({ system: "whmcs", method: "POST", path: "/includes/api.php", status: 200, outcome: "responded", faults: [] });
    expect((await control("GET", `/journal?afterSeq=${entries[0].seq}&action=getinvoices`)).body.entries).toHaveLength(1);
    expect((await control("GET", "/journal?since=yesterday")).body.error).toContain('since "yesterday" is neither epoch milliseconds nor an ISO 8601 time');
  });

  it("moves the public URL (PUT /public-urls/:system) and resets everything (POST /reset)", async () => {
    const moved = await control("PUT", "/public-urls/whmcs", { url: "http://127.0.0.1:9/includes/api.php" });
    expect(moved.body.services.whmcs).toMatchObject({ url: "http://127.0.0.1:9/includes/api.php", directUrl: mocks.whmcs.directUrl });
    expect((await control("PUT", "/public-urls/whmcs", { url: "ftp://x" })).status).toBe(400);
    await control("PUT", "/public-urls/whmcs", { url: mocks.whmcs.directUrl });

    await control("POST", "/faults", { kind: "whmcs.auth-failure" });
    expect((await control("POST", "/reset")).status).toBe(204);
    expect((await control("GET", "/faults")).body.faults).toEqual([]);
    expect((await control("GET", "/journal")).body.entries).toEqual([]);
    expect((await getClients()).json().result).toBe("success");
  });

  it("answers unknown routes and methods with what exists", async () => {
    expect(await control("GET", "/nope")).toMatchObject({ status: 404, body: { error: expect.stringContaining("routes: GET /, GET /faults/kinds") } });
    expect(await control("PATCH", "/faults")).toMatchObject({ status: 405, body: { error: expect.stringContaining("use GET or POST or DELETE") } });
    const notJson = await fetch(`${mocks.controlUrl}/faults`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
  });
});
