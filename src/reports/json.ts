import type { DrillRun, SuiteRun } from "../engine/result.ts";
import { exitCodeOf } from "../engine/result.ts";
import type { JournalEvent } from "../journal/events.ts";
import type { Score } from "../scoring/score-model.ts";
import { reasonsOf, tallyOf } from "./facts.ts";

/** Changes when a field is renamed or removed; new fields may appear without a change. */
export const JSON_REPORT_FORMAT = "firedrill-suite/1";

/**
 * `firedrill.json`: the whole suite for machines, every run with its score
 * and journal. Keys come in this order (fields marked ? only when set):
 *
 * ```
 * { format: "firedrill-suite/1",
 *   runId, startedAt, durationMs, shard?: { index, total },
 *   summary: { drills, passed, failed, invalid, error, interrupted, exitCode },
 *   runs: [ { drill: { id, title, scenario, tags }, runId, startedAt, durationMs, environment,
 *             outcome, error?, reasons, score?, journal } ] }
 * ```
 *
 * `reasons` is why the run did not pass (its error, then the verdict's
 * failures; empty when it passed). `score` has its fields in the order of
 * `Score` (drill, runId, total, max, verdict, detection, classification,
 * escalation, resolution, communication, penalties, diagnosis); inside those
 * parts keys are sorted alphabetically. Each journal event starts with seq,
 * atMs, kind, then its other keys sorted. So the same suite always gives the
 * same text, whichever code built its objects. Two-space indent, final newline.
 */
export function renderJson(suite: SuiteRun): string {
  return `${JSON.stringify(jsonReportOf(suite), null, 2)}\n`;
}

export function jsonReportOf(suite: SuiteRun) {
  const { byOutcome } = tallyOf(suite);
  return {
    format: JSON_REPORT_FORMAT,
    runId: suite.runId,
    startedAt: suite.startedAt,
    durationMs: suite.durationMs,
    ...(suite.shard !== undefined && { shard: { index: suite.shard.index, total: suite.shard.total } }),
    summary: { drills: suite.runs.length, ...byOutcome, exitCode: exitCodeOf(suite) },
    runs: suite.runs.map(runOf),
  };
}

function runOf(run: DrillRun) {
  return {
    drill: { id: run.drill.id, title: run.drill.title, scenario: run.drill.scenario, tags: [...run.drill.tags] },
    runId: run.runId,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    environment: run.environment,
    outcome: run.outcome,
    ...(run.error !== undefined && { error: run.error }),
    reasons: run.outcome === "passed" ? [] : reasonsOf(run),
    ...(run.score !== undefined && { score: scoreOf(run.score) }),
    journal: run.journal.map(eventOf),
  };
}

function scoreOf(score: Score) {
  const { verdict } = score;
  return {
    drill: score.drill,
    runId: score.runId,
    total: score.total,
    max: score.max,
    verdict: { status: verdict.status, detected: verdict.detected, classified: verdict.classified, recovered: verdict.recovered, failures: [...verdict.failures] },
    detection: sortedKeys(score.detection),
    classification: sortedKeys(score.classification),
    escalation: sortedKeys(score.escalation),
    resolution: sortedKeys(score.resolution),
    communication: sortedKeys(score.communication),
    penalties: sortedKeys(score.penalties),
    diagnosis: sortedKeys(score.diagnosis),
  };
}

function eventOf(event: JournalEvent) {
  const { seq, atMs, kind, ...rest } = event;
  return { seq, atMs, kind, ...(sortedKeys(rest) as object) };
}

/** A copy with every object's keys in alphabetical order, at every depth. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}
