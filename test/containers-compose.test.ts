import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { Toxiproxy } from "toxiproxy-node-client";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../src/paths.ts";
import { requireDocker, waitForFreePorts } from "./support/docker.ts";

const run = promisify(execFile);
const LOCAL_IMAGES = { FIREDRILL_REDIS_IMAGE: "firedrill/redis:local", FIREDRILL_POSTGRES_IMAGE: "firedrill/postgres:local", FIREDRILL_NODE_IMAGE: "firedrill/node:local" };
const FILES = ["-f", "docker-compose.yml", "-f", "docker-compose.local.yml"];
const PORTS = [4000, 8474, 16379, 15432, 26379, 25432, 18081, 18082, 18083, 28081, 28082, 28083, 18090];

async function compose(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run("docker-compose", args, { cwd: projectRoot(), env: { ...process.env, ...env }, timeout: 120_000 });
  return stdout;
}

const hasCompose = await run("docker-compose", ["version"]).then(() => true, () => false);

async function health(): Promise<{ status?: string; checks?: Record<string, { status: string }> }> {
  const response = await fetch("http://127.0.0.1:4000/health", { signal: AbortSignal.timeout(3_000) });
  return (await response.json()) as { status?: string; checks?: Record<string, { status: string }> };
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs}ms`);
    await sleep(200);
  }
}

// Its ports are fixed (facilitators hand them out): bring it up only where none is taken.
requireDocker();
if (!hasCompose) throw new Error("docker-compose is not installed: run `bash scripts/setup.sh`");

describe("docker-compose.yml (standing game-day environment)", () => {
  it("is valid, with images from the FIREDRILL_*_IMAGE variables and public images by default", async () => {
    const defaults = await compose(["config"], { FIREDRILL_REDIS_IMAGE: "", FIREDRILL_POSTGRES_IMAGE: "", FIREDRILL_TOXIPROXY_IMAGE: "", FIREDRILL_NODE_IMAGE: "" });
    for (const image of ["redis:7", "postgres:16", "ghcr.io/shopify/toxiproxy:2.12.0", "node:20-bookworm-slim"]) expect(defaults).toContain(`image: ${image}`);
    const local = await compose([...FILES, "config"], LOCAL_IMAGES);
    for (const image of Object.values(LOCAL_IMAGES)) expect(local).toContain(`image: ${image}`);
    expect(local).not.toContain("toxiproxy:2.12.0");
  });

  it("comes up on the local images; a Redis outage through Toxiproxy shows in the portal's health and clears on revert", async () => {
    // Fixed ports: the other compose test file may still hold them.
    await waitForFreePorts(PORTS);
    const project = ["-p", `firedrilltest${process.pid}`, ...FILES];
    try {
      await compose([...project, "up", "-d"], LOCAL_IMAGES);
      await until(async () => (await health()).status === "ok", 60_000);
      const proxy = await new Toxiproxy("http://127.0.0.1:8474").get("redis");
      await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
      await until(async () => (await health()).checks?.cache?.status === "fail");
      await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
      await until(async () => (await health()).status === "ok");
    } finally {
      await compose([...project, "down", "-v", "--timeout", "5"], LOCAL_IMAGES);
    }
  }, 500_000);
});
