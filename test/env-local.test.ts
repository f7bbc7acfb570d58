import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { Toxiproxy } from "toxiproxy-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor, PartHealth } from "../src/env/descriptor.ts";
import { isAlive, processesOf } from "../src/env/processes.ts";
import { envCli, envUp, privateStateRoot } from "./support/env.ts";

let state: Awaited<ReturnType<typeof privateStateRoot>>;
beforeAll(async () => {
  state = await privateStateRoot();
});
afterAll(async () => state.cleanup());

async function pendingReviewCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>("SELECT count(*) FROM orders WHERE status = 'Pending Review'");
    return Number(result.rows[0]!.count);
  } finally {
    await client.end();
  }
}

async function redisRoundTrip(url: string): Promise<string | null> {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, connectTimeout: 2_000, retryStrategy: () => null, lazyConnect: true });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.set("firedrill:test", "hello");
    return await redis.get("firedrill:test");
  } finally {
    redis.disconnect();
  }
}

const exists = (file: string) => access(file).then(() => true, () => false);

describe("firedrill env (local backend)", () => {
  let descriptor: EnvironmentDescriptor;

  it("env up --detach --json prints the descriptor once Redis, PostgreSQL and their proxies are ready", async () => {
    descriptor = await envUp(state.env, "main");
    expect(descriptor).toMatchObject({ name: "main", backend: "local", services: { redis: { proxy: "redis" }, postgres: { proxy: "postgres" }, salesforce: { proxy: "salesforce" }, whmcs: { proxy: "whmcs" }, freebit: { proxy: "freebit" } }, mocks: { controlUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/) } });
    expect(isAlive(descriptor.supervisorPid)).toBe(true);
    for (const service of [descriptor.services.redis, descriptor.services.postgres]) expect(isAlive(service.pid)).toBe(true);
    for (const service of Object.values(descriptor.services)) expect(service.url).not.toBe(service.directUrl);
    const proxies = await new Toxiproxy(descriptor.proxy.apiUrl).getAll();
    expect(Object.keys(proxies).sort()).toEqual(["freebit", "postgres", "redis", "salesforce", "whmcs"]);
  });

  it("serves the seeded portal database and Redis, through the proxies and directly", async () => {
    expect(await pendingReviewCount(descriptor.services.postgres.url)).toBeGreaterThan(0);
    expect(await pendingReviewCount(descriptor.services.postgres.directUrl)).toBe(await pendingReviewCount(descriptor.services.postgres.url));
    expect(await redisRoundTrip(descriptor.services.redis.url)).toBe("hello");
  });

  it("env status reports every part healthy, then the failure a disabled proxy causes", async () => {
    const healthy = await envCli(state.env, ["env", "status", "--name", "main", "--json"]);
    expect(healthy.code).toBe(0);
    const status = JSON.parse(healthy.stdout) as { descriptor: EnvironmentDescriptor; health: PartHealth[] };
    expect(status.descriptor.supervisorPid).toBe(descriptor.supervisorPid);
    expect(status.health.every((part) => part.status === "ok")).toBe(true);

    const proxy = await new Toxiproxy(descriptor.proxy.apiUrl).get("redis");
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    const failing = await envCli(state.env, ["env", "status", "--name", "main"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL redis via proxy/);
    expect(failing.stdout).toMatch(/ok {3}redis {2}/);
    await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
  });

  it("env shell runs the runbook's commands against the environment", async () => {
    const psql = await envCli(state.env, ["env", "shell", "--name", "main", "-c", `psql "$DATABASE_URL" -tAc "SELECT 1"`]);
    expect(psql.stdout.trim()).toBe("1");
    const redisCli = await envCli(state.env, ["env", "shell", "--name", "main", "-c", "redis-cli ping"]);
    expect(redisCli.stdout.trim()).toBe("PONG");
    const vars = await envCli(state.env, ["env", "shell", "--name", "main", "-c", 'echo "$REDIS_URL $TOXIPROXY_URL $FIREDRILL_ENV"']);
    expect(vars.stdout.trim()).toBe(`${descriptor.services.redis.url} ${descriptor.proxy.apiUrl} main`);
  });

  it("runs the sample portal wired through the proxies, and the runbook's WHMCS curl answers as WHMCS would", async () => {
    const target = descriptor.target!;
    expect(isAlive(target.pid)).toBe(true);
    const health = (await (await fetch(target.healthUrl)).json()) as { status: string; checks: Record<string, { status: string }> };
    expect(health.status).toBe("ok");
    expect(Object.keys(health.checks).sort()).toEqual(["cache", "database", "freebit", "salesforce", "whmcs"]);
    const curl = await envCli(state.env, [
      "env", "shell", "--name", "main", "-c",
      'curl -s -X POST "$WHMCS_API_URL" -d "action=GetClients&responsetype=json&identifier=$WHMCS_API_IDENTIFIER&secret=$WHMCS_API_SECRET"',
    ]);
    expect(JSON.parse(curl.stdout)).toMatchObject({ result: "success", clients: { client: expect.any(Array) } });
    // The runbook's `top -p $(pgrep -f "node.*bff")` finds the portal.
    const pgrep = await envCli(state.env, ["env", "shell", "--name", "main", "-c", 'pgrep -f "node.*bff"']);
    expect(pgrep.stdout.split("\n")).toContain(String(target.pid));
  });

  it("env restart portal --set changes the BFF's variables, as a responder does", async () => {
    const before = descriptor.target!.pid;
    const result = await envCli(state.env, ["env", "restart", "portal", "--name", "main", "--set", "SF_EVENTS_REPLAY=ALL"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("with SF_EVENTS_REPLAY=ALL");
    const after = JSON.parse((await envCli(state.env, ["env", "status", "--name", "main", "--json"])).stdout) as { descriptor: EnvironmentDescriptor };
    expect(after.descriptor.target!.pid).not.toBe(before);
    expect(after.descriptor.target!.overrides).toEqual({ SF_EVENTS_REPLAY: "ALL" });
    expect(after.descriptor.env.SF_EVENTS_REPLAY).toBe("ALL");
    expect(isAlive(before)).toBe(false);
    const health = await fetch(after.descriptor.target!.healthUrl);
    expect(health.status).toBe(200);
    descriptor = after.descriptor;
  });

  it("firedrill traffic plays customers against the portal and writes SLIs per window", async () => {
    const result = await envCli(state.env, ["traffic", "--name", "main", "--rps", "20", "--duration", "2s", "--quiet"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/traffic completed after 2\.\ds: 40 requests .* of 40 offered, 0 dropped/);
    const lines = (await readFile(path.join(descriptor.stateDir, "traffic", "sli.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { type: string });
    expect(lines[0]!.type).toBe("start");
    expect(lines.at(-1)!.type).toBe("end");
    expect(lines.filter((line) => line.type === "window").length).toBeGreaterThanOrEqual(2);
  });

  it("env restart redis starts a new Redis on the same port; the proxy keeps working", async () => {
    const result = await envCli(state.env, ["env", "restart", "redis", "--name", "main"]);
    expect(result.code).toBe(0);
    const after = JSON.parse((await envCli(state.env, ["env", "status", "--name", "main", "--json"])).stdout) as { descriptor: EnvironmentDescriptor };
    expect(after.descriptor.services.redis.pid).not.toBe(descriptor.services.redis.pid);
    expect(after.descriptor.services.redis.directPort).toBe(descriptor.services.redis.directPort);
    expect(isAlive(descriptor.services.redis.pid)).toBe(false);
    expect(await redisRoundTrip(descriptor.services.redis.url)).toBe("hello");
  });

  it("env stop postgres takes the database away until env start; its data survives", async () => {
    const client = new pg.Client({ connectionString: descriptor.services.postgres.url });
    await client.connect();
    await client.query("UPDATE orders SET status = 'Cancelled' WHERE id = (SELECT min(id) FROM orders)");
    await client.end();
    const before = await pendingReviewCount(descriptor.services.postgres.url);

    expect((await envCli(state.env, ["env", "stop", "postgres", "--name", "main"])).code).toBe(0);
    const stopped = await envCli(state.env, ["env", "status", "--name", "main"]);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/FAIL postgres /);
    await expect(pendingReviewCount(descriptor.services.postgres.url)).rejects.toThrow();

    expect((await envCli(state.env, ["env", "start", "postgres", "--name", "main"])).code).toBe(0);
    expect(await pendingReviewCount(descriptor.services.postgres.url)).toBe(before);
    const cancelled = new pg.Client({ connectionString: descriptor.services.postgres.directUrl });
    await cancelled.connect();
    const rows = await cancelled.query("SELECT status FROM orders WHERE id = (SELECT min(id) FROM orders)");
    await cancelled.end();
    expect(rows.rows[0].status).toBe("Cancelled");
  });

  it("refuses a second env up with a name in use, leaving the first untouched", async () => {
    const second = await envCli(state.env, ["env", "up", "--detach", "--name", "main"]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`environment "main" is already up (supervisor pid ${descriptor.supervisorPid})`);
    expect(await redisRoundTrip(descriptor.services.redis.url)).toBe("hello");
  });

  it("env down stops everything and removes the environment's directory", async () => {
    const pids = [descriptor.supervisorPid, descriptor.services.redis.pid, descriptor.services.postgres.pid, descriptor.target!.pid];
    const result = await envCli(state.env, ["env", "down", "--name", "main"]);
    expect(result.code).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(await processesOf(descriptor.stateDir)).toEqual([]);
    expect(await exists(descriptor.stateDir)).toBe(false);
    const status = await envCli(state.env, ["env", "status", "--name", "main"]);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('environment "main" is not running');
  });
});
