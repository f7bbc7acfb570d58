import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedRedis, startRedis } from "../src/env/local/redis.ts";
import { ORDER_STATUS_CHANNEL } from "../src/target/index.ts";
import { eventually, grep, http, login, PASSWORD, type PortalWorld, startPortalWorld } from "./support/portal.ts";
import { openOrderStream } from "./support/sse.ts";

// Runbook scenario 3, "Redis Connection Failures": each test stops or pauses a Redis of its own.
let world: PortalWorld;
const privateRedis: StartedRedis[] = [];

beforeAll(async () => {
  world = await startPortalWorld();
});
afterAll(async () => {
  await Promise.allSettled(privateRedis.map((redis) => redis.stop()));
  await world?.close();
});

async function portalWithOwnRedis(overrides: Record<string, string> = {}) {
  const redis = await startRedis({ baseDir: world.dir });
  privateRedis.push(redis);
  const portal = await world.portal({ REDIS_URL: redis.url, ...overrides });
  return { redis, portal };
}

describe("Redis stopped", () => {
  it("authentication failing: with AUTH_BLACKLIST_FAIL_CLOSED=true requests and logins answer 503 and error.log says why", async () => {
    const { redis, portal } = await portalWithOwnRedis({ AUTH_BLACKLIST_FAIL_CLOSED: "true" });
    const token = await login(portal, "aiko.tanaka@example.com");
    await redis.stop();
    expect(await http(portal, "/orders", { token })).toMatchObject({ status: 503, body: { error: "authentication unavailable" } });
    expect((await http(portal, "/auth/login", { json: { email: "aiko.tanaka@example.com", password: PASSWORD } })).status).toBe(503);
    const lines = await grep(portal, "failing closed (AUTH_BLACKLIST_FAIL_CLOSED=true)", "error.log");
    expect(lines.some((line) => line.includes("Request refused: token blacklist unavailable"))).toBe(true);
    expect(lines.some((line) => line.includes("Request refused: login rate limiting unavailable"))).toBe(true);
  });

  it("with AUTH_BLACKLIST_FAIL_CLOSED=false a logged-out token works again, with a security warning in the log", async () => {
    const { redis, portal } = await portalWithOwnRedis({ AUTH_BLACKLIST_FAIL_CLOSED: "false" });
    const token = await login(portal, "haruto.sato@example.com");
    expect((await http(portal, "/auth/logout", { method: "POST", token })).status).toBe(204);
    expect((await http(portal, "/orders", { token })).status).toBe(401);
    await redis.stop();
    expect((await http(portal, "/orders", { token })).status).toBe(200);
    const warnings = await grep(portal, "security warning: token blacklist unavailable");
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: "warn", customerId: 2 });
  });

  it("rate limiting not working: with Redis gone (fail-open) repeated bad passwords never get 429", async () => {
    const { redis, portal } = await portalWithOwnRedis({ AUTH_BLACKLIST_FAIL_CLOSED: "false", LOGIN_RATE_LIMIT_PER_ACCOUNT: "2" });
    await redis.stop();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await http(portal, "/auth/login", { json: { email: "yui.suzuki@example.com", password: `wrong-${i}` } })).status);
    expect(statuses).toEqual(Array(6).fill(401));
    expect((await grep(portal, "security warning: login rate limiting unavailable")).length).toBe(6);
  });

  it("cache misses on every request: billing still answers, from WHMCS every time", async () => {
    const { redis, portal } = await portalWithOwnRedis({ AUTH_BLACKLIST_FAIL_CLOSED: "false" });
    const token = await login(portal, "sota.takahashi@example.com");
    const first = await http(portal, "/billing/invoices", { token });
    const second = await http(portal, "/billing/invoices", { token });
    expect([first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual(["MISS", "HIT"]);
    await redis.stop();
    const since = new Date().toISOString();
    for (let i = 0; i < 3; i++) {
      const reply = await http(portal, "/billing/invoices", { token });
      expect(reply.status).toBe(200);
      expect(reply.headers.get("x-cache")).toBe("UNAVAILABLE");
      expect(reply.body).toEqual(first.body);
    }
    expect(world.mocks.journal({ system: "whmcs", action: "GetInvoices", since })).toHaveLength(3);
    expect((await grep(portal, "Cache unavailable")).length).toBe(3);
  });

  it("health shows checks.cache fail within 2 s, and PORTAL_HEALTH_SKIP=cache hides it", async () => {
    const { redis, portal } = await portalWithOwnRedis();
    const blind = await world.portal({ REDIS_URL: redis.url, PORTAL_HEALTH_SKIP: "cache" });
    expect((await http(portal, "/health")).body.checks.cache.status).toBe("ok");
    await redis.stop();
    const started = performance.now();
    const health = await eventually("checks.cache fail", async () => {
      const reply = await http(portal, "/health");
      return reply.body.checks.cache.status === "fail" ? reply : undefined;
    }, 2_000);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: "fail", checks: { cache: { status: "fail", error: expect.any(String), latencyMs: expect.any(Number) }, database: { status: "ok" } } });
    const skipped = await http(blind, "/health");
    expect(skipped).toMatchObject({ status: 200, body: { status: "ok", checks: { cache: { status: "skipped", reason: "PORTAL_HEALTH_SKIP" } } } });
  });
});

describe("Redis hung (SIGSTOP)", () => {
  it("checks.cache turns fail within 2 s and ok again once Redis answers", async () => {
    const { redis, portal } = await portalWithOwnRedis();
    await redis.pause();
    try {
      const started = performance.now();
      const reply = await http(portal, "/health");
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(reply.body.checks.cache).toMatchObject({ status: "fail" });
    } finally {
      await redis.resume();
    }
    await eventually("checks.cache ok again", async () => ((await http(portal, "/health")).body.checks.cache.status === "ok" ? true : undefined), 5_000);
  });
});

describe("Redis down when the portal starts", () => {
  it("the portal starts anyway, reports checks.cache fail, and works fully once Redis is up", async () => {
    const first = await startRedis({ baseDir: world.dir });
    const port = first.port;
    await first.stop();
    const portal = await world.portal({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect((await http(portal, "/health")).body.checks.cache.status).toBe("fail");
    const redis = await startRedis({ baseDir: world.dir, port });
    privateRedis.push(redis);
    await eventually("checks.cache ok", async () => ((await http(portal, "/health")).body.checks.cache.status === "ok" ? true : undefined), 5_000, 100);
    const token = await login(portal, "kaito.kato@example.com");
    expect((await http(portal, "/orders", { token })).status).toBe(200);
    const stream = await eventually("an order stream", async () => {
      const opened = await openOrderStream(portal, token);
      if (opened.status === 200) return opened;
      opened.close();
      return undefined;
    }, 5_000, 100);
    const publisher = new Redis(redis.url);
    try {
      await publisher.publish(ORDER_STATUS_CHANNEL, JSON.stringify({ orderId: 10, customerId: 10, from: "Approved", to: "Provisioned", at: new Date().toISOString() }));
      expect((await stream.next("order-status")).data).toMatchObject({ orderId: 10 });
    } finally {
      stream.close();
      publisher.disconnect();
    }
  });
});
