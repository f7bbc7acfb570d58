import { mkdtemp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StartedRedis, startRedis } from "../src/env/local/redis.ts";
import { mocksSink, readSliFile, runTrafficCommand, type RunningTraffic, type SliSummary, type SliWindowLine, startTraffic } from "../src/traffic/index.ts";
import { eventually, orderBecomes, type PortalWorld, startPortalWorld, subscribed } from "./support/portal.ts";

// Synthetic customers against a real portal (real Redis, PostgreSQL), with the SaaS mocks behind it.
let world: PortalWorld;
const running: RunningTraffic[] = [];
const privateRedis: StartedRedis[] = [];

beforeAll(async () => {
  world = await startPortalWorld();
});
afterEach(async () => {
  await Promise.allSettled(running.splice(0).map((traffic) => traffic.stop()));
  world.mocks.clearFaults();
});
afterAll(async () => {
  await Promise.allSettled(privateRedis.map((redis) => redis.stop()));
  await world?.close();
});

async function traffic(...args: Parameters<typeof startTraffic>) {
  const started = await startTraffic(...args);
  running.push(started);
  return started;
}

const outDir = () => mkdtemp(path.join(world.dir, "traffic-"));

// Billing pages are cached in Redis per WHMCS client: each portal gets a Redis database of its own, so no test sees another's cache.
let redisDb = 0;
const ownCache = () => ({ REDIS_URL: `${world.redis.url}/${++redisDb}` });

/** Polls the last closed window until `check` holds, failing after `timeoutMs` with the last window seen. */
function windowWhere(run: RunningTraffic, what: string, check: (window: SliSummary) => boolean, timeoutMs: number) {
  return eventually(what, async () => {
    const window = run.sli({ windowMs: 1_000 });
    return check(window) ? window : undefined;
  }, timeoutMs, 50);
}

describe("customers and Salesforce's publisher against a healthy portal", () => {
  it("50 requests/s for 3 s: ~150 requests on every route, no errors, latencies in milliseconds, orders provisioned, sli.jsonl written", async () => {
    const { portal, databaseUrl } = await world.portalOnFreshDatabase({ SF_EVENTS_ENABLED: "true", ...ownCache() });
    await subscribed(portal);
    const dir = await outDir();
    const windows: SliWindowLine[] = [];
    const run = await traffic({
      targetUrl: portal.url,
      rps: 50,
      durationMs: 3_000,
      // Five customers, 30 requests each: two sessions and a half apiece. Logins are few on purpose:
      // each costs the portal ~50 ms of scrypt.
      customers: 5,
      pagesPerSession: 10,
      streamHoldMs: 1_000,
      outDir: dir,
      name: "traffic-test",
      events: { sink: mocksSink(world.mocks), ratePerSecond: 10 },
      onWindow: (line) => windows.push(line),
    });
    const result = await run.finished;
    const { total } = result;
    expect(result.reason).toBe("completed");
    expect(total.offered).toBe(150);
    expect(total.requests).toBe(150);
    expect(total).toMatchObject({ dropped: 0, errors: 0, errorRate: 0, clientErrors: 0 });
    expect(total.requestsPerSecond).toBeGreaterThan(45);
    expect(total.requestsPerSecond).toBeLessThan(55);
    // Portal, mocks and customers share this process (and a 2-core machine with whatever else runs): page
    // views take milliseconds when it is quiet, a login (scrypt) ~50 ms more. Whatever the machine does,
    // a healthy portal stays well below the runbook's "increased response times (>2s average)".
    expect(total.latencyMs!.p50).toBeLessThan(1_000);
    expect(total.latencyMs!.mean).toBeLessThan(1_000);
    expect(total.latencyMs!.p99).toBeLessThan(3_000);
    expect(Object.keys(total.routes)).toEqual(["GET /billing/invoices", "GET /billing/payment-methods", "GET /orders", "GET /orders/stream", "POST /auth/login", "POST /auth/logout"]);
    expect(total.streams).toMatchObject({ opened: expect.any(Number), dropped: 0, open: 0 });
    expect(total.streams.opened).toBeGreaterThan(0);
    expect(total.streams.closed).toBe(total.streams.opened);
    expect(total.events).toEqual({ published: 6, failed: 0 });
    // Salesforce's events really drive provisioning: a seeded Pending Review order is now Provisioned.
    await orderBecomes(databaseUrl, 4, "Provisioned");

    const lines = await readSliFile(result.sliPath!);
    expect(result.sliPath).toBe(path.join(dir, "sli.jsonl"));
    expect(lines[0]).toMatchObject({ type: "start", name: "traffic-test", targetUrl: portal.url, rps: 50, durationMs: 3_000, windowMs: 1_000, rollingMs: [10_000, 20_000, 30_000] });
    expect(lines.at(-1)).toMatchObject({ type: "end", reason: "completed", total: { requests: 150, errors: 0 } });
    const windowLines = lines.filter((line) => line.type === "window");
    expect(windowLines).toEqual(windows);
    expect(windowLines.map((line) => line.seq)).toEqual(windowLines.map((_, index) => index));
    expect(windowLines.reduce((sum, line) => sum + line.requests, 0)).toBe(150);
    expect(windowLines[1]).toMatchObject({ windowMs: 1_000, rolling: [{ windowMs: 2_000 }, { windowMs: 2_000 }, { windowMs: 2_000 }] });
  });

  it("a portal slower than the offered load does not slow the load: latency grows from when requests were due", async () => {
    const portal = await world.portal({ BILLING_CACHE_TTL_SECONDS: "1", ...ownCache() });
    world.mocks.setFault({ kind: "latency", system: "whmcs", params: { latencyMs: 700 } });
    const run = await traffic({ targetUrl: portal.url, rps: 40, durationMs: 2_000, customers: 4, pagesPerSession: 30, streamHoldMs: 0 });
    const { total } = await run.finished;
    expect(total.offered).toBe(80);
    expect(total.requests + total.dropped).toBe(80);
    // Four customers cannot keep up with 40/s when billing takes 700 ms: arrivals wait, and the wait counts.
    expect(total.routes["GET /billing/invoices"]!.latencyMs!.max).toBeGreaterThan(700);
    expect(total.latencyMs!.max).toBeGreaterThan(1_000);
    // The order list itself answers in milliseconds; measured from when it was due, it took as long as the wait.
    expect(total.routes["GET /orders"]!.latencyMs!.p50).toBeGreaterThan(200);
  });
});

describe("faults show in the SLIs within a couple of windows", () => {
  it("Redis stopped: the error rate jumps, every authenticated route fails, and open SSE streams are counted as dropped", async () => {
    const redis = await startRedis({ baseDir: world.dir });
    privateRedis.push(redis);
    const portal = await world.portal({ REDIS_URL: redis.url, AUTH_BLACKLIST_FAIL_CLOSED: "true" });
    const run = await traffic({ targetUrl: portal.url, rps: 40, durationMs: 15_000, customers: 10, pagesPerSession: 20, streamHoldMs: 20_000 });
    await windowWhere(run, "a healthy window with streams open", (window) => window.requests > 30 && window.errors === 0 && window.streams.open >= 5, 5_000);

    await redis.stop();
    const stoppedAt = performance.now();
    const failing = await windowWhere(run, "a window with most requests failing", (window) => window.errorRate > 0.5, 3_000);
    expect(performance.now() - stoppedAt).toBeLessThan(3_000);
    // Failing closed: "authentication unavailable", 503.
    expect(failing.statuses["503"]).toBeGreaterThan(0);
    for (const route of ["GET /orders", "GET /billing/invoices", "GET /billing/payment-methods"]) {
      expect(failing.routes[route], route).toMatchObject({ errorRate: expect.any(Number) });
      expect(failing.routes[route]!.errorRate, route).toBeGreaterThan(0.5);
    }
    const streams = run.sli({ windowMs: 10_000 }).streams;
    expect(streams.dropped).toBeGreaterThanOrEqual(5);
    expect(run.snapshot().total.streams.open).toBe(0);
  });

  it("WHMCS down (mocks fault): the billing routes fail, the order list does not", async () => {
    const portal = await world.portal({ BILLING_CACHE_TTL_SECONDS: "1", WHMCS_TIMEOUT_MS: "500", CIRCUIT_FAILURE_THRESHOLD: "1000", ...ownCache() });
    const run = await traffic({ targetUrl: portal.url, rps: 40, durationMs: 15_000, customers: 10, pagesPerSession: 20, streamHoldMs: 0 });
    await windowWhere(run, "a healthy window", (window) => window.requests > 30 && window.errors === 0, 5_000);

    world.mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 503 } });
    const faultAt = performance.now();
    const failing = await windowWhere(run, "billing failing", (window) => (window.routes["GET /billing/invoices"]?.errorRate ?? 0) > 0.5 && (window.routes["GET /billing/payment-methods"]?.errorRate ?? 0) > 0.5, 4_000);
    // The billing cache (1 s) keeps answering for a moment, then one window later the errors show.
    expect(performance.now() - faultAt).toBeLessThan(4_000);
    expect(failing.routes["GET /orders"]).toMatchObject({ errors: 0 });
    expect(failing.routes["GET /billing/invoices"]!.statuses["503"]).toBeGreaterThan(0);
    expect(failing.errorRate).toBeGreaterThan(0.1);

    world.mocks.clearFaults();
    await windowWhere(run, "billing recovered", (window) => window.requests > 30 && window.errors === 0, 4_000);
  });
});

describe("high error rate / performance degradation (runbook scenario 5)", () => {
  it("increased response times (>2s average): a WHMCS answering in 2.5 s pushes the billing routes' mean past 2 s", async () => {
    const portal = await world.portal({ BILLING_CACHE_TTL_SECONDS: "1", WHMCS_TIMEOUT_MS: "5000", CIRCUIT_FAILURE_THRESHOLD: "1000", ...ownCache() });
    const run = await traffic({ targetUrl: portal.url, rps: 20, durationMs: 15_000, customers: 10, pagesPerSession: 20, streamHoldMs: 0 });
    await windowWhere(run, "a healthy window", (window) => window.requests > 10 && window.errors === 0, 5_000);
    world.mocks.setFault({ kind: "latency", system: "whmcs", params: { latencyMs: 2_500 } });
    const slow = await windowWhere(run, "billing averaging over 2 s", (window) => (window.routes["GET /billing/invoices"]?.latencyMs?.mean ?? 0) > 2_000, 8_000);
    expect(slow.routes["GET /billing/invoices"]!.errors).toBe(0);
    // The runbook's "grep duration combined.log" names the slow system: WHMCS calls taking 2.5 s.
    const lines = (await readFile(path.join(portal.logDir, "combined.log"), "utf8")).split("\n").filter((line) => line.includes('"system":"whmcs"') || line.includes("WHMCS"));
    const slowCalls = lines.map((line) => JSON.parse(line) as { duration?: number }).filter((entry) => (entry.duration ?? 0) >= 2_400);
    expect(slowCalls.length).toBeGreaterThan(0);
  });

  it("error rate above 1%: WHMCS failing 30% of its calls shows as an overall error rate over 1%", async () => {
    const portal = await world.portal({ BILLING_CACHE_TTL_SECONDS: "1", WHMCS_TIMEOUT_MS: "500", CIRCUIT_FAILURE_THRESHOLD: "1000", ...ownCache() });
    const run = await traffic({ targetUrl: portal.url, rps: 40, durationMs: 15_000, customers: 10, pagesPerSession: 20, streamHoldMs: 0 });
    await windowWhere(run, "a healthy window", (window) => window.requests > 30 && window.errors === 0, 5_000);
    world.mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 500, rate: 0.3 } });
    const failing = await windowWhere(run, "error rate over 1%", (window) => window.requests > 30 && window.errorRate > 0.01, 6_000);
    expect(failing.routes["GET /orders"]).toMatchObject({ errors: 0 });
  });
});

describe("runTrafficCommand (firedrill traffic)", () => {
  it("runs --rps 20 --duration 1s against an environment, publishing through the mocks' control API", async () => {
    const { portal } = await world.portalOnFreshDatabase({ SF_EVENTS_ENABLED: "true" });
    const dir = await outDir();
    const result = await runTrafficCommand({ rps: "20", duration: "1s", name: "cli", customers: "5" }, { targetUrl: portal.url, mocksControlUrl: world.mocks.controlUrl, outDir: dir });
    expect(result).toMatchObject({ reason: "completed", sliPath: path.join(dir, "sli.jsonl"), total: { offered: 20, requests: 20, errors: 0, events: { published: 1, failed: 0 } } });
    const lines = await readSliFile(result.sliPath!);
    expect(lines[0]!.type).toBe("start");
    expect(lines.at(-1)!.type).toBe("end");
    // One whole window, and a tail only if answers came after the schedule ended.
    const windows = lines.filter((line) => line.type === "window");
    expect(windows.length === 1 || (windows.length === 2 && windows[1]!.windowMs < 500)).toBe(true);
    expect(windows.reduce((sum, line) => sum + line.requests, 0)).toBe(20);
  });

  it("stops early when its signal aborts, and refuses targets off this machine", async () => {
    const portal = await world.portal();
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(), 300);
    const result = await runTrafficCommand({ rps: 10, duration: "30s" }, { targetUrl: portal.url, outDir: await outDir() }, { signal: abort.signal });
    expect(result.reason).toBe("stopped");
    expect(performance.now() - started).toBeLessThan(2_000);
    await expect(runTrafficCommand({}, { targetUrl: "http://192.0.2.1:4000", outDir: world.dir })).rejects.toThrow(/targetUrl must be an http:\/\/ URL on loopback/);
    await expect(runTrafficCommand({ rps: "fast" }, { targetUrl: portal.url, outDir: world.dir })).rejects.toThrow('traffic: --rps "fast" is not a number');
  });
});
