import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { containerStateDirs, requireDocker } from "./support/docker.ts";
import { privateStateRoot } from "./support/env.ts";
import { runCli } from "./support/cli.ts";

// One drill of each runbook scenario (1 Platform Events … 6 Security), run by the engine on the containers backend.
const ONE_PER_SCENARIO = ["platform-events-disabled", "whmcs-down", "redis-down", "postgres-down", "external-api-latency", "security-brute-force"];

requireDocker();
let cleanup: (() => Promise<void>) | undefined;
afterAll(async () => cleanup?.(), 60_000);

describe("drills on the containers backend", () => {
  it("firedrill ci --backend containers passes one drill of each runbook scenario and leaves no container", async () => {
    const state = await privateStateRoot();
    const out = await mkdtemp(path.join(os.tmpdir(), "firedrill-ci-containers-"));
    cleanup = async () => {
      await state.cleanup();
      await rm(out, { recursive: true, force: true });
    };
    const result = await runCli(["ci", "--backend", "containers", "--drills", `{${ONE_PER_SCENARIO.join(",")}}`, "--out", out], { env: state.env, timeoutMs: 240_000 });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    for (const drill of ONE_PER_SCENARIO) expect(result.stdout).toMatch(new RegExp(`passed\\s+${drill}\\b`));
    expect(containerStateDirs().filter((dir) => dir.startsWith(`${state.root}/`))).toEqual([]);
  }, 300_000);
});
