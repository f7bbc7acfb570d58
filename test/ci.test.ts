import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { privateStateRoot } from "./support/env.ts";

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
    ];
    for (const [args, message] of cases) {
      const result = await ci(args, 30_000);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(await environmentsLeft()).toEqual([]);
  }, 120_000);
});
