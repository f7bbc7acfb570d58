import { describe, expect, it } from "vitest";
import type { SuiteRun } from "../engine/result.ts";
import { JSON_REPORT_FORMAT, renderJson } from "./json.ts";
import { errorRun, passedRun, sampleSuite } from "./testing.ts";

/** The same value built with every object's keys in reverse order. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reversed(inner)])) as T;
}

describe("renderJson", () => {
  const suite = sampleSuite();
  const report = JSON.parse(renderJson(suite));

  it("holds the whole suite: a summary, every run with its reasons, score and journal", () => {
    expect(report).toMatchObject({ format: JSON_REPORT_FORMAT, runId: "suite-1", durationMs: 312_345, summary: { drills: 4, passed: 1, failed: 1, invalid: 1, error: 1, interrupted: 0, exitCode: 1 } });
    suite.runs.forEach((run, index) => {
      expect(report.runs[index].score).toEqual(run.score === undefined ? undefined : JSON.parse(JSON.stringify(run.score)));
      expect(report.runs[index].journal).toEqual(JSON.parse(JSON.stringify(run.journal)));
    });
    expect(report.runs[0].reasons).toEqual([]);
    expect(report.runs[1].reasons).toEqual(suite.runs[1]!.score!.verdict.failures);
    expect(report.runs[3]).toMatchObject({ outcome: "error", error: expect.stringContaining("\x1b[31mFATAL"), reasons: [expect.stringContaining('environment "ci-1" failed')] });
    expect(report.runs[3]).not.toHaveProperty("score");
  });

  it("writes keys in the documented order", () => {
    expect(Object.keys(report)).toEqual(["format", "runId", "startedAt", "durationMs", "summary", "runs"]);
    expect(Object.keys(JSON.parse(renderJson({ ...suite, shard: { index: 1, total: 2 } })))).toEqual(["format", "runId", "startedAt", "durationMs", "shard", "summary", "runs"]);
    expect(Object.keys(report.runs[0])).toEqual(["drill", "runId", "startedAt", "durationMs", "environment", "outcome", "reasons", "score", "journal"]);
    expect(Object.keys(report.runs[3])).toEqual(["drill", "runId", "startedAt", "durationMs", "environment", "outcome", "error", "reasons", "journal"]);
    expect(Object.keys(report.runs[0].score)).toEqual(["drill", "runId", "total", "max", "verdict", "detection", "classification", "escalation", "resolution", "communication", "penalties", "diagnosis"]);
    expect(Object.keys(report.runs[0].score.detection)).toEqual([...Object.keys(report.runs[0].score.detection)].sort());
    for (const event of report.runs[1].journal) expect(Object.keys(event).slice(0, 3)).toEqual(["seq", "atMs", "kind"]);
  });

  it("gives the same text for the same suite, whatever order its objects were built in", () => {
    const runs = [passedRun(), errorRun()];
    const text = renderJson(sampleSuite(runs));
    expect(renderJson(reversed<SuiteRun>(sampleSuite(runs)))).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
  });
});
