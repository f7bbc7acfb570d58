import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StartedPortal } from "../src/target/index.ts";
import { http, type PortalWorld, startPortalWorld, subscribed } from "./support/portal.ts";

// GET /health, the runbook's `curl http://localhost:4000/health | jq '.checks.…'`.
let world: PortalWorld;
let portal: StartedPortal;

beforeAll(async () => {
  world = await startPortalWorld();
  portal = await world.portal({ SF_EVENTS_ENABLED: "true", SF_TIMEOUT_MS: "3000" });
  await subscribed(portal);
});
afterEach(() => void world.mocks.clearFaults());
afterAll(() => world?.close());

async function timedHealth(target = portal) {
  const started = performance.now();
  const reply = await http(target, "/health");
  return { ...reply, ms: performance.now() - started };
}

describe("GET /health", () => {
  it("answers 200 with all five checks ok, their latency, and the subscription's state", async () => {
    const { status, body } = await timedHealth();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(Object.keys(body.checks)).toEqual(["database", "cache", "salesforce", "whmcs", "freebit"]);
    for (const check of Object.values(body.checks)) expect(check).toMatchObject({ status: "ok", latencyMs: expect.any(Number) });
    expect(body.checks.salesforce).toMatchObject({ subscription: "connected", channel: "/event/OrderProvisionRequested__e", circuit: "closed" });
    expect(body.checks.database.pool).toMatchObject({ max: 5 });
  });

  it.each([
    ["salesforce", "/services/oauth2/userinfo"],
    ["whmcs", "/includes/api.php"],
    ["freebit", "/emptool/api/authOem"],
  ] as const)("a hung %s turns only its own check to fail, within 2 s", async (system, path) => {
    world.mocks.setFault({ kind: "hang", system, params: { durationMs: 10_000, path } });
    const { status, body, ms } = await timedHealth();
    expect(ms).toBeLessThan(2_000);
    expect(status).toBe(503);
    expect(body.checks[system]).toMatchObject({ status: "fail", error: expect.any(String) });
    for (const [name, check] of Object.entries(body.checks)) if (name !== system) expect(check).toMatchObject({ status: "ok" });
  });

  it("Salesforce answering 503 is a failing check with Salesforce's words", async () => {
    world.mocks.setFault({ kind: "http-error", system: "salesforce", params: { status: 503, path: "/services/oauth2/userinfo" } });
    const { body } = await timedHealth();
    expect(body.checks.salesforce).toMatchObject({ status: "fail", error: expect.stringMatching(/^Salesforce userinfo failed: HTTP 503/) });
  });

  it("PORTAL_HEALTH_SKIP leaves checks out: WHMCS and Freebit down, yet healthy", async () => {
    const blind = await world.portal({ PORTAL_HEALTH_SKIP: "whmcs,freebit" });
    world.mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 503 } });
    world.mocks.setFault({ kind: "http-error", system: "freebit", params: { status: 503 } });
    const { status, body } = await timedHealth(blind);
    expect(status).toBe(200);
    expect(body.checks.whmcs).toEqual({ status: "skipped", reason: "PORTAL_HEALTH_SKIP" });
    expect(body.checks.freebit).toEqual({ status: "skipped", reason: "PORTAL_HEALTH_SKIP" });
    expect((await timedHealth()).status).toBe(503);
  });

  it("without Salesforce and Freebit settings those checks are skipped as not configured", async () => {
    const unset = ["SF_LOGIN_URL", "SF_CONSUMER_KEY", "SF_USERNAME", "SF_PRIVATE_KEY_PATH", "FREEBIT_API_URL", "FREEBIT_OEM_ID", "FREEBIT_OEM_KEY"];
    const bare = await world.portal(Object.fromEntries(unset.map((name) => [name, ""])));
    const { status, body } = await timedHealth(bare);
    expect(status).toBe(200);
    expect(body.checks.salesforce).toEqual({ status: "skipped", reason: "not configured" });
    expect(body.checks.freebit).toEqual({ status: "skipped", reason: "not configured" });
  });
});
