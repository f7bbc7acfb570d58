import { describe, expect, it } from "vitest";
import { errorRun, passedRun } from "../testing.ts";
import { incidentTimeline, utcTimeOf } from "./incident-timeline.ts";
import { postgresP1Run } from "./testing.ts";

describe("incidentTimeline", () => {
  it("says what happened when, in order, with the score's verdicts", () => {
    const run = postgresP1Run();
    expect(incidentTimeline(run).map((entry) => [entry.afterMs, entry.kind, entry.label])).toEqual([
      [0, "injection", "fault postgres-down injected (postgres.stop on postgres)"],
      [1_500, "detection", "detected: probe http-json (http-json) fired, first of 4 expected"],
      [4_000, "hint", "ben took hint 1"],
      [9_000, "ack", "ben acknowledged (first response: classify)"],
      [9_000, "classify", "ben classified it P1, component postgres"],
      [20_000, "escalate", "ben escalated to L2: database down"],
      [29_000, "resolve-claim", "ben declared it resolved (false)"],
      [59_000, "fault-reverted", "fault postgres-down reverted (rollback)"],
    ]);
    expect(run.score!.detection.timeToAcknowledgeMs).toBe(9_000);
  });

  it("adds recovery from the score and dates entries from the journal's start", () => {
    const run = passedRun();
    const recovery = incidentTimeline(run).find((entry) => entry.kind === "recovery")!;
    expect([recovery.atMs, recovery.afterMs, recovery.tone]).toEqual([100_000, 99_000, "good"]);
    expect(utcTimeOf(run, recovery.atMs)).toBe("2026-11-27 09:01:40Z");
  });

  it("shows only the journal for a run without a score", () => {
    expect(incidentTimeline(errorRun()).map((entry) => entry.kind)).toEqual([]);
  });
});
