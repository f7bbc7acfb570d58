import type { Drill } from "../drills/drill-schema.ts";
import { afterInjection, type Incident, probeResults } from "./incident.ts";
import type { ResolutionPart } from "./score-model.ts";

/** What the recovery probes say: each probe's final streak of passes, and when all of them were passing. */
export interface Recovery {
  readonly recovered: boolean;
  /** Absolute (journal) time from which every recovery probe kept passing. */
  readonly recoveredAtMs?: number;
  readonly probes: ResolutionPart["probes"];
}

/** Recovery is what the probes saw before the rollback — never what anyone claimed. */
export function recoveryOf(incident: Incident, drill: Drill): Recovery {
  let recoveredAtMs = Number.NEGATIVE_INFINITY;
  const probes = drill.answers.recovery.map((expected) => {
    const results = probeResults(incident, "recovery", expected.id);
    const last = results[results.length - 1];
    if (last === undefined) return { id: expected.id, probe: expected.probe, status: "not-run" as const };
    if (!last.matched) return { id: expected.id, probe: expected.probe, status: "failing" as const };
    let streakStart = results.length - 1;
    while (streakStart > 0 && results[streakStart - 1]?.matched) streakStart--;
    const passedAtMs = (results[streakStart] ?? last).atMs;
    recoveredAtMs = Math.max(recoveredAtMs, passedAtMs);
    return { id: expected.id, probe: expected.probe, status: "passed" as const, passedAfterMs: afterInjection(incident, passedAtMs) };
  });
  const recovered = probes.length > 0 && probes.every((probe) => probe.status === "passed");
  return { recovered, ...(recovered && { recoveredAtMs }), probes };
}

/**
 * Whether the recovery probes agreed with a resolve claim made at `atMs`:
 * each probe's first result after the claim (or, without one, its last
 * before it) must pass.
 */
export function claimVerdict(incident: Incident, drill: Drill, atMs: number): "verified" | "false" | "unverified" {
  const states = drill.answers.recovery.map((expected) => {
    const results = probeResults(incident, "recovery", expected.id);
    const after = results.find((result) => result.atMs >= atMs);
    const before = results.filter((result) => result.atMs < atMs).pop();
    return (after ?? before)?.matched;
  });
  if (states.some((state) => state === false)) return "false";
  return states.length > 0 && states.every((state) => state === true) ? "verified" : "unverified";
}
