import type { DrillRun } from "../../engine/result.ts";
import { injectedAtMs } from "../../journal/queries.ts";
import { actorsOf, responderActor } from "./responder-events.ts";

/** One responder over a game day's runs. */
export interface Standing {
  readonly actor: string;
  readonly runs: number;
  /** The totals of the runs they took part in: a run's score is the team's, each responder in it gets all of it. */
  readonly points: number;
  readonly max: number;
  readonly passed: number;
  /** Mean time from injection to their first event, over the runs where they acted after it. */
  readonly meanResponseMs?: number;
  readonly verifiedClaims: number;
  readonly falseClaims: number;
  readonly hints: number;
}

/** The scoreboard: every responder, most points first (then fewest runs, then name). */
export function standingsOf(runs: readonly DrillRun[]): Standing[] {
  const byActor = new Map<string, { runs: number; points: number; max: number; passed: number; responses: number[]; verifiedClaims: number; falseClaims: number; hints: number }>();
  for (const run of runs) {
    const origin = injectedAtMs(run.journal) ?? 0;
    for (const actor of actorsOf(run)) {
      const standing = byActor.get(actor) ?? { runs: 0, points: 0, max: 0, passed: 0, responses: [], verifiedClaims: 0, falseClaims: 0, hints: 0 };
      byActor.set(actor, standing);
      standing.runs += 1;
      standing.points += run.score?.total ?? 0;
      standing.max += run.score?.max ?? 0;
      if (run.outcome === "passed") standing.passed += 1;
      // A hint is not a response: the score does not count it as acknowledging either.
      const first = run.journal.find((event) => event.atMs >= origin && event.kind !== "hint" && responderActor(event) === actor);
      if (first !== undefined) standing.responses.push(first.atMs - origin);
      const claims = run.score?.resolution.claims.filter((claim) => claim.actor === actor) ?? [];
      standing.verifiedClaims += claims.filter((claim) => claim.verdict === "verified").length;
      standing.falseClaims += claims.filter((claim) => claim.verdict === "false").length;
      standing.hints += run.journal.filter((event) => event.kind === "hint" && event.actor === actor).length;
    }
  }
  return [...byActor]
    .map(([actor, { responses, points, ...rest }]) => ({
      actor,
      ...rest,
      points: Math.round(points * 10) / 10,
      ...(responses.length > 0 && { meanResponseMs: responses.reduce((sum, ms) => sum + ms, 0) / responses.length }),
    }))
    .sort((a, b) => b.points - a.points || a.runs - b.runs || a.actor.localeCompare(b.actor));
}
