import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StartedPortal } from "../src/target/index.ts";
import { eventually, grep, http, login, logLines, messages, orderState, type PortalWorld, requestProvisioning, startPortalWorld } from "./support/portal.ts";

// Runbook scenario 2, "WHMCS API Unavailable", and the billing pages in normal times.
let world: PortalWorld;
let portal: StartedPortal;

beforeAll(async () => {
  world = await startPortalWorld();
  portal = await world.portal({ WHMCS_TIMEOUT_MS: "500", CIRCUIT_FAILURE_THRESHOLD: "100" });
});
afterEach(() => void world.mocks.clearFaults());
afterAll(() => world?.close());

describe("billing pages from WHMCS", () => {
  it("invoices and payment methods come from WHMCS and are cached in Redis", async () => {
    const token = await login(portal, "aiko.tanaka@example.com");
    const since = new Date().toISOString();
    const invoices = await http(portal, "/billing/invoices", { token });
    expect(invoices).toMatchObject({ status: 200, body: { invoices: expect.arrayContaining([expect.objectContaining({ id: 9001, status: "Paid", total: "980.00" })]) } });
    expect(invoices.headers.get("x-cache")).toBe("MISS");
    expect((await http(portal, "/billing/invoices", { token })).headers.get("x-cache")).toBe("HIT");
    const methods = await http(portal, "/billing/payment-methods", { token });
    expect(methods.body).toEqual({ paymentMethods: [{ id: 1, type: "RemoteCreditCard", cardType: "Visa", lastFour: "4242", expiryDate: "01/28" }] });
    expect(world.mocks.journal({ system: "whmcs", since }).map((entry) => entry.action)).toEqual(["GetInvoices", "GetPayMethods"]);
  });
});

describe("a slow WHMCS (high latency scenario)", () => {
  it("shows in the duration of its calls and of the requests that made them", async () => {
    world.mocks.setFault({ kind: "latency", system: "whmcs", params: { latencyMs: 300, action: "GetPayMethods" } });
    const token = await login(portal, "kaito.kato@example.com");
    expect((await http(portal, "/billing/payment-methods", { token })).status).toBe(200);
    const lines = await logLines(portal);
    const call = lines.findLast((line) => line.msg === "WHMCS GetPayMethods ok");
    const request = lines.findLast((line) => line.msg === "GET /billing/payment-methods 200");
    expect(call?.duration).toBeGreaterThanOrEqual(300);
    expect(request?.duration).toBeGreaterThanOrEqual(call?.duration);
  });
});

describe("WHMCS down", () => {
  it('billing pages show "service unavailable" and error.log has the WHMCS error', async () => {
    world.mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 503 } });
    const token = await login(portal, "haruto.sato@example.com");
    expect(await http(portal, "/billing/invoices", { token })).toMatchObject({ status: 503, body: { error: "service unavailable" } });
    const lines = (await grep(portal, "WHMCS", "error.log")).map((line) => JSON.parse(line));
    expect(lines).toContainEqual(expect.objectContaining({ level: "error", msg: expect.stringMatching(/^WHMCS GetInvoices failed: answered HTTP 503/), duration: expect.any(Number) }));
  });

  it("payment method checks failing: unreachable WHMCS answers service unavailable within the WHMCS timeout", async () => {
    world.mocks.setFault({ kind: "hang", system: "whmcs", params: { durationMs: 5_000 } });
    const token = await login(portal, "yui.suzuki@example.com");
    const started = performance.now();
    expect(await http(portal, "/billing/payment-methods", { token })).toMatchObject({ status: 503, body: { error: "service unavailable" } });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(await messages(portal, "WHMCS GetPayMethods failed: timed out after 500ms", "error.log")).toHaveLength(1);
    world.mocks.clearFaults();
    world.mocks.setFault({ kind: "drop", system: "whmcs" });
    expect((await http(portal, "/billing/payment-methods", { token })).status).toBe(503);
  });

  it("a maintenance page (HTML with HTTP 200) is service unavailable too, and named in the log", async () => {
    world.mocks.setFault({ kind: "whmcs.maintenance" });
    const token = await login(portal, "sota.takahashi@example.com");
    expect((await http(portal, "/billing/invoices", { token })).status).toBe(503);
    expect(await messages(portal, 'WHMCS GetInvoices failed: answered HTTP 200 with text/html instead of JSON ("Maintenance")', "error.log")).toHaveLength(1);
  });

  it("health reports checks.whmcs fail with the reason, and ok again once WHMCS is back", async () => {
    world.mocks.setFault({ kind: "whmcs.auth-failure" });
    const failing = await http(portal, "/health");
    expect(failing).toMatchObject({ status: 503, body: { checks: { whmcs: { status: "fail", error: "WHMCS GetClients failed: HTTP 403: Authentication Failed" } } } });
    world.mocks.clearFaults();
    expect((await http(portal, "/health")).body.checks.whmcs.status).toBe("ok");
  });

  it("the circuit opens after CIRCUIT_FAILURE_THRESHOLD failures: WHMCS is spared, health shows it, and it closes after CIRCUIT_RESET_MS", async () => {
    const guarded = await world.portal({ WHMCS_CIRCUIT_FAILURE_THRESHOLD: "2", WHMCS_CIRCUIT_RESET_MS: "500" });
    world.mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 502 } });
    const token = await login(guarded, "hina.watanabe@example.com");
    const since = new Date().toISOString();
    for (let i = 0; i < 4; i++) expect((await http(guarded, "/billing/invoices", { token })).status).toBe(503);
    expect(world.mocks.journal({ system: "whmcs", action: "GetInvoices", since })).toHaveLength(2);
    expect(await messages(guarded, "WHMCS GetInvoices failed: circuit open after 2 consecutive failures", "error.log")).toHaveLength(2);
    expect((await http(guarded, "/health")).body.checks.whmcs).toMatchObject({ status: "fail", circuit: "open" });
    world.mocks.clearFaults();
    await eventually("the circuit to close", async () => ((await http(guarded, "/billing/invoices", { token })).status === 200 ? true : undefined), 3_000, 100);
    expect((await http(guarded, "/health")).body.checks.whmcs).toMatchObject({ status: "ok", circuit: "closed" });
  });
});

describe("provisioning failing with WHMCS errors", () => {
  it("an order whose WHMCS AddOrder fails stays Pending Review, with the job's error recorded and logged", async () => {
    const { portal: provisioner, databaseUrl } = await world.portalOnFreshDatabase({ SF_EVENTS_ENABLED: "true" });
    await eventually("the subscription", async () => ((await http(provisioner, "/health")).body.checks.salesforce.subscription === "connected" ? true : undefined));
    world.mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 500, action: "AddOrder" } });
    requestProvisioning(world, 10);
    const [line] = await eventually("the provisioning failure", async () => {
      const found = await grep(provisioner, "Provisioning order 10 failed at create_whmcs_order", "error.log");
      return found.length > 0 ? found : undefined;
    });
    expect(JSON.parse(line!).msg).toMatch(/^Provisioning order 10 failed at create_whmcs_order: WHMCS AddOrder failed: answered HTTP 500 .*; order stays Pending Review$/);
    const state = await orderState(databaseUrl, 10);
    expect(state).toMatchObject({ status: "Pending Review", whmcs_order_id: null, msisdn: null });
    expect(state.jobs).toEqual([{ step: "create_whmcs_order", status: "failed", attempts: 1, last_error: expect.stringMatching(/^WHMCS AddOrder failed: answered HTTP 500/) }]);
  });
});
