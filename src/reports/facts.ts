import type { DrillOutcome, DrillRun, SuiteRun } from "../engine/result.ts";
import { formatMs } from "../scoring/incident.ts";
import type { DiagnosisPart, Score } from "../scoring/score-model.ts";
import { safeText } from "./text.ts";

/**
 * What the human reporters (console, Markdown, JUnit's system-out) say about
 * a drill run, in words, computed once so they all say the same. A run
 * without a score (it failed before its journal had anything to score) reads
 * "—" everywhere. Text from the run (ids, titles, reasons, commands) is
 * already made safe (`safeText`): no control characters.
 */
export interface DrillFacts {
  readonly id: string;
  readonly title: string;
  readonly scenario: string;
  readonly outcome: DrillOutcome;
  /** `2s`, `not detected`. */
  readonly detection: string;
  /** `P2 (best)`, `P1 (accepted; best P2)`, `P3 (wrong; expected P2)`, `none (expected P2)`. */
  readonly severity: string;
  /** `L2 on-time, L3 late`; `none` when the answer key expects no escalation. */
  readonly escalation: string;
  /** `1.6min`, `1.6min (beyond response time 1s)`, `not recovered`. */
  readonly recovery: string;
  /** `95/100`. */
  readonly points: string;
  /** Why it did not pass: the run's error, then the verdict's failures; never empty for a run that did not pass. */
  readonly reasons: readonly string[];
  readonly commands: DiagnosisPart["commands"];
}

export const NONE = "—";

export const OUTCOME_SYMBOLS: Readonly<Record<DrillOutcome, string>> = { passed: "✓", failed: "✗", invalid: "!", error: "!", interrupted: "…" };

export function factsOf(run: DrillRun): DrillFacts {
  const score = run.score;
  return {
    id: safeText(run.drill.id),
    title: safeText(run.drill.title),
    scenario: safeText(run.drill.scenario),
    outcome: run.outcome,
    detection: score === undefined ? NONE : detectionOf(score),
    severity: score === undefined ? NONE : safeText(severityOf(score)),
    escalation: score === undefined ? NONE : safeText(escalationOf(score)),
    recovery: score === undefined ? NONE : recoveryOf(score),
    points: score === undefined ? NONE : `${score.total}/${score.max}`,
    reasons: reasonsOf(run).map(safeText),
    commands: (score?.diagnosis.commands ?? []).map((command) => ({ ...command, command: safeText(command.command) })),
  };
}

/** The run's error, then the verdict's failures (as `failuresOf` in engine/result.ts); for a run that did not pass and says nothing, its outcome. */
export function reasonsOf(run: DrillRun): string[] {
  const reasons = [...(run.error !== undefined ? [run.error] : []), ...(run.score?.verdict.failures ?? [])];
  return reasons.length === 0 && run.outcome !== "passed" ? [`drill "${run.drill.id}" ${run.outcome} without a reason given`] : reasons;
}

/** How many runs ended each way, and the ids of those that did not pass. */
export function tallyOf(suite: SuiteRun): { readonly passed: number; readonly notPassed: readonly DrillRun[]; readonly byOutcome: Readonly<Record<DrillOutcome, number>> } {
  const byOutcome: Record<DrillOutcome, number> = { passed: 0, failed: 0, invalid: 0, error: 0, interrupted: 0 };
  for (const run of suite.runs) byOutcome[run.outcome] += 1;
  return { passed: byOutcome.passed, notPassed: suite.runs.filter((run) => run.outcome !== "passed"), byOutcome };
}

/** `2 passed, 2 failed (postgres-down, whmcs-down: error)`: the ids of the runs that did not pass, with the outcome where it is not "failed". */
export function tallyLine(suite: SuiteRun): string {
  const { passed, notPassed } = tallyOf(suite);
  if (suite.runs.length === 0) return "0 passed, 0 failed (no drill ran)";
  const ids = notPassed.map((run) => safeText(run.outcome === "failed" ? run.drill.id : `${run.drill.id}: ${run.outcome}`));
  return `${passed} passed, ${notPassed.length} failed${ids.length === 0 ? "" : ` (${ids.join(", ")})`}`;
}

export function msText(ms: number | undefined): string {
  return ms === undefined ? NONE : formatMs(ms);
}

function detectionOf(score: Score): string {
  const { detection } = score;
  return detection.timeToDetectMs === undefined ? "not detected" : formatMs(detection.timeToDetectMs);
}

function severityOf(score: Score): string {
  const { given, best, verdict } = score.classification.severity;
  switch (verdict) {
    case "best":
      return `${given} (best)`;
    case "accepted":
      return `${given} (accepted; best ${best})`;
    case "wrong":
      return `${given} (wrong; expected ${best})`;
    case "missing":
      return `none (expected ${best})`;
  }
}

function escalationOf(score: Score): string {
  const levels = score.escalation.levels;
  return levels.length === 0 ? "none" : levels.map((level) => `${level.level} ${level.status}`).join(", ");
}

function recoveryOf(score: Score): string {
  const { recovered, timeToRecoverMs, withinResponseTime, responseTimeMs } = score.resolution;
  if (!recovered || timeToRecoverMs === undefined) return "not recovered";
  return withinResponseTime ? formatMs(timeToRecoverMs) : `${formatMs(timeToRecoverMs)} (beyond response time ${formatMs(responseTimeMs)})`;
}
