import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  http,
  logLines,
  messages,
  orderBecomes,
  orderState,
  type PortalWorld,
  query,
  REPLAY_KEY,
  requestProvisioning,
  startPortalWorld,
  subscribed,
} from "./support/portal.ts";

// Runbook scenario 1, "Salesforce Platform Events Not Receiving", and provisioning when all is well.
let world: PortalWorld;
let redisDb = 0;

beforeAll(async () => {
  world = await startPortalWorld();
});
afterEach(() => void world.mocks.clearFaults());
afterAll(() => world?.close());

/** A database and a Redis database of its own, so each test has its own orders and replay key. */
async function isolated() {
  const db = ++redisDb;
  const databaseUrl = await world.freshDatabase();
  const env = { SF_EVENTS_ENABLED: "true", DATABASE_URL: `${databaseUrl}?connection_limit=5`, REDIS_URL: `${world.redis.url}/${db}` };
  const redis = world.redisClient(db);
  await redis.connect();
  return { databaseUrl, env, redis, start: (overrides: Record<string, string> = {}) => world.portal({ ...env, ...overrides }) };
}

describe("provisioning from Platform Events", () => {
  it("an OrderProvisionRequested__e event moves the order from Pending Review to Provisioned through WHMCS, Freebit and Salesforce", async () => {
    const { databaseUrl, redis, start } = await isolated();
    const portal = await start();
    await subscribed(portal);
    const since = new Date().toISOString();
    const event = requestProvisioning(world, 4);
    const state = await orderBecomes(databaseUrl, 4, "Provisioned");
    expect(state).toMatchObject({ iccid: "8981100000000000004", msisdn: expect.stringMatching(/^0\d{10}$/), whmcs_order_id: expect.any(Number) });
    expect(state.jobs.map((job) => [job.step, job.status])).toEqual([
      ["activate_sim", "succeeded"],
      ["create_whmcs_order", "succeeded"],
      ["update_salesforce", "succeeded"],
    ]);
    expect(await redis.get(REPLAY_KEY)).toBe(String(event.replayId));
    const calls = world.mocks.journal({ since }).map((entry) => `${entry.system} ${entry.action}`);
    expect(calls).toEqual(expect.arrayContaining(["whmcs AddOrder", "whmcs AcceptOrder", "freebit addAcnt", "salesforce Order"]));
    expect(await messages(portal, "Provisioning order 4")).toEqual(expect.arrayContaining(["Provisioning order 4 started", "Provisioning order 4 complete: Provisioned"]));
    expect(await messages(portal, "Platform Event received on /event/OrderProvisionRequested__e")).toHaveLength(1);
    const [audit] = await query(databaseUrl, "SELECT actor, details->>'to' AS to FROM audit_events WHERE action = 'order.provision' AND subject = 'order:4'");
    expect(audit).toEqual({ actor: "system:provisioner", to: "Provisioned" });
  });

  it("a Freebit failure leaves the order Pending Review; the event again finishes it without a second WHMCS order", async () => {
    const { databaseUrl, start } = await isolated();
    const portal = await start({ FREEBIT_CIRCUIT_FAILURE_THRESHOLD: "100" });
    await subscribed(portal);
    world.mocks.setFault({ kind: "http-error", system: "freebit", params: { status: 503, action: "addAcnt" } });
    requestProvisioning(world, 15);
    await eventually(portal, "Provisioning order 15 failed at activate_sim: Freebit master/addAcnt failed: 503-999 Service under maintenance; order stays Pending Review");
    const failed = await orderState(databaseUrl, 15);
    expect(failed).toMatchObject({ status: "Pending Review", msisdn: null, whmcs_order_id: expect.any(Number) });
    expect(failed.jobs.find((job) => job.step === "activate_sim")).toMatchObject({ status: "failed", last_error: "Freebit master/addAcnt failed: 503-999 Service under maintenance" });
    world.mocks.clearFaults();
    const since = new Date().toISOString();
    requestProvisioning(world, 15);
    const done = await orderBecomes(databaseUrl, 15, "Provisioned");
    expect(done.whmcs_order_id).toBe(failed.whmcs_order_id);
    expect(world.mocks.journal({ system: "whmcs", since }).map((entry) => entry.action)).toEqual([]);
    expect(done.jobs.find((job) => job.step === "activate_sim")).toMatchObject({ status: "succeeded", attempts: 2 });
  });
});

describe("Platform Events stalled", () => {
  it("orders stay Pending Review, no provisioning lines appear and the replay key stops changing; a restart replays what was missed", async () => {
    const { databaseUrl, redis, start } = await isolated();
    const first = await start();
    await subscribed(first);
    const delivered = requestProvisioning(world, 4);
    await orderBecomes(databaseUrl, 4, "Provisioned");
    world.mocks.setFault({ kind: "salesforce.events-stall" });
    requestProvisioning(world, 10);
    await sleep(1_500);
    expect((await orderState(databaseUrl, 10)).status).toBe("Pending Review");
    expect(await messages(first, "Provisioning order 10")).toEqual([]);
    expect(await redis.get(REPLAY_KEY)).toBe(String(delivered.replayId));
    // The stall is silent: the subscription still looks connected.
    expect((await http(first, "/health")).body.checks.salesforce).toMatchObject({ status: "ok", subscription: "connected" });

    world.mocks.clearFaults();
    await first.close();
    const restarted = await start();
    await orderBecomes(databaseUrl, 10, "Provisioned");
    const resubscribed = (await logLines(restarted)).find((line) => line.msg === "Platform Event subscribed to /event/OrderProvisionRequested__e");
    expect(resubscribed?.replayFrom).toBe(delivered.replayId);
  });
});

describe("Platform Event session and replay failures", () => {
  it("after 403::Unknown client the portal re-handshakes, resubscribes from the stored replay id and keeps provisioning", async () => {
    const { databaseUrl, start } = await isolated();
    const portal = await start();
    await subscribed(portal);
    requestProvisioning(world, 4);
    await orderBecomes(databaseUrl, 4, "Provisioned");
    world.mocks.setFault({ kind: "salesforce.unknown-client" });
    requestProvisioning(world, 27);
    await orderBecomes(databaseUrl, 27, "Provisioned");
    const lost = await messages(portal, "Platform Event session lost");
    expect(lost[0]).toMatch(/^Platform Event session lost \(\/meta\/connect failed: 403::Unknown client\); re-handshaking and resubscribing from replay id \d+/);
    expect(await messages(portal, "Platform Event handshake ok")).toHaveLength(2);
  });

  it("a replay id past retention is rejected and logged: LATEST skips what was missed, SF_EVENTS_REPLAY=ALL and a restart replays it", async () => {
    const { databaseUrl, redis, start } = await isolated();
    const first = await start();
    await subscribed(first);
    requestProvisioning(world, 4);
    await orderBecomes(databaseUrl, 4, "Provisioned");
    const stored = await redis.get(REPLAY_KEY);
    await first.close();
    world.mocks.setFault({ kind: "salesforce.replay-rejected" });
    requestProvisioning(world, 21);

    const latest = await start({ SF_EVENTS_REPLAY: "LATEST" });
    await subscribed(latest);
    const [rejected] = await messages(latest, `Platform Event replay id ${stored} rejected`, "error.log");
    expect(rejected).toMatch(/The replayId \{\d+\} you provided was invalid.*falling back to SF_EVENTS_REPLAY=LATEST \(-1\); events published since it will not be replayed/);
    await sleep(1_000);
    expect((await orderState(databaseUrl, 21)).status).toBe("Pending Review");
    await latest.close();

    const all = await start({ SF_EVENTS_REPLAY: "ALL" });
    await orderBecomes(databaseUrl, 21, "Provisioned");
    expect(await messages(all, "Platform Event subscribed")).toHaveLength(1);
  });
});

describe("subscription misconfigured or refused", () => {
  it("with SF_EVENTS_ENABLED=false nothing subscribes: health says disabled and orders stay Pending Review", async () => {
    const { databaseUrl, start } = await isolated();
    const portal = await start({ SF_EVENTS_ENABLED: "false" });
    expect((await http(portal, "/health")).body.checks.salesforce).toMatchObject({ status: "ok", subscription: "disabled" });
    requestProvisioning(world, 38);
    await sleep(500);
    expect((await orderState(databaseUrl, 38)).status).toBe("Pending Review");
    expect(await messages(portal, "Platform Event subscription disabled (SF_EVENTS_ENABLED=false)")).toHaveLength(1);
  });

  it("a JWT auth failure is logged with its reason, retried with backoff and given up after SF_EVENTS_MAX_ATTEMPTS; health fails", async () => {
    const { start } = await isolated();
    world.mocks.setFault({ kind: "salesforce.invalid-grant", params: { variant: "user-not-approved" } });
    const portal = await start({ SF_EVENTS_MAX_ATTEMPTS: "3" });
    await eventually(portal, "Platform Event subscription stopped after 3 failed attempts");
    const failures = await messages(portal, "Platform Event authentication failed", "error.log");
    expect(failures[0]).toMatch(/^Platform Event authentication failed: Salesforce oauth2\/token failed: invalid_grant: user hasn't approved this consumer; check the Connected App's JWT settings, retrying in 100ms \(attempt 1 of 3\)$/);
    expect(failures[1]).toMatch(/retrying in 200ms \(attempt 2 of 3\)$/);
    const health = await http(portal, "/health");
    expect(health.status).toBe(503);
    expect(health.body.checks.salesforce).toMatchObject({ status: "fail", subscription: "disconnected" });
  });

  it("a subscribe denied by the integration user's permissions is logged as such", async () => {
    const { start } = await isolated();
    world.mocks.setFault({ kind: "salesforce.subscribe-denied" });
    const portal = await start({ SF_EVENTS_MAX_ATTEMPTS: "2" });
    await eventually(portal, "Platform Event subscription denied: /meta/subscribe failed: 403:denied_by_security_policy:subscribe_denied; check the integration user's Platform Event permissions");
  });
});

/** Waits for a log line whose msg starts with `prefix`. */
async function eventually(portal: Awaited<ReturnType<PortalWorld["portal"]>>, prefix: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await messages(portal, prefix)).length === 0) {
    if (performance.now() > deadline) throw new Error(`no log line "${prefix}…" within ${timeoutMs}ms`);
    await sleep(50);
  }
}
