import { mkdtemp, chmod, rm } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import type { Proxy } from "toxiproxy-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultBaseDirSync } from "../src/env/local/private-dir.ts";
import { type StartedPostgres, startPostgres } from "../src/env/local/postgres.ts";
import { type StartedRedis, startRedis } from "../src/env/local/redis.ts";
import { portOf, startTestProxyServer } from "./support/tcp.ts";

// Real servers, real clients (ioredis, pg), only the proxy in between.
let dir: string;
let redis: StartedRedis;
let postgres: StartedPostgres;
let proxies: Awaited<ReturnType<typeof startTestProxyServer>>;
let redisProxy: Proxy;
let postgresProxy: Proxy;

beforeAll(async () => {
  dir = await mkdtemp(path.join(defaultBaseDirSync(), "firedrill-proxy-services-"));
  await chmod(dir, 0o755);
  [redis, postgres, proxies] = await Promise.all([startRedis({ baseDir: dir }), startPostgres({ baseDir: dir }), startTestProxyServer()]);
  redisProxy = await proxies.client.createProxy({ name: "redis", listen: "127.0.0.1:0", upstream: `127.0.0.1:${redis.port}` });
  postgresProxy = await proxies.client.createProxy({ name: "postgres", listen: "127.0.0.1:0", upstream: `127.0.0.1:${postgres.port}` });
});

afterAll(async () => {
  await Promise.allSettled([proxies?.server.close(), redis?.stop(), postgres?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

function redisClient(): Redis {
  const client = new Redis({ port: portOf(redisProxy.listen), host: "127.0.0.1", maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null, lazyConnect: true });
  client.on("error", () => {});
  return client;
}

function pgClient(): pg.Client {
  const url = new URL(postgres.url);
  url.port = String(portOf(postgresProxy.listen));
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000, query_timeout: 5_000 });
  client.on("error", () => {});
  return client;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe("Redis through the proxy (ioredis)", () => {
  it("works untouched, and a 100 ms latency toxic adds about 100 ms per command", async () => {
    const client = redisClient();
    await client.connect();
    await client.set("k", "v");
    const before = await timed(() => client.get("k"));
    expect(before.value).toBe("v");
    const toxic = await redisProxy.addToxic({ type: "latency", attributes: { latency: 100, jitter: 0 } } as never);
    const slow = await timed(() => client.get("k"));
    expect(slow.value).toBe("v");
    expect(slow.ms - before.ms).toBeGreaterThanOrEqual(95);
    expect(slow.ms - before.ms).toBeLessThan(200);
    await toxic.remove();
    expect((await timed(() => client.get("k"))).ms).toBeLessThan(50);
    client.disconnect();
  });

  it("fails fast while the proxy is disabled, and works again once it is enabled", async () => {
    const client = redisClient();
    await client.connect();
    await redisProxy.update({ enabled: false, listen: redisProxy.listen, upstream: redisProxy.upstream });
    await expect(client.ping()).rejects.toThrow();
    const fresh = redisClient();
    await expect(fresh.connect()).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
    await redisProxy.update({ enabled: true, listen: redisProxy.listen, upstream: redisProxy.upstream });
    const again = redisClient();
    await again.connect();
    expect(await again.ping()).toBe("PONG");
    for (const c of [client, fresh, again]) c.disconnect();
  });
});

describe("PostgreSQL through the proxy (pg)", () => {
  it("queries the seeded database, and a 100 ms latency toxic slows each round trip", async () => {
    const client = pgClient();
    await client.connect();
    const before = await timed(() => client.query("SELECT count(*)::int AS n FROM customers"));
    expect(before.value.rows[0].n).toBeGreaterThan(0);
    const toxic = await postgresProxy.addToxic({ type: "latency", stream: "upstream", attributes: { latency: 100, jitter: 0 } } as never);
    const slow = await timed(() => client.query("SELECT 1"));
    expect(slow.ms).toBeGreaterThanOrEqual(95);
    expect(slow.ms).toBeLessThan(250);
    await toxic.remove();
    await client.end();
  });

  it("drops an open session when the proxy is disabled and refuses new ones", async () => {
    const client = pgClient();
    await client.connect();
    await postgresProxy.update({ enabled: false, listen: postgresProxy.listen, upstream: postgresProxy.upstream });
    await expect(client.query("SELECT 1")).rejects.toThrow();
    await expect(pgClient().connect()).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await postgresProxy.update({ enabled: true, listen: postgresProxy.listen, upstream: postgresProxy.upstream });
    const again = pgClient();
    await again.connect();
    expect((await again.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    await again.end();
  });
});
