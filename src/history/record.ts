import type { DrillRun } from "../engine/result.ts";
import { RUN_MODES } from "../journal/events.ts";
import { type Infer, s } from "../schema/index.ts";

/** The record format's version: the `v` of every line. */
export const HISTORY_FORMAT = 1;

const ms = s.number({ min: 0 });
const count = s.number({ integer: true, min: 0 });

/** What one person did in a run. Times count from the fault's injection, like the score's. */
export const actorFactsSchema = s.object({
  name: s.string({ minLength: 1 }),
  /** Their first ack, classification, escalation, update, action or resolve claim after the injection. */
  firstResponseMs: s.optional(ms),
  acked: s.boolean(),
  classifications: count,
  escalations: count,
  updates: count,
  /** Remediation actions they asked for (source "responder"; firedrill's observations are not counted). */
  actions: count,
  resolveClaims: count,
  hints: count,
  /** Points the hints they took cost (the answer key's price, as the score charged it). */
  hintCost: s.number({ min: 0 }),
});

/**
 * One run in the history: a compact summary of a DrillRun, not its journal.
 * `v` comes first on the line so a record glued to a torn line can be found
 * again (see store.ts). Times are milliseconds after the injection.
 */
export const historyRecordSchema = s.object({
  v: s.describe(s.number({ integer: true, min: HISTORY_FORMAT, max: HISTORY_FORMAT }), "The record format's version."),
  runId: s.string({ minLength: 1 }),
  drill: s.string({ minLength: 1 }),
  scenario: s.string(),
  mode: s.enumOf(RUN_MODES, "mode"),
  team: s.optional(s.string({ minLength: 1 })),
  gameday: s.optional(s.string({ minLength: 1 })),
  startedAt: s.string({ pattern: /^\d{4}-\d\d-\d\dT/, patternHint: "an ISO 8601 time" }),
  durationMs: ms,
  outcome: s.enumOf(["passed", "failed", "invalid", "error", "interrupted"], "outcome"),
  /** Absent when the run failed before there was anything to score. */
  total: s.optional(s.number()),
  max: s.optional(s.number({ min: 0 })),
  ttdMs: s.optional(ms),
  ttaMs: s.optional(ms),
  ttrMs: s.optional(ms),
  recovered: s.optional(s.boolean()),
  severity: s.optional(s.object({ given: s.optional(s.string()), best: s.string(), verdict: s.enumOf(["best", "accepted", "wrong", "missing"], "severity verdict") })),
  actors: s.array(actorFactsSchema),
});

export type HistoryRecord = Infer<typeof historyRecordSchema>;
export type ActorFacts = Infer<typeof actorFactsSchema>;
export type RunMode = (typeof RUN_MODES)[number];

/** Where a run happened: which mode, for which team, on which game day. */
export interface RunContext {
  readonly mode: RunMode;
  readonly team?: string;
  /** The game day's id: runs with the same id are one game day. */
  readonly gameday?: string;
}

const RESPONSE_KINDS = new Set(["ack", "classify", "escalate", "status-update", "resolve-claim"]);

/** The per-person facts of a run's journal, in order of first appearance. */
export function actorsOf(run: DrillRun): ActorFacts[] {
  const injectedAtMs = run.journal.find((event) => event.kind === "fault-injected" && event.error === undefined)?.atMs;
  const actors = new Map<string, { -readonly [K in keyof ActorFacts]: ActorFacts[K] }>();
  const hintPrices = new Map((run.score?.penalties.items ?? []).filter((item) => item.kind === "hint").map((item) => [item.detail, item.cost]));
  for (const event of run.journal) {
    if (!("actor" in event) || (event.kind === "action" && event.source !== "responder")) continue;
    let facts = actors.get(event.actor);
    if (facts === undefined) {
      facts = { name: event.actor, acked: false, classifications: 0, escalations: 0, updates: 0, actions: 0, resolveClaims: 0, hints: 0, hintCost: 0 };
      actors.set(event.actor, facts);
    }
    const responds = RESPONSE_KINDS.has(event.kind) || event.kind === "action";
    if (responds && injectedAtMs !== undefined && event.atMs >= injectedAtMs && facts.firstResponseMs === undefined) {
      facts.firstResponseMs = Math.round((event.atMs - injectedAtMs) * 1000) / 1000;
    }
    if (event.kind === "ack") facts.acked = true;
    else if (event.kind === "classify") facts.classifications += 1;
    else if (event.kind === "escalate") facts.escalations += 1;
    else if (event.kind === "status-update") facts.updates += 1;
    else if (event.kind === "action") facts.actions += 1;
    else if (event.kind === "resolve-claim") facts.resolveClaims += 1;
    else if (event.kind === "hint") {
      facts.hints += 1;
      // The score prices hints from the answer key ("hint 2" costs …); the event's own cost is the fallback.
      facts.hintCost += hintPrices.get(`hint ${event.index + 1}`) ?? event.cost;
    }
  }
  return [...actors.values()];
}

/** The history's summary of a run: what trends need, nothing of the journal itself. */
export function summarizeRun(run: DrillRun, context: RunContext): HistoryRecord {
  const score = run.score;
  const severity = score?.classification.severity;
  return {
    v: HISTORY_FORMAT,
    runId: run.runId,
    drill: run.drill.id,
    scenario: run.drill.scenario,
    mode: context.mode,
    ...(context.team !== undefined && { team: context.team }),
    ...(context.gameday !== undefined && { gameday: context.gameday }),
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    outcome: run.outcome,
    ...(score !== undefined && {
      total: score.total,
      max: score.max,
      ...(score.detection.timeToDetectMs !== undefined && { ttdMs: score.detection.timeToDetectMs }),
      ...(score.detection.timeToAcknowledgeMs !== undefined && { ttaMs: score.detection.timeToAcknowledgeMs }),
      ...(score.resolution.timeToRecoverMs !== undefined && { ttrMs: score.resolution.timeToRecoverMs }),
      recovered: score.resolution.recovered,
    }),
    ...(severity !== undefined && { severity: { ...(severity.given !== undefined && { given: severity.given }), best: severity.best, verdict: severity.verdict } }),
    actors: actorsOf(run),
  };
}
