import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { composeEnvironment } from "../src/env/compose/compose-environment.ts";
import { projectRoot } from "../src/paths.ts";
import { runCli } from "./support/cli.ts";
import { containersLabelled, inspect, requireDocker, waitForFreePorts } from "./support/docker.ts";
import { privateStateRoot } from "./support/env.ts";

const run = promisify(execFile);
const LOCAL_IMAGES = { FIREDRILL_REDIS_IMAGE: "firedrill/redis:local", FIREDRILL_POSTGRES_IMAGE: "firedrill/postgres:local", FIREDRILL_NODE_IMAGE: "firedrill/node:local" };
const FILES = ["docker-compose.yml", "docker-compose.local.yml"];
const PORTS = [4000, 8474, 16379, 15432, 26379, 25432, 18081, 18082, 18083, 28081, 28082, 28083, 18090];

const hasCompose = await run("docker-compose", ["version"]).then(() => true, () => false);
// Its ports are fixed (facilitators hand them out): bring it up only where none is taken.
requireDocker();
if (!hasCompose) throw new Error("docker-compose is not installed: run `bash scripts/setup.sh`");

async function healthy(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch("http://127.0.0.1:4000/health", { signal: AbortSignal.timeout(3_000) })
      .then(async (response) => ((await response.json()) as { status?: string }).status)
      .catch(() => undefined);
    if (status === "ok") return;
    if (Date.now() > deadline) throw new Error("the compose portal was not healthy after 60000ms");
    await sleep(200);
  }
}

describe("drills against the standing docker-compose stack (firedrill run --compose)", () => {
  it("describes the stack as the containers backend does, runs redis-down on it (exit 0, passed) and leaves it up; down leaves no container", async () => {
    // Fixed ports: the other compose test file may still hold them.
    await waitForFreePorts(PORTS);
    const project = `firedrilldrill${process.pid}`;
    const state = await privateStateRoot();
    const logDir = path.join(state.root, "bff-logs");
    await mkdir(logDir);
    const env = { ...state.env, ...LOCAL_IMAGES, FIREDRILL_COMPOSE_LOG_DIR: logDir };
    const compose = (args: string[]) => run("docker-compose", ["-p", project, ...FILES.flatMap((file) => ["-f", file]), ...args], { cwd: projectRoot(), env: { ...process.env, ...env }, timeout: 180_000 });
    try {
      await compose(["up", "-d"]);
      await healthy();

      const environment = await composeEnvironment({ file: FILES.map((file) => path.join(projectRoot(), file)), projectName: project, env: { ...process.env, ...env }, root: state.root });
      const descriptor = environment.descriptor();
      expect(descriptor).toMatchObject({
        backend: "containers",
        compose: { project },
        proxy: { apiUrl: "http://127.0.0.1:8474" },
        mocks: { controlUrl: "http://127.0.0.1:18090" },
        services: { redis: { url: "redis://127.0.0.1:26379", directUrl: "redis://127.0.0.1:16379" }, postgres: { port: 25432, directPort: 15432, templateDatabase: "portal_template" } },
        target: { url: "http://127.0.0.1:4000", logDir, overrides: {} },
        env: { REDIS_URL: "redis://127.0.0.1:26379", BFF_LOG_DIR: logDir, TOXIPROXY_URL: "http://127.0.0.1:8474" },
      });
      expect(descriptor.services.redis.containerId).toMatch(/^[0-9a-f]{64}$/);
      expect(descriptor.target!.pid).toBeGreaterThan(0);
      expect(await readFile(path.join(logDir, "combined.log"), "utf8")).not.toBe("");

      const out = path.join(state.root, "out");
      const result = await runCli(["run", "redis-down", "--compose", FILES[0]!, "--compose", FILES[1]!, "--compose-project", project, "--reporter", "console,json", "--out", out], { env, timeoutMs: 240_000 });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const report = JSON.parse(await readFile(path.join(out, "firedrill.json"), "utf8")) as { runs: { drill: { id: string }; outcome: string }[] };
      expect(report.runs.map((drill) => [drill.drill.id, drill.outcome])).toEqual([["redis-down", "passed"]]);
      // Standing: still up, the portal with the compose file's variables again.
      await healthy();
      const after = await composeEnvironment({ file: FILES.map((file) => path.join(projectRoot(), file)), projectName: project, env: { ...process.env, ...env }, root: state.root });
      expect(after.descriptor().target!.overrides).toEqual({});
      expect(inspect(after.descriptor().services.redis.containerId!, "{{.State.Running}}")).toBe("true");
    } finally {
      await compose(["down", "-v", "--timeout", "5"]).catch(() => {});
      await state.cleanup();
    }
    expect(containersLabelled(`com.docker.compose.project=${project}`)).toEqual([]);
  }, 700_000);
});
