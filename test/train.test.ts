import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DrillRun } from "../src/engine/result.ts";
import { FIREDRILL_BIN, runCli, waitForExit } from "./support/cli.ts";
import { privateStateRoot } from "./support/env.ts";

let state: Awaited<ReturnType<typeof privateStateRoot>>;
let out: string;
beforeAll(async () => {
  state = await privateStateRoot();
  out = await mkdtemp(path.join(os.tmpdir(), "firedrill-train-"));
  state.env.FIREDRILL_HISTORY_DIR = path.join(out, "history");
});
afterAll(async () => {
  await state.cleanup();
  await rm(out, { recursive: true, force: true });
});

const FULL_UPDATE = `INCIDENT UPDATE - P2 - Redis down, logins refused

Status: Identified
Impact: customers cannot log in; signed-in pages refused (token blacklist fails closed)
Started: 2026-11-27 09:00 UTC
Last Update: 2026-11-27 09:02 UTC

Current Actions:
- starting Redis again (runbook step 3)
- watching the login error rate

Next Update: 2026-11-27 09:30 UTC
`;

/** A trainee at the CLI: `firedrill respond --name <env> …`, as the test's scripted responder. */
function trainee(name: string) {
  return async (...args: string[]) => runCli(["respond", ...args, "--name", name, "--as", "alex"], { env: state.env, timeoutMs: 60_000 });
}

/** Starts `firedrill train <drill> --json` and waits until the incident is open (the fault is in). */
async function startTraining(drill: string, name: string) {
  const child = spawn(process.execPath, [FIREDRILL_BIN, "train", drill, "--name", name, "--delay", "1s", "--seed", "7", "--json", "--out", path.join(out, name), "--team", "blue"], { env: { ...process.env, ...state.env } });
  const done = waitForExit(child, 240_000);
  const respond = trainee(name);
  for (let waited = 0; waited < 120_000; waited += 250) {
    const status = await respond("status");
    if (status.code === 0 && JSON.parse(status.stdout).state === "active") return { respond, done };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGINT");
  throw new Error(`training did not become active: ${(await done).stderr}`);
}

describe("firedrill train with a scripted responder at the CLI", () => {
  it("gets full marks for the right response: acknowledged, classified best, updated, fixed, resolved", async () => {
    const { respond, done } = await startTraining("redis-down", "tr-a");
    expect((await respond("ack")).stdout).toMatch(/acknowledged/);
    expect((await respond("classify", "--severity", "P2", "--component", "redis")).stdout).toMatch(/classified P2 \/ redis/);
    expect((await respond("update", "--text", FULL_UPDATE)).stdout).toMatch(/every field of the template filled/);
    // Investigating, as a person would, with the runbook's own diagnosis; the monitoring's slower signals (the login error rate over 10 s) fire meanwhile.
    const ping = await runCli(["env", "shell", "--name", "tr-a", "-c", "redis-cli ping"], { env: state.env, timeoutMs: 60_000 });
    expect(ping.stdout + ping.stderr).toMatch(/Connection refused|Could not connect|Connection reset|Server closed/);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const fix = await runCli(["env", "start", "redis", "--name", "tr-a"], { env: state.env, timeoutMs: 60_000 });
    expect(fix.code, fix.stderr).toBe(0);
    // A careful responder watches the login error rate settle (the SLIs look at 5 s windows) before declaring it over.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const resolved = await respond("resolve", "--note", "Redis started again");
    expect(resolved.stdout).toMatch(/the recovery probes agree/);
    const result = await done;
    const { run, feedback } = JSON.parse(result.stdout) as { run: DrillRun; feedback: string[] };
    expect(result.code, result.stderr).toBe(0);
    expect(run.score?.verdict.failures, result.stderr).toEqual([]);
    expect(run.score?.total, JSON.stringify({ d: run.score?.detection, c: run.score?.classification, e: run.score?.escalation, r: run.score?.resolution, m: run.score?.communication, p: run.score?.penalties })).toBe(run.score?.max);
    expect(run.score?.classification.severity.verdict).toBe("best");
    expect(run.score?.detection.timeToAcknowledgeMs).toBeGreaterThan(0);
    expect(run.score?.resolution.recovered).toBe(true);
    expect(run.journal.some((event) => event.kind === "ack" && event.actor === "alex")).toBe(true);
    expect(feedback.join("\n")).toMatch(/Severity P2: right/);
    expect(feedback.join("\n")).toMatch(/You ran the runbook's diagnosis \(`redis-cli ping`\) before taking step 3 \(redis\.start\)/);
    expect(run.journal.some((event) => event.kind === "command" && event.runbookCommand === "redis-cli ping")).toBe(true);
    // firedrill saw the fix in the environment: the runbook's step is taken, by the trainee.
    expect(run.journal.some((event) => event.kind === "action" && event.source === "observed" && event.action === "redis.start")).toBe(true);
    expect(run.score?.resolution.remediation[0]?.takenAfterMs).toBeGreaterThan(0);
    const files = await readdir(path.join(out, "tr-a"));
    const html = await readFile(path.join(out, "tr-a", files.find((file) => file.endsWith(".html"))!), "utf8");
    // The report a trainee opens: this drill, its timeline, its score.
    expect(html).toMatch(/redis-down/);
    expect(html).toMatch(/<svg/);
    expect(html).toContain(String(run.score?.total));
    const review = files.find((file) => file.endsWith("-review.md"));
    expect(await readFile(path.join(out, "tr-a", review!), "utf8")).toMatch(/redis/i);
    const history = await runCli(["history", "--json"], { env: state.env });
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/"blue"/);
  }, 300_000);

  it("gives partial credit for an accepted severity, no credit for a resolve claim while the fault persists, and charges hints", async () => {
    const { respond, done } = await startTraining("redis-down", "tr-b");
    expect((await respond("hint")).stdout).toMatch(/hint 1 \(−5 points\)/);
    expect((await respond("classify", "--severity", "P1", "--component", "redis")).code).toBe(0);
    const early = await respond("resolve");
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(/not recovered yet/);
    // Bad input is refused with the allowed values, and changes nothing.
    const bad = await respond("escalate", "L9");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown escalation level "L9" \(allowed: L1, L2, L3, L4\)/);
    await runCli(["env", "start", "redis", "--name", "tr-b"], { env: state.env, timeoutMs: 60_000 });
    let resolved = await respond("resolve");
    for (let tries = 0; resolved.code !== 0 && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      resolved = await respond("resolve");
    }
    const result = await done;
    const { run, feedback } = JSON.parse(result.stdout) as { run: DrillRun; feedback: string[] };
    const score = run.score!;
    // Straight to the fix, no diagnosis: the feedback says which command would have shown the fault first.
    expect(feedback.join("\n")).toMatch(/You took step 3 \(redis\.start\) after .* before running any of the scenario's diagnosis commands; `redis-cli ping`/);
    expect(score.classification.severity.verdict).toBe("accepted");
    expect(score.resolution.claims.map((claim) => claim.verdict)).toEqual(expect.arrayContaining(["false", "verified"]));
    expect(score.penalties.items.map((item) => item.kind)).toEqual(expect.arrayContaining(["hint", "false-claim"]));
    expect(score.total).toBeLessThan(score.max - 10);
    // After the drill: the respond commands say so.
    const after = await respond("ack");
    expect(after.code).not.toBe(0);
  }, 300_000);
});
