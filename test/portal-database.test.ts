import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, http, login, messages, type PortalWorld, query, startPortalWorld } from "./support/portal.ts";

// Runbook scenario 4, "Database Connection Issues".
let world: PortalWorld;

beforeAll(async () => {
  world = await startPortalWorld();
});
afterAll(() => world?.close());

describe("the pool honours connection_limit", () => {
  it("never opens more connections than DATABASE_URL's connection_limit, however many requests arrive", async () => {
    const databaseUrl = await world.freshDatabase();
    const portal = await world.portal({ DATABASE_URL: `${databaseUrl}?connection_limit=2` });
    const token = await login(portal, "aiko.tanaka@example.com");
    const replies = await Promise.all(Array.from({ length: 20 }, () => http(portal, "/orders", { token })));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    const [row] = await query(world.postgres.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'customer-portal' AND datname = $1", [new URL(databaseUrl).pathname.slice(1)]);
    expect(row.n).toBeGreaterThan(0);
    expect(row.n).toBeLessThanOrEqual(2);
    expect((await http(portal, "/health")).body.checks.database).toMatchObject({ status: "ok", pool: { max: 2 } });
  });

  it("a long-running lock exhausts the pool: requests fail with Prisma's P2024 after pool_timeout and health shows requests waiting", async () => {
    const databaseUrl = await world.freshDatabase();
    const portal = await world.portal({ DATABASE_URL: `${databaseUrl}?connection_limit=1&pool_timeout=1` });
    const token = await login(portal, "haruto.sato@example.com");
    const locker = new pg.Client({ connectionString: databaseUrl });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      const stuck = http(portal, "/orders", { token });
      await eventually("the first request to hold the only connection", async () => ((await query(world.postgres.url, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'customer-portal'")).length > 0 ? true : undefined));
      const started = performance.now();
      const health = await http(portal, "/health");
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(health.body.checks.database).toMatchObject({ status: "fail", pool: { max: 1, waiting: expect.any(Number) } });
      expect(await http(portal, "/billing/invoices", { token })).toMatchObject({ status: 500, body: { error: "internal server error" } });
      expect(await messages(portal, "Prisma connection error P2024: Timed out fetching a new connection from the connection pool. (Current connection pool timeout: 1, connection limit: 1)", "error.log")).not.toHaveLength(0);
      await locker.query("ROLLBACK");
      expect((await stuck).status).toBe(200);
    } finally {
      await locker.end();
    }
  });
});

describe("PostgreSQL stopped", () => {
  it("all API requests fail with 500, checks.database is fail within 2 s, Prisma connection errors are logged; all recovers when it is back", async () => {
    const portal = await world.portal();
    const token = await login(portal, "yui.suzuki@example.com");
    await world.postgres.stopServer();
    try {
      for (const route of ["/orders", "/customers/3", "/billing/invoices", "/billing/payment-methods"]) {
        expect(await http(portal, route, { token })).toMatchObject({ status: 500, body: { error: "internal server error" } });
      }
      expect((await http(portal, "/auth/login", { json: { email: "yui.suzuki@example.com", password: "drill-password-1" } })).status).toBe(500);
      const started = performance.now();
      const health = await http(portal, "/health");
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(health).toMatchObject({ status: 503, body: { status: "fail", checks: { database: { status: "fail", error: expect.stringMatching(/^P1001: Can't reach database server at `127\.0\.0\.1:\d+`$/) }, cache: { status: "ok" } } } });
      const prisma = await messages(portal, "Prisma connection error", "error.log");
      expect(prisma).toContainEqual(expect.stringMatching(/^Prisma connection error P1001: Can't reach database server at `127\.0\.0\.1:\d+`$/));
      const failedRequests = await messages(portal, "GET /orders 500", "error.log");
      expect(failedRequests).toHaveLength(1);
    } finally {
      await world.postgres.startServer();
    }
    await eventually("checks.database ok again", async () => ((await http(portal, "/health")).body.checks.database.status === "ok" ? true : undefined), 5_000, 100);
    expect((await http(portal, "/orders", { token })).status).toBe(200);
  });
});
