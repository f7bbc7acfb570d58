import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, writeFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import { FIREDRILL_BIN, runCli, waitForExit } from "./support/cli.ts";
import { envCli, envUp, privateStateRoot } from "./support/env.ts";

let state: Awaited<ReturnType<typeof privateStateRoot>>;
let out: string;

beforeAll(async () => {
  state = await privateStateRoot();
  out = await mkdtemp(path.join(os.tmpdir(), "firedrill-ci-out-"));
});

afterAll(async () => {
  await state.cleanup();
  await rm(out, { recursive: true, force: true });
});

const ci = (args: string[], timeoutMs = 240_000) => runCli(["ci", ...args], { env: state.env, timeoutMs });

/** What the CI use leaves on the machine: no environment (state root empty of envs), no process of ours. */
async function environmentsLeft(): Promise<string[]> {
  return readdir(path.join(state.root, "envs")).catch(() => []);
}

describe("firedrill ci: the CI job that proves the diagnostics still see each failure", () => {
  it("fails, naming redis-down and what went blind, when the portal's cache health check is switched off", async () => {
    const dir = path.join(out, "blind");
    const result = await ci(["--drills", "redis-*", "--target-env", "PORTAL_HEALTH_SKIP=cache", "--reporter", "console,junit,json", "--out", dir]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/redis-down/);
    expect(result.stdout).toMatch(/detection probe "http-json" \(http-json\) never fired/);
    expect(result.stdout).toMatch(/runbook command `curl http:\/\/localhost:4000\/health \| jq '\.checks\.cache'` did not show the fault/);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(await readFile(path.join(dir, "junit.xml"), "utf8")) as {
      testsuites: { testsuite: { tests: string; failures: string; testcase: { name: string; failure?: { message: string } }[] } };
    };
    const cases = junit.testsuites.testsuite.testcase;
    expect(cases.map((testcase) => testcase.name.split(":")[0])).toEqual(["redis-down", "redis-memory-exhausted"]);
    expect(cases[0]?.failure?.message).toMatch(/never fired/);
    // Redis out of memory never showed on the health endpoint (a runbook gap): it does not depend on the switched-off check.
    expect(cases[1]?.failure).toBeUndefined();
    const json = JSON.parse(await readFile(path.join(dir, "firedrill.json"), "utf8")) as { runs: { drill: { id: string }; outcome: string }[] };
    expect(json.runs.map((run) => [run.drill.id, run.outcome])).toEqual([
      ["redis-down", "failed"],
      ["redis-memory-exhausted", "passed"],
    ]);
    expect(await environmentsLeft()).toEqual([]);
  }, 300_000);

  it("passes with the check back on", async () => {
    const result = await ci(["--drills", "redis-*", "--reporter", "console,markdown", "--out", path.join(out, "seeing")]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/2 passed/);
    const markdown = await readFile(path.join(out, "seeing", "report.md"), "utf8");
    expect(markdown).toMatch(/redis-down/);
    expect(markdown).toMatch(/redis-cli ping/);
    expect(await environmentsLeft()).toEqual([]);
  }, 300_000);

  it("bad input exits 2 before anything starts, naming the option and the fix", async () => {
    const cases: [string[], RegExp][] = [
      [["--reporter", "console,xml"], /xml/],
      [["--drills", "kafka-*"], /--drills "kafka-\*" matches no drill; the drills are: /],
      [["--shard", "3/2"], /--shard "3\/2": write i\/n/],
      [["--parallel", "0"], /--parallel "0"/],
      [["--no-portal"], /drills need a BFF/],
      [["--drills-dir", path.join(out, "broken-drills")], /broken\.yaml:\d+:\d+: YAML/],
    ];
    await mkdir(path.join(out, "broken-drills"), { recursive: true });
    await writeFile(path.join(out, "broken-drills", "broken.yaml"), "id: broken\ntitle: Broken\nscenario: [unclosed\n");
    for (const [args, message] of cases) {
      const result = await ci(args, 30_000);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(await environmentsLeft()).toEqual([]);
  }, 120_000);

  it("SIGINT during a drill: it rolls back, the reports of what ran are written, nothing is left, exit 130", async () => {
    const dir = path.join(out, "interrupted");
    const child = spawn(process.execPath, [FIREDRILL_BIN, "run", "whmcs-down", "--reporter", "console,json", "--out", dir], { env: { ...process.env, ...state.env } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    // Started: the environment is up once its directory holds a descriptor; give the drill a few seconds into its phases.
    for (let waited = 0; !/1 drill\(s\)/.test(stderr) && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    child.kill("SIGINT");
    const result = await waitForExit(child, 120_000);
    expect(result.code, stderr + result.stderr).toBe(130);
    const json = JSON.parse(await readFile(path.join(dir, "firedrill.json"), "utf8")) as { runs: { outcome: string; journal: { kind: string; reason?: string }[] }[] };
    expect(json.runs[0]?.outcome).toBe("interrupted");
    const kinds = json.runs[0]!.journal.map((event) => event.kind);
    expect(kinds.filter((kind) => kind === "fault-injected").length).toBe(kinds.filter((kind) => kind === "fault-reverted").length);
    expect(await environmentsLeft()).toEqual([]);
  }, 180_000);

  it("run --env: one drill on an environment that is already up, whose BFF variables are put back after", async () => {
    await envUp(state.env, "standing", ["--target-env", "SF_EVENTS_REPLAY=LATEST"]);
    try {
      const result = await runCli(["run", "platform-events-disabled", "--env", "standing", "--reporter", "console"], { env: state.env, timeoutMs: 180_000 });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/passed\s+platform-events-disabled/);
      const status = await envCli(state.env, ["env", "status", "--name", "standing", "--json"]);
      const { descriptor } = JSON.parse(status.stdout) as { descriptor: { env: Record<string, string>; target: { overrides: Record<string, string> } } };
      // The session's own variable kept; every other one the drill touched is back where it was (the wiring: SF_EVENTS_ENABLED=true).
      expect(descriptor.target.overrides.SF_EVENTS_REPLAY).toBe("LATEST");
      expect(descriptor.env.SF_EVENTS_ENABLED).toBe("true");
      expect(descriptor.env.SF_EVENTS_REPLAY).toBe("LATEST");
    } finally {
      await envCli(state.env, ["env", "down", "--name", "standing"]);
    }
  }, 240_000);
});
