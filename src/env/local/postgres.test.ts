import { scryptSync, timingSafeEqual } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPostgres, type StartedPostgres } from "./postgres.ts";
import { defaultBaseDir } from "./private-dir.ts";
import { childCommands, exists, isAlive } from "./testing.ts";

// Private cache and base directories: parallel test files never share state.
let root: string;
let cacheDir: string;
let baseDir: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(await defaultBaseDir(), "firedrill-pg-test-"));
  cacheDir = path.join(root, "cache");
  // As root, PostgreSQL runs as the postgres user, which must be able to reach its directory.
  await fs.chmod(root, 0o711);
});
beforeEach(async () => {
  baseDir = await fs.mkdtemp(path.join(root, "run-"));
  await fs.chmod(baseDir, 0o711);
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function pendingReview(url: string): Promise<number> {
  const [row] = await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM orders WHERE status = 'Pending Review'");
  return row?.n ?? -1;
}

async function expectGone(postgres: StartedPostgres): Promise<void> {
  expect(isAlive(postgres.pid)).toBe(false);
  expect(await childCommands()).not.toContainEqual(expect.stringContaining("postgres"));
  expect(await exists(postgres.directory)).toBe(false);
}

describe("startPostgres", () => {
  it("builds the seeded template on a cold start and copies it on a warm start", async () => {
    const cold = await startPostgres({ cacheDir, baseDir });
    const entry = path.join(cacheDir, `pg-template-${cold.templateHash}`);
    let builtAt: string;
    try {
      expect(cold.templateCacheHit).toBe(false);
      expect(await fs.readdir(cacheDir)).toEqual([path.basename(entry)]);
      builtAt = JSON.parse(await fs.readFile(path.join(entry, "template.json"), "utf8")).builtAt;
      expect(cold.url).toBe(`postgres://postgres:firedrill@127.0.0.1:${cold.port}/portal`);
      expect(await pendingReview(cold.url)).toBe(6);
    } finally {
      await cold.stop();
    }

    await using warm = await startPostgres({ cacheDir, baseDir });
    expect(warm.templateCacheHit).toBe(true);
    expect(warm.templateHash).toBe(cold.templateHash);
    expect(JSON.parse(await fs.readFile(path.join(entry, "template.json"), "utf8")).builtAt).toBe(builtAt);
    expect(await pendingReview(warm.url)).toBe(6);
    expect(await fs.readdir(path.join(warm.dataDir, "base"))).not.toHaveLength(0);
    // PostgreSQL insists on a 0700 data directory owned by the user it runs as.
    const stat = await fs.stat(warm.dataDir);
    expect((stat.mode & 0o777).toString(8)).toBe("700");
    const [owner] = await query<{ pid: number }>(warm.url, "SELECT pg_backend_pid() AS pid");
    expect(owner?.pid).toBeGreaterThan(0);
  });

  it("serves the portal's seed data: 20 customers whose password is drill-password-1", async () => {
    await using postgres = await startPostgres({ cacheDir, baseDir });
    const counts = await query<{ customers: number; orders: number; jobs: number; sessions: number }>(
      postgres.url,
      `SELECT (SELECT count(*)::int FROM customers) AS customers, (SELECT count(*)::int FROM orders) AS orders,
              (SELECT count(*)::int FROM provisioning_jobs) AS jobs, (SELECT count(*)::int FROM sessions) AS sessions`,
    );
    expect(counts[0]).toMatchObject({ customers: 20, orders: 40 });
    expect(counts[0]?.jobs).toBeGreaterThan(0);
    const [customer] = await query<{ password_hash: string }>(postgres.url, "SELECT password_hash FROM customers ORDER BY id LIMIT 1");
    const [scheme, n, r, p, salt, hash] = (customer?.password_hash ?? "").split("$");
    expect(scheme).toBe("scrypt");
    const expected = Buffer.from(hash ?? "", "base64url");
    const derived = scryptSync("drill-password-1", Buffer.from(salt ?? "", "base64url"), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
    expect(timingSafeEqual(derived, expected)).toBe(true);
    // Inserts after the seed's explicit ids get fresh ones.
    const [inserted] = await query<{ id: string }>(
      postgres.url,
      "INSERT INTO orders (customer_id, plan_code, sim_type) VALUES (1, 'data-3gb', 'esim') RETURNING id",
    );
    expect(Number(inserted?.id)).toBe(41);
  });

  it("creates independent copies of the template and drops them", async () => {
    await using postgres = await startPostgres({ cacheDir, baseDir });
    const copy = await postgres.createDatabase("drill_a");
    expect(copy).toBe(postgres.urlFor("drill_a"));
    await query(copy, "UPDATE orders SET status = 'Approved' WHERE status = 'Pending Review'");
    expect(await pendingReview(copy)).toBe(0);
    expect(await pendingReview(postgres.url)).toBe(6);
    expect(await pendingReview(await postgres.createDatabase("drill_b"))).toBe(6);

    await postgres.dropDatabase("drill_a");
    const names = await query<{ datname: string }>(postgres.url, "SELECT datname FROM pg_database");
    expect(names.map((row) => row.datname)).not.toContain("drill_a");
    await expect(postgres.dropDatabase("portal_template")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    await expect(postgres.createDatabase("Robert'); DROP TABLE customers;--")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });

  it("stops the postmaster and every backend, removes its directory, and stops only once", async () => {
    const postgres = await startPostgres({ cacheDir, baseDir });
    const client = new pg.Client(postgres.url);
    await client.connect();
    client.on("error", () => {});
    expect(isAlive(postgres.pid)).toBe(true);
    await postgres.stop(); // a connected client does not hold up the fast shutdown
    await expectGone(postgres);
    await postgres.stop();
    await client.end().catch(() => {});
  });

  it("stops and starts in place, keeping its port and data, also after the postmaster was killed", async () => {
    await using postgres = await startPostgres({ cacheDir, baseDir });
    await query(postgres.url, "INSERT INTO audit_events (actor, action, subject) VALUES ('staff:test', 'drill.mark', 'restart')");
    const marks = async () => (await query<{ n: number }>(postgres.url, "SELECT count(*)::int AS n FROM audit_events WHERE action = 'drill.mark'"))[0]?.n;

    const firstPid = postgres.pid;
    await postgres.stopServer();
    expect(postgres.running).toBe(false);
    expect(isAlive(firstPid)).toBe(false);
    expect(await exists(postgres.dataDir)).toBe(true);
    await postgres.startServer();
    expect(postgres.running).toBe(true);
    expect(postgres.pid).not.toBe(firstPid);
    expect(await marks()).toBe(1);

    // What a "postgres crashed" drill does; the operator's restart must recover.
    process.kill(postgres.pid, "SIGKILL");
    await expect.poll(() => postgres.running).toBe(false);
    await postgres.startServer();
    expect(await marks()).toBe(1);
    expect(await fs.readFile(postgres.logPath, "utf8")).toContain("database system was interrupted");
  });

  it("fails with PORT_IN_USE on a taken port and leaves nothing behind", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startPostgres({ cacheDir, baseDir, port }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PORT_IN_USE" });
      expect((error as Error).message).toContain(`postgres: port ${port}`);
    } finally {
      blocker.close();
    }
    expect(await childCommands()).not.toContainEqual(expect.stringContaining("postgres"));
    expect(await fs.readdir(baseDir)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)("explains a base directory the postgres user cannot reach", async () => {
    const closed = await fs.mkdtemp(path.join(root, "closed-"));
    const error = await startPostgres({ cacheDir, baseDir: closed }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    expect((error as Error).message).toMatch(/cannot reach .*chmod o\+x/);
    expect(await fs.readdir(closed)).toEqual([]);
    expect(await childCommands()).not.toContainEqual(expect.stringContaining("postgres"));
  });

  it("names the missing fixture", async () => {
    const error = await startPostgres({ cacheDir, baseDir, fixturesDir: path.join(root, "nowhere") }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    expect((error as Error).message).toContain(path.join(root, "nowhere", "schema.sql"));
  });

  it("reports a broken seed with the file and the database error, and leaves nothing behind", async () => {
    const fixturesDir = path.join(root, "broken-fixtures");
    await fs.mkdir(fixturesDir);
    await fs.writeFile(path.join(fixturesDir, "schema.sql"), "CREATE TABLE t (id int PRIMARY KEY);");
    await fs.writeFile(path.join(fixturesDir, "seed.sql"), "INSERT INTO nope VALUES (1);");
    const brokenCache = path.join(root, "broken-cache");
    const error = await startPostgres({ cacheDir: brokenCache, baseDir, fixturesDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFIG_INVALID" });
    expect((error as Error).message).toMatch(/seed\.sql failed: relation "nope" does not exist/);
    expect(await childCommands()).not.toContainEqual(expect.stringContaining("postgres"));
    expect(await fs.readdir(baseDir)).toEqual([]);
    expect(await exists(brokenCache)).toBe(false);
  });

  it("lets concurrent cold starts share one cache entry without corrupting it", async () => {
    const sharedCache = path.join(root, "shared-cache");
    const starts = await Promise.allSettled([1, 2, 3].map(() => startPostgres({ cacheDir: sharedCache, baseDir })));
    const started = starts.flatMap((start) => (start.status === "fulfilled" ? [start.value] : []));
    try {
      expect(starts.filter((start) => start.status === "rejected")).toEqual([]);
      const [first] = started;
      expect(await fs.readdir(sharedCache)).toEqual([`pg-template-${first?.templateHash}`]);
      for (const postgres of started) expect(await pendingReview(postgres.url)).toBe(6);
    } finally {
      await Promise.all(started.map((postgres) => postgres.stop()));
    }
    const again = await startPostgres({ cacheDir: sharedCache, baseDir });
    expect(again.templateCacheHit).toBe(true);
    await again.stop();
    for (const postgres of [...started, again]) await expectGone(postgres);
  });
});
