import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../src/env/descriptor.ts";
import { isAlive, processesOf } from "../src/env/processes.ts";
import { startCli, waitForExit } from "./support/cli.ts";
import { envCli, envUp, privateStateRoot } from "./support/env.ts";
import { startTcpServer } from "./support/tcp.ts";

let state: Awaited<ReturnType<typeof privateStateRoot>>;
beforeAll(async () => {
  state = await privateStateRoot();
});
afterAll(async () => state.cleanup());

const exists = (file: string) => access(file).then(() => true, () => false);

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/** Nothing of the environment is left: no process names its directory, the directory is gone. */
async function expectNothingLeft(descriptor: EnvironmentDescriptor): Promise<void> {
  const pids = [descriptor.supervisorPid, descriptor.services.redis.pid, descriptor.services.postgres.pid, descriptor.target?.pid ?? 0].filter((pid) => pid > 0);
  expect(await waitUntil(() => pids.every((pid) => !isAlive(pid)))).toBe(true);
  expect(await processesOf(descriptor.stateDir)).toEqual([]);
  expect(await exists(descriptor.stateDir)).toBe(false);
}

describe("environment reliability", () => {
  it("runs several environments side by side under different names", async () => {
    const [a, b] = await Promise.all([envUp(state.env, "class-a"), envUp(state.env, "class-b")]);
    expect(a.services.redis.directPort).not.toBe(b.services.redis.directPort);
    expect(a.services.postgres.directPort).not.toBe(b.services.postgres.directPort);
    expect(a.proxy.apiUrl).not.toBe(b.proxy.apiUrl);
    await Promise.all([envCli(state.env, ["env", "down", "--name", "class-a"]), envCli(state.env, ["env", "down", "--name", "class-b"])]);
    await expectNothingLeft(a);
    await expectNothingLeft(b);
  });

  it("after kill -9 of the supervisor, firedrill gc leaves no Redis, PostgreSQL, proxy or directory behind", async () => {
    const descriptor = await envUp(state.env, "crashed");
    process.kill(descriptor.supervisorPid, "SIGKILL");
    expect(await waitUntil(() => !isAlive(descriptor.supervisorPid))).toBe(true);
    // The servers outlive their supervisor: that is what gc is for.
    expect(isAlive(descriptor.services.redis.pid)).toBe(true);
    const status = await envCli(state.env, ["env", "status", "--name", "crashed"]);
    expect(status.stderr).toContain("run `firedrill gc`");

    const gc = await envCli(state.env, ["gc"]);
    expect(gc.code).toBe(0);
    expect(gc.stdout).toMatch(/gc: environment "crashed": ended [1-9]\d* process\(es\), removed/);
    await expectNothingLeft(descriptor);
    expect((await envCli(state.env, ["gc"])).stdout).toContain("gc: nothing to reap");
  });

  it("SIGTERM to a detached supervisor tears everything down", async () => {
    const descriptor = await envUp(state.env, "terminated");
    process.kill(descriptor.supervisorPid, "SIGTERM");
    await expectNothingLeft(descriptor);
  });

  it("a foreground env up tears down on Ctrl-C (SIGINT)", async () => {
    const { child } = await startCli(["env", "up", "--name", "foreground"], /Press Ctrl-C to stop/, 120_000, state.env);
    const descriptor = JSON.parse((await envCli(state.env, ["env", "status", "--name", "foreground", "--json"])).stdout).descriptor as EnvironmentDescriptor;
    expect(descriptor.supervisorPid).toBe(child.pid);
    child.kill("SIGINT");
    const exit = await waitForExit(child);
    expect(exit.code).toBe(0);
    await expectNothingLeft(descriptor);
  });

  it("the next env up under a crashed environment's name reaps it and starts", async () => {
    const crashed = await envUp(state.env, "reused");
    process.kill(crashed.supervisorPid, "SIGKILL");
    await waitUntil(() => !isAlive(crashed.supervisorPid));
    const fresh = await envUp(state.env, "reused");
    expect(isAlive(crashed.services.redis.pid)).toBe(false);
    expect(isAlive(crashed.services.postgres.pid)).toBe(false);
    await envCli(state.env, ["env", "down", "--name", "reused"]);
    await expectNothingLeft(fresh);
  });

  describe("bad input: a clear error, exit code 2, nothing left running", () => {
    const expectNoEnvironment = async (name: string) => {
      expect(await exists(path.join(state.root, "envs", name))).toBe(false);
      expect(await processesOf(path.join(state.root, "envs", name))).toEqual([]);
    };

    it("redis-server missing from PATH names the install command", async () => {
      const bin = path.join(state.root, "empty-bin");
      await mkdir(bin, { recursive: true });
      const result = await envCli(state.env, ["env", "up", "--detach", "--name", "no-redis"], { PATH: bin });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("redis-server is not installed on PATH; install it with `apt-get install redis-server`");
      await expectNoEnvironment("no-redis");
    });

    it("a proxy port already taken", async () => {
      await using taken = await startTcpServer(() => {});
      const result = await envCli(state.env, ["env", "up", "--detach", "--name", "taken-port", "--proxy-port", String(taken.port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port ${taken.port}`);
      expect(result.stderr).toContain("already in use");
      await expectNoEnvironment("taken-port");
    });

    it("an unwritable state directory", async () => {
      const file = path.join(state.root, "not-a-dir");
      await writeFile(file, "");
      const result = await envCli({ FIREDRILL_STATE_DIR: file }, ["env", "up", "--detach", "--name", "x"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(file);
      expect(result.stderr).toContain("FIREDRILL_STATE_DIR");
    });

    it("a name that is not allowed", async () => {
      const result = await envCli(state.env, ["env", "up", "--detach", "--name", "../etc"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('environment name "../etc" is not allowed');
    });

    it("an unknown part", async () => {
      const result = await envCli(state.env, ["env", "restart", "mysql"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no part "mysql"; parts: redis, postgres');
    });
  });
});
