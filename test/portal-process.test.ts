import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type PortalWorld, startPortalWorld } from "./support/portal.ts";

// src/target/main.ts as the environment runs it: a process configured by environment variables.
let world: PortalWorld;
const children: ChildProcess[] = [];

beforeAll(async () => {
  world = await startPortalWorld();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await world?.close();
});

function runPortal(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/target/main.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe("the portal process", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("prints where it listens, serves /health, and on %s shuts down cleanly with exit code 0", async (signal) => {
    const env = world.env({ SF_EVENTS_ENABLED: "true" });
    const portal = runPortal(env);
    const url = await eventually("portal listening", async () => /portal listening on (http:\/\/\S+)/.exec(portal.output().stdout)?.[1], 20_000);
    const health = await eventually("health ok", async () => {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      return response.status === 200 ? ((await response.json()) as any) : undefined;
    });
    expect(health.checks.salesforce.subscription).toBe("connected");
    portal.child.kill(signal);
    const started = performance.now();
    expect(await portal.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(portal.output().stdout).toContain(`portal: ${signal} received, shutting down`);
    const log = (await readFile(path.join(String(env.LOG_DIR), "combined.log"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(log[0]).toMatchObject({ msg: `portal listening on ${url}`, level: "info" });
    expect(log.at(-1)).toMatchObject({ msg: "portal stopped" });
    await expect(fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow();
  });

  it("exits 2 naming each bad variable, without starting", async () => {
    const portal = runPortal({ PORT: "4o00", REDIS_URL: "http://127.0.0.1:6379" });
    expect(await portal.exited).toEqual({ code: 2, signal: null });
    const { stderr, stdout } = portal.output();
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^portal: \d+ configuration problems:/);
    expect(stderr).toContain('PORT: "4o00" is not an integer');
    expect(stderr).toContain('REDIS_URL: "http://127.0.0.1:6379" must use redis:// or rediss://');
    expect(stderr).toContain("DATABASE_URL: is required");
  });

  it("exits 2 when its port is taken", async () => {
    const first = runPortal(world.env());
    const url = await eventually("first portal listening", async () => /portal listening on (http:\/\/\S+)/.exec(first.output().stdout)?.[1], 20_000);
    const port = new URL(url).port;
    const second = runPortal(world.env({ PORT: port }));
    expect(await second.exited).toEqual({ code: 2, signal: null });
    expect(second.output().stderr).toContain(`portal: port ${port} on 127.0.0.1 is already in use`);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
  });
});
