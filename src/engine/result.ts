import type { JournalEvent } from "../journal/events.ts";
import type { Score } from "../scoring/score-model.ts";

/**
 * How one drill run ended, for CI:
 * - passed: every fault detected by every expected probe, classified, recovered (Score.verdict "passed");
 * - failed: the drill ran and the verdict lists what went wrong;
 * - invalid: the system was not healthy before the fault, or no fault went in (Score.verdict "invalid");
 * - error: firedrill itself could not run the drill (environment failed, …; see `error`);
 * - interrupted: SIGINT/SIGTERM or an abort stopped it.
 */
export type DrillOutcome = "passed" | "failed" | "invalid" | "error" | "interrupted";

export interface DrillRun {
  readonly drill: { readonly id: string; readonly title: string; readonly scenario: string; readonly tags: readonly string[] };
  readonly runId: string;
  /** Wall-clock ISO time the run started. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** The environment it ran in. */
  readonly environment: string;
  readonly outcome: DrillOutcome;
  /** Undefined only when the run failed before its journal had anything to score. */
  readonly score?: Score;
  /** Why the run errored or was interrupted (not the verdict's failures: those are in score.verdict.failures). */
  readonly error?: string;
  /** The run's journal: timestamped events, the input of the score. */
  readonly journal: readonly JournalEvent[];
}

export interface SuiteRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** `--shard i/n`, when given. */
  readonly shard?: { readonly index: number; readonly total: number };
  readonly runs: readonly DrillRun[];
}

/** 0: every drill passed; 1: any did not (each named by the reporters). Bad input (2) never gets this far. */
export function exitCodeOf(suite: SuiteRun): 0 | 1 {
  return suite.runs.length > 0 && suite.runs.every((run) => run.outcome === "passed") ? 0 : 1;
}

/** One line per drill that did not pass: its id and why. */
export function failuresOf(suite: SuiteRun): { readonly drill: string; readonly outcome: DrillOutcome; readonly reasons: readonly string[] }[] {
  return suite.runs
    .filter((run) => run.outcome !== "passed")
    .map((run) => ({
      drill: run.drill.id,
      outcome: run.outcome,
      reasons: [...(run.error !== undefined ? [run.error] : []), ...(run.score?.verdict.failures ?? [])],
    }));
}
