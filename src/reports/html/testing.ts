import type { Drill } from "../../drills/drill-schema.ts";
import type { DrillRun } from "../../engine/result.ts";
import { shippedRunbook } from "../../runbook/testing.ts";
import { score } from "../../scoring/score.ts";
import { shippedDrill } from "../../scoring/testing.ts";
import { drillRunOf, passedRun, postgresDownBlindOpening } from "../testing.ts";

/** The drills the fixtures below run, by id, as the report takes them. */
export function fixtureDrills(): Map<string, Drill> {
  return new Map(["redis-down", "postgres-down", "whmcs-down"].map((id) => [id, shippedDrill(id)]));
}

/** redis-down answered perfectly (inject at 1 s, detected +2 s, ack +4 s, recovered +99 s), with the journal's time scale set and the run scored again. */
export function redisRunAtScale(timeScale: number): DrillRun {
  const run = passedRun();
  const journal = run.journal.map((event) => (event.kind === "start" ? { ...event, timeScale } : event));
  const result = score(journal, shippedDrill("redis-down"), shippedRunbook());
  return { ...run, journal, score: result, outcome: result.verdict.status };
}

/**
 * postgres-down (P1) by ben: inject at 1 s, one detection probe of four fires
 * at +1.5 s, a hint, P1/postgres at +9 s, L2 at +20 s, a resolve claim at +29 s
 * the recovery probes contradict, the first runbook command blind, PostgreSQL
 * never started (runbook steps 1 and 4 missed).
 */
export function postgresP1Run(actor = "ben"): DrillRun {
  const run = postgresDownBlindOpening();
  run.at(5_000).record({ kind: "hint", actor, index: 0, cost: 5 });
  run.at(10_000).record({ kind: "classify", actor, severity: "P1", component: "postgres" });
  run.at(21_000).record({ kind: "escalate", actor, level: "L2", reason: "database down" });
  run.at(30_000).record({ kind: "resolve-claim", actor }).at(31_000).probes("recovery", false).at(60_000);
  return drillRunOf(run.rollbackAndEnd());
}
