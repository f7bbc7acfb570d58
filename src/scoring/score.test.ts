import { describe, expect, it } from "vitest";
import { shippedRunbook } from "../runbook/testing.ts";
import { score } from "./score.ts";
import { perfectRedisDownRun, ScriptedRun, shippedDrill } from "./testing.ts";

const runbook = shippedRunbook();

describe("score", () => {
  it("gives full marks to a right, timely, verified response", () => {
    const run = perfectRedisDownRun();
    const result = score(run.journal, run.drill, runbook);
    expect(result.verdict).toEqual({ status: "passed", detected: true, classified: true, recovered: true, failures: [] });
    expect([result.total, result.max]).toEqual([100, 100]);
    expect(result.detection).toMatchObject({ points: 20, timeToDetectMs: 2_000, timeToAcknowledgeMs: 4_000, allFired: true });
    expect(result.classification).toMatchObject({ points: 20, classifiedAfterMs: 19_000, severity: { given: "P2", verdict: "best" } });
    expect(result.escalation.levels).toEqual([{ level: "L2", when: "P1/P2 not resolved in 30 minutes", dueAfterMs: 1_800_000, onlyIfUnresolved: true, status: "not-needed" }]);
    expect(result.resolution).toMatchObject({ points: 30, recovered: true, timeToRecoverMs: 99_000, responseTimeMs: 3_600_000, withinResponseTime: true, claims: [{ afterMs: 119_000, actor: "ana", verdict: "verified" }] });
    expect(result.resolution.remediation).toEqual([{ action: "redis.start", runbookSteps: [3], optional: false, takenAfterMs: 89_000 }]);
    expect(result.communication).toMatchObject({ points: 15, updates: [{ missing: [], coverage: 1, severity: "P2" }] });
    expect(result.diagnosis.commands.map((command) => command.status)).toEqual(["showed-fault", "showed-fault", "showed-fault"]);
    expect(result.penalties).toEqual({ points: 0, items: [] });
  });

  it("gives partial credit for an accepted severity that is not the best", () => {
    const run = perfectRedisDownRun();
    run.record({ kind: "classify", actor: "ana", severity: "P1", component: "redis" });
    const result = score(run.journal, run.drill, runbook, { asOfMs: 130_000 });
    expect(result.classification).toMatchObject({ points: 15, severity: { given: "P1", verdict: "accepted" } });
    expect(result.classification.notes[0]).toMatch(/^classified P1; accepted, but the best is P2 — Major feature unavailable/);
    expect(result.total).toBe(95);
    expect(result.verdict.classified).toBe(true);
  });

  it("gives no resolution credit for a resolve claim while the fault persists, and charges for it", () => {
    const run = new ScriptedRun(shippedDrill("redis-down"));
    run.steadyState().at(1_000).inject().at(3_000).probes("detection", true);
    run.at(10_000).record({ kind: "classify", actor: "ben", severity: "P2", component: "redis" });
    run.at(30_000).record({ kind: "resolve-claim", actor: "ben" }).at(31_000).probes("recovery", false).at(60_000).rollbackAndEnd();
    const result = score(run.journal, run.drill, runbook);
    expect(result.resolution).toMatchObject({ points: 0, recovered: false, claims: [{ afterMs: 29_000, actor: "ben", verdict: "false" }] });
    expect(result.penalties.items).toEqual([{ kind: "false-claim", afterMs: 29_000, cost: 10, detail: "ben declared it resolved while the recovery probes failed" }]);
    expect(result.verdict.status).toBe("failed");
    expect(result.verdict.failures).toContain('recovery probe "http-json" (http-json) still failing: not recovered');
  });

  it("does not count recovery that only the rollback brought", () => {
    const run = new ScriptedRun(shippedDrill("redis-down"));
    run.steadyState().at(1_000).inject().at(3_000).probes("detection", true).at(60_000);
    run.record({ kind: "phase", phase: "rollback", status: "started" }).at(61_000).probes("recovery", true).record({ kind: "end", reason: "time-limit" });
    expect(score(run.journal, run.drill, runbook).resolution).toMatchObject({ recovered: false, points: 0 });
  });

  it("charges hints at the answer key's price", () => {
    const run = perfectRedisDownRun();
    run.record({ kind: "hint", actor: "ana", index: 1, cost: 999 });
    const result = score(run.journal, run.drill, runbook, { asOfMs: 130_000 });
    expect(result.penalties.items).toEqual([{ kind: "hint", afterMs: 124_000, cost: 10, detail: "hint 2" }]);
    expect(result.total).toBe(90);
  });

  it("names each detection probe that went blind, and fails the verdict", () => {
    const run = new ScriptedRun(shippedDrill("redis-down"));
    run.steadyState().at(1_000).inject().at(3_000).probes("detection", true, ["redis", "log-grep", "sli"]).at(4_000).probes("detection", false, ["http-json"]);
    run.at(20_000).record({ kind: "classify", actor: "auto", severity: "P2", component: "redis" }).at(30_000).probes("recovery", true).at(31_000).rollbackAndEnd();
    const result = score(run.journal, run.drill, runbook);
    expect(result.detection).toMatchObject({ detected: true, allFired: false, points: 17.5 });
    expect(result.verdict.failures).toEqual(['detection probe "http-json" (http-json) never fired; expected within 5000ms of injection']);
  });

  it("checks each runbook command's verdict", () => {
    const drill = shippedDrill("redis-down");
    const blind = new ScriptedRun(drill);
    blind.steadyState().at(1_000).inject().at(2_000).command("redis-cli   ping", false).command("redis-cli INFO memory", true);
    const result = score(blind.journal, drill, runbook);
    expect(result.diagnosis.commands).toEqual([
      { command: "redis-cli ping", status: "blind", ranAfterMs: 1_000 },
      { command: "redis-cli INFO memory", status: "showed-fault", ranAfterMs: 1_000 },
      { command: "curl http://localhost:4000/health | jq '.checks.cache'", status: "not-run" },
    ]);
    expect(result.verdict.failures).toContain("runbook command `redis-cli ping` did not show the fault");
  });

  it("calls a run invalid when the steady state was not met or nothing was injected", () => {
    const sick = new ScriptedRun(shippedDrill("redis-down"));
    sick.steadyState(false).at(1_000).inject().rollbackAndEnd();
    const result = score(sick.journal, sick.drill, runbook);
    expect(result.verdict.status).toBe("invalid");
    expect(result.verdict.failures).toEqual(['steady state not met before injection: probe "http-json" (http-json)', 'steady state not met before injection: probe "redis" (redis)']);
    expect(result.total).toBe(0);

    const none = new ScriptedRun(shippedDrill("redis-down"));
    none.steadyState().record({ kind: "fault-injected", fault: "redis-down", faultKind: "redis.stop", error: "redis-server not found" }).rollbackAndEnd();
    expect(score(none.journal, none.drill, runbook).verdict.failures).toEqual(['no fault was injected: fault "redis-down" (redis.stop): redis-server not found']);
  });

  it("scores escalation against the matrix, scaled by the run's time scale", () => {
    // Time scale 60: L2's 30 minutes become 30 s; still unresolved then, so L2 is due.
    const run = new ScriptedRun(shippedDrill("redis-down"), { timeScale: 60 });
    run.steadyState().at(1_000).inject().at(3_000).probes("detection", true).at(50_000).probes("recovery", false).at(60_000).rollbackAndEnd();
    expect(score(run.journal, run.drill, runbook).escalation).toMatchObject({ points: 0, levels: [{ level: "L2", dueAfterMs: 30_000, status: "missing" }] });
    expect(score(run.journal, run.drill, runbook, { asOfMs: 20_000 }).escalation.levels[0]?.status).toBe("pending");
  });

  it("scores a security incident's immediate escalations, evidence tampering and unexpected levels", () => {
    const run = new ScriptedRun(shippedDrill("security-exfiltration"));
    run.steadyState().at(1_000).inject().at(5_000).probes("detection", true);
    run.at(60_000).record({ kind: "escalate", actor: "cy", level: "L2" });
    run.at(400_000).record({ kind: "escalate", actor: "cy", level: "L3" }).record({ kind: "escalate", actor: "cy", level: "L4" });
    run.record({ kind: "action", actor: "firedrill", action: "log.truncate", params: { file: "combined.log" }, source: "observed", destructive: true, ok: true });
    run.record({ kind: "action", actor: "cy", action: "redis.flushdb", source: "responder", destructive: true, ok: true });
    const result = score(run.journal, run.drill, runbook);
    expect(result.escalation.levels.map((level) => [level.level, level.status, level.escalatedAfterMs])).toEqual([
      ["L2", "on-time", 59_000],
      ["L3", "late", 399_000],
    ]);
    expect(result.escalation.points).toBe(11.3);
    expect(result.penalties.items.map((item) => [item.kind, item.cost])).toEqual([
      ["avoided-action", 25],
      ["destructive-action", 10],
      ["unexpected-escalation", 5],
    ]);
    expect(result.penalties.items[0]?.detail).toBe("log.truncate: Immediate action 1: DO NOT modify logs or evidence");
  });

  it("reads status updates against the runbook's template", () => {
    const drill = shippedDrill("redis-down");
    const partial = new ScriptedRun(drill);
    partial.steadyState().at(1_000).inject().at(2_000).record({ kind: "status-update", actor: "ana", text: "Status: Fixing\nImpact: logins fail\nStarted: 09:00" });
    const result = score(partial.journal, drill, runbook);
    expect(result.communication.updates[0]).toMatchObject({ missing: ["Last Update", "Current Actions", "Next Update", "severity (headline)"], coverage: 2 / 7 });
    expect(result.communication.points).toBe(4.3);
    expect(result.communication.notes).toContain('Status "Fixing" is not one of Investigating, Identified, Monitoring, Resolved');
    expect(score(perfectRedisDownRun().journal, drill, runbook).communication.updates[0]?.coverage).toBe(1);
  });

  it("gives half the recovery points when recovery comes after the severity's response time", () => {
    // Time scale 3600: P2's hour becomes one second.
    const run = new ScriptedRun(shippedDrill("redis-down"), { timeScale: 3_600 });
    run.steadyState().at(1_000).inject().at(3_000).probes("detection", true).at(10_000).probes("recovery", true).record({ kind: "resolve-claim", actor: "ana" }).at(10_500).probes("recovery", true).rollbackAndEnd();
    const result = score(run.journal, run.drill, runbook);
    expect(result.resolution).toMatchObject({ recovered: true, withinResponseTime: false, responseTimeMs: 1_000, points: 20 });
    expect(result.resolution.notes[0]).toBe("recovered after 9s, beyond P2's response time of 1s");
  });
});
