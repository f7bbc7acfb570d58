import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectNetwork, killContainer, limitMemory, oomKilled, pauseContainer } from "../src/env/containers/container-faults.ts";
import type { EnvironmentDescriptor } from "../src/env/descriptor.ts";
import { postgresSelectOne, redisPing } from "../src/env/health.ts";
import { isAlive } from "../src/env/processes.ts";
import { withRedis } from "../src/probes/redis-client.ts";
import { containersLabelled, inspect, requireDocker } from "./support/docker.ts";
import { envCli, envUp, privateStateRoot } from "./support/env.ts";

// One environment for the file, reused by its tests: a containers environment costs seconds, not milliseconds.
requireDocker();
let state: Awaited<ReturnType<typeof privateStateRoot>>;
let descriptor: EnvironmentDescriptor;

beforeAll(async () => {
  state = await privateStateRoot();
  descriptor = await envUp(state.env, "ctr", ["--backend", "containers"]);
}, 180_000);
afterAll(async () => state?.cleanup(), 60_000);

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

describe("firedrill env on the containers backend (needs a Docker engine and `firedrill images build`)", () => {
  it("env up --backend containers gives the local backend's descriptor, with container ids", () => {
    expect(descriptor).toMatchObject({ name: "ctr", backend: "containers", services: { redis: { proxy: "redis" }, postgres: { proxy: "postgres", database: "portal", templateDatabase: "portal_template" } } });
    expect(isAlive(descriptor.supervisorPid)).toBe(true);
    for (const service of [descriptor.services.redis, descriptor.services.postgres]) {
      expect(service.containerId).toMatch(/^[0-9a-f]{64}$/);
      expect(service.url).not.toBe(service.directUrl);
      expect(inspect(service.containerId!, "{{.State.Running}}")).toBe("true");
    }
    expect(descriptor.target?.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // firedrill images build makes a Node.js image: the mocks run in a container on the host's network.
    expect(descriptor.mocks.containerId).toMatch(/^[0-9a-f]{64}$/);
    expect(inspect(descriptor.mocks.containerId!, "{{.HostConfig.NetworkMode}}")).toBe("host");
  });

  it("labels every container with the environment, the session and the state directory, and publishes on loopback only", () => {
    const servers = [descriptor.services.redis.containerId!, descriptor.services.postgres.containerId!];
    const ids = containersLabelled(`firedrill.env=ctr`);
    expect(ids.sort()).toEqual([...servers, descriptor.mocks.containerId].sort());
    const sessions = new Set<string>();
    for (const id of ids) {
      const labels = JSON.parse(inspect(id, "{{json .Config.Labels}}")) as Record<string, string>;
      expect(labels).toMatchObject({ "firedrill.env": "ctr", "firedrill.session": expect.stringMatching(/^[0-9a-f]{12}$/), "firedrill.state-dir": descriptor.stateDir });
      sessions.add(labels["firedrill.session"]!);
    }
    expect(sessions.size).toBe(1);
    for (const id of servers) expect(inspect(id, "{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostIp}}{{end}}{{end}}")).toBe("127.0.0.1");
  });

  it("Redis, the seeded PostgreSQL and the mocks answer directly and through their proxies", async () => {
    const { redis, postgres } = descriptor.services;
    for (const url of [redis.url, redis.directUrl]) expect(await redisPing(url)).toBe("PONG");
    for (const url of [postgres.url, postgres.directUrl]) {
      const rows = await query<{ count: string }>(url, "SELECT count(*) FROM orders WHERE status = 'Pending Review'");
      expect(Number(rows[0]!.count)).toBeGreaterThan(0);
    }
    const templates = await query<{ datname: string }>(postgres.directUrl, "SELECT datname FROM pg_database WHERE datistemplate AND datname = 'portal_template'");
    expect(templates).toHaveLength(1);
    const { whmcs } = descriptor.services;
    for (const url of [whmcs.url, whmcs.directUrl]) {
      const body = new URLSearchParams({ action: "GetClients", responsetype: "json", identifier: whmcs.identifier, secret: whmcs.secret });
      expect(await (await fetch(url, { method: "POST", body })).json()).toMatchObject({ result: "success" });
    }
  });

  it("the portal is healthy on it", async () => {
    const result = await envCli(state.env, ["env", "status", "--name", "ctr"]);
    expect(result.stdout).toMatch(/ok\s+portal/);
    expect(result.code).toBe(0);
  });

  it("restart keeps ports and container: PostgreSQL keeps its data, Redis (no persistence) does not, the portal reconnects", async () => {
    const { redis, postgres } = descriptor.services;
    await query(postgres.directUrl, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
    await withRedis(redis.directUrl, 3_000, (client) => client.set("firedrill:gone", "1"));
    for (const part of ["postgres", "redis"]) {
      const result = await envCli(state.env, ["env", "restart", part, "--name", "ctr"]);
      expect(result.code, result.stderr).toBe(0);
    }
    const after = JSON.parse((await envCli(state.env, ["env", "status", "--name", "ctr", "--json"])).stdout) as { descriptor: EnvironmentDescriptor };
    for (const part of ["redis", "postgres"] as const) {
      const [was, now] = [descriptor.services[part], after.descriptor.services[part]];
      expect({ directPort: now.directPort, port: now.port, containerId: now.containerId }).toEqual({ directPort: was.directPort, port: was.port, containerId: was.containerId });
      expect(now.pid).not.toBe(was.pid);
    }
    expect(await query(postgres.url, "SELECT id FROM kept")).toEqual([{ id: 7 }]);
    expect(await withRedis(redis.url, 3_000, (client) => client.get("firedrill:gone"))).toBeNull();
    await eventually(async () => {
      const status = await envCli(state.env, ["env", "status", "--name", "ctr"]);
      if (status.code !== 0) throw new Error(status.stdout);
    });
  });

  it("stop leaves the part down (pid 0) and start brings it back on the same port", async () => {
    expect((await envCli(state.env, ["env", "stop", "postgres", "--name", "ctr"])).code).toBe(0);
    const stopped = JSON.parse((await envCli(state.env, ["env", "status", "--name", "ctr", "--json"])).stdout) as { descriptor: EnvironmentDescriptor };
    expect(stopped.descriptor.services.postgres.pid).toBe(0);
    await expect(postgresSelectOne(descriptor.services.postgres.directUrl)).rejects.toThrow();
    expect((await envCli(state.env, ["env", "start", "postgres", "--name", "ctr"])).code).toBe(0);
    expect(await postgresSelectOne(descriptor.services.postgres.url)).toBe("SELECT 1");
  });

  it("container faults: pause hangs Redis until reverted; kill and network disconnect cut it off until reverted", async () => {
    const { containerId, url, directUrl } = descriptor.services.redis;
    const paused = await pauseContainer(containerId!);
    await expect(redisPing(directUrl, 500)).rejects.toThrow(/no reply to PING/);
    await paused.revert();
    await paused.revert();
    expect(await redisPing(url)).toBe("PONG");

    const killed = await killContainer(containerId!);
    await expect(redisPing(directUrl, 500)).rejects.toThrow();
    await killed.revert();
    expect(await eventually(() => redisPing(url))).toBe("PONG");

    const cut = await disconnectNetwork(containerId!);
    await expect(redisPing(directUrl, 500)).rejects.toThrow();
    await cut.revert();
    expect(await eventually(() => redisPing(url))).toBe("PONG");
  });

  it("container faults: a memory limit lets the OOM killer end a Redis that outgrows it; the revert lifts it", async () => {
    const { containerId, directUrl } = descriptor.services.redis;
    const limited = await limitMemory(containerId!, 32 * 1024 * 1024);
    const value = "x".repeat(64 * 1024);
    await withRedis(directUrl, 5_000, async (client) => {
      for (let batch = 0; batch < 20; batch++) {
        const pipeline = client.pipeline();
        for (let i = 0; i < 64; i++) pipeline.set(`fill:${batch}:${i}`, value);
        await pipeline.exec().catch(() => {});
      }
    }).catch(() => {});
    expect(await eventually(async () => {
      if (!(await oomKilled(containerId!))) throw new Error("not OOM-killed yet");
      return true;
    })).toBe(true);
    await limited.revert();
    expect(await eventually(() => redisPing(directUrl))).toBe("PONG");
  });

  it("env down removes every container of the environment", async () => {
    const result = await envCli(state.env, ["env", "down", "--name", "ctr"]);
    expect(result.code, result.stderr).toBe(0);
    expect(containersLabelled(`firedrill.state-dir=${descriptor.stateDir}`)).toEqual([]);
  });

  it("after kill -9 of the supervisor, gc removes its containers", async () => {
    const crashed = await envUp(state.env, "crash", ["--backend", "containers", "--no-portal"]);
    expect(containersLabelled(`firedrill.state-dir=${crashed.stateDir}`)).toHaveLength(3);
    process.kill(crashed.supervisorPid, "SIGKILL");
    await eventually(async () => {
      if (isAlive(crashed.supervisorPid)) throw new Error("still alive");
    });
    const gc = await envCli(state.env, ["gc"]);
    expect(gc.stdout).toMatch(/environment "crash": .*removed 3 container\(s\)/);
    expect(containersLabelled(`firedrill.state-dir=${crashed.stateDir}`)).toEqual([]);
  }, 60_000);
});
