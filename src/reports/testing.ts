import type { DrillRun, SuiteRun } from "../engine/result.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { score } from "../scoring/score.ts";
import { perfectRedisDownRun, ScriptedRun, shippedDrill } from "../scoring/testing.ts";

/** A drill run as the engine would return it, scored for real by `score()` on the scripted journal. */
export function drillRunOf(run: ScriptedRun, overrides: Partial<DrillRun> = {}): DrillRun {
  const result = score(run.journal, run.drill, shippedRunbook());
  const events = run.journal.events;
  return {
    drill: { id: run.drill.id, title: run.drill.title, scenario: run.drill.scenario, tags: run.drill.tags },
    runId: run.journal.start.runId,
    startedAt: run.journal.start.startedAt,
    durationMs: events[events.length - 1]!.atMs,
    environment: "local",
    outcome: result.verdict.status,
    score: result,
    journal: events,
    ...overrides,
  };
}

/** redis-down answered perfectly: passed, 100/100. */
export function passedRun(): DrillRun {
  return drillRunOf(perfectRedisDownRun());
}

/** postgres-down injected at 1 s: one detection probe of four fires at +1.5 s, the first runbook command blind, the others showing the fault. */
export function postgresDownBlindOpening(): ScriptedRun {
  const run = new ScriptedRun(shippedDrill("postgres-down"));
  const [first, ...others] = run.drill.answers.detection.map((probe) => probe.id);
  run.steadyState().at(1_000).inject().at(2_500).probes("detection", true, [first!]).probes("detection", false, others);
  const [blind, ...rest] = run.drill.answers.runbookCommands.map((entry) => entry.command);
  run.command(blind!, false);
  for (const command of rest) run.command(command, true);
  return run;
}

/** postgres-down: one detection probe blind, a wrong severity, a resolve claim while still down, a blind runbook command. */
export function failedRun(): DrillRun {
  const run = postgresDownBlindOpening();
  run.at(10_000).record({ kind: "classify", actor: "ben", severity: "P4", component: "postgres" });
  run.at(30_000).record({ kind: "resolve-claim", actor: "ben" }).at(31_000).probes("recovery", false).at(60_000);
  return drillRunOf(run.rollbackAndEnd());
}

/** redis-down with the steady state not met: invalid. */
export function invalidRun(): DrillRun {
  const run = new ScriptedRun(shippedDrill("redis-down"));
  run.steadyState(false).at(1_000).inject().rollbackAndEnd();
  return drillRunOf(run, { runId: "run-3" });
}

/** whmcs-down: the environment failed before anything ran; no score. */
export function errorRun(): DrillRun {
  const run = drillRunOf(new ScriptedRun(shippedDrill("whmcs-down")), { runId: "run-4", outcome: "error", error: 'environment "ci-1" failed: redis-server exited with code 1 & said <\x1b[31mFATAL\x1b[0m> "bad config"' });
  const { score: _score, ...withoutScore } = run;
  return withoutScore;
}

/** A suite of all four: passed, failed, invalid, error. */
export function sampleSuite(runs: readonly DrillRun[] = [passedRun(), failedRun(), invalidRun(), errorRun()]): SuiteRun {
  return { runId: "suite-1", startedAt: "2026-11-27T09:00:00.000Z", durationMs: 312_345, runs };
}
