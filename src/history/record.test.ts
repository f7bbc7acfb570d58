import { describe, expect, it } from "vitest";
import { drillRunOf, errorRun, passedRun } from "../reports/testing.ts";
import { validate } from "../schema/index.ts";
import { ScriptedRun, shippedDrill } from "../scoring/testing.ts";
import { historyRecordSchema, summarizeRun } from "./record.ts";

describe("summarizeRun", () => {
  it("keeps the run's meta, score, times, severity and each person's facts, not the journal", () => {
    const record = summarizeRun(passedRun(), { mode: "train", team: "blue" });
    expect(record).toMatchObject({
      v: 1,
      drill: "redis-down",
      mode: "train",
      team: "blue",
      outcome: "passed",
      total: 100,
      max: 100,
      ttdMs: 2_000,
      ttaMs: 4_000,
      recovered: true,
      severity: { given: "P2", best: "P2", verdict: "best" },
    });
    expect(record.ttrMs).toBeGreaterThan(0);
    expect(record.actors).toEqual([{ name: "ana", firstResponseMs: 4_000, acked: true, classifications: 1, escalations: 0, updates: 1, actions: 1, resolveClaims: 1, hints: 0, hintCost: 0 }]);
    expect(record).not.toHaveProperty("gameday");
    expect(JSON.stringify(record).length).toBeLessThan(1_000);
    expect(validate(historyRecordSchema, JSON.parse(JSON.stringify(record))).ok).toBe(true);
  });

  it("gives each person of a game-day run their own first response, actions and hints", () => {
    const run = new ScriptedRun(shippedDrill("redis-down"));
    run.steadyState().at(1_000).inject().at(3_000).probes("detection", true);
    run
      .at(8_000).record({ kind: "hint", actor: "ben", index: 1, cost: 1 })
      .at(11_000).record({ kind: "ack", actor: "ana" })
      .at(21_000).record({ kind: "classify", actor: "ben", severity: "P3", component: "redis" })
      .at(31_000).record({ kind: "action", actor: "ben", action: "redis.start", source: "responder", ok: true })
      .at(32_000).record({ kind: "action", actor: "carol", action: "redis.start", source: "observed", ok: true })
      .at(41_000).record({ kind: "escalate", actor: "ana", level: "L2" });
    const record = summarizeRun(drillRunOf(run.rollbackAndEnd()), { mode: "gameday", team: "blue", gameday: "gd-q4" });
    expect(record.gameday).toBe("gd-q4");
    expect(record.severity).toMatchObject({ given: "P3", verdict: expect.stringMatching(/accepted|wrong/) });
    expect(record.actors).toEqual([
      { name: "ben", firstResponseMs: 20_000, acked: false, classifications: 1, escalations: 0, updates: 0, actions: 1, resolveClaims: 0, hints: 1, hintCost: 10 },
      { name: "ana", firstResponseMs: 10_000, acked: true, classifications: 0, escalations: 1, updates: 0, actions: 0, resolveClaims: 0, hints: 0, hintCost: 0 },
    ]);
  });

  it("records a run that errored before it could be scored, without score or times", () => {
    const record = summarizeRun(errorRun(), { mode: "ci" });
    expect(record.outcome).toBe("error");
    for (const key of ["total", "max", "ttdMs", "ttaMs", "ttrMs", "severity"]) expect(record).not.toHaveProperty(key);
    expect(record.actors).toEqual([]);
  });
});
