import { type ActorFacts, HISTORY_FORMAT, type HistoryRecord } from "./record.ts";

/** One person's facts in a run: answered after `firstResponseMs`, acknowledged, nothing else. */
export function actorFacts(name: string, firstResponseMs?: number, overrides: Partial<ActorFacts> = {}): ActorFacts {
  return { name, ...(firstResponseMs !== undefined && { firstResponseMs }), acked: true, classifications: 0, escalations: 0, updates: 0, actions: 0, resolveClaims: 0, hints: 0, hintCost: 0, ...overrides };
}

/** A history record written by hand; times in seconds for readability. */
export function historyRecord(runId: string, fields: { drill?: string; mode?: HistoryRecord["mode"]; team?: string; gameday?: string; startedAt: string; ttdS?: number; ttaS?: number; ttrS?: number; total?: number; actors: ActorFacts[] }): HistoryRecord {
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);
  const record: HistoryRecord = {
    v: HISTORY_FORMAT,
    runId,
    drill: fields.drill ?? "redis-down",
    scenario: fields.drill ?? "redis-down",
    mode: fields.mode ?? "gameday",
    ...(fields.team !== undefined && { team: fields.team }),
    ...(fields.gameday !== undefined && { gameday: fields.gameday }),
    startedAt: fields.startedAt,
    durationMs: 1_200_000,
    outcome: fields.ttrS === undefined ? "failed" : "passed",
    ...(fields.total !== undefined && { total: fields.total, max: 100 }),
    ...(fields.ttdS !== undefined && { ttdMs: ms(fields.ttdS)! }),
    ...(fields.ttaS !== undefined && { ttaMs: ms(fields.ttaS)! }),
    ...(fields.ttrS !== undefined && { ttrMs: ms(fields.ttrS)! }),
    recovered: fields.ttrS !== undefined,
    actors: fields.actors,
  };
  return record;
}

/**
 * Team blue's two game days (gd-q3: ana and ben, gd-q4: ana, then ben) and
 * carol's training run in between, without a team.
 */
export function sampleHistory(): HistoryRecord[] {
  return [
    historyRecord("r1", { team: "blue", gameday: "gd-q3", startedAt: "2026-08-14T09:00:00.000Z", ttdS: 3, ttaS: 60, ttrS: 600, total: 60, actors: [actorFacts("ana", 60_000)] }),
    historyRecord("r2", { drill: "postgres-down", team: "blue", gameday: "gd-q3", startedAt: "2026-08-14T11:00:00.000Z", ttdS: 5, ttaS: 120, ttrS: 900, total: 50, actors: [actorFacts("ben", 120_000), actorFacts("ana", 180_000, { hints: 1, hintCost: 5 })] }),
    historyRecord("r5", { mode: "train", startedAt: "2026-10-01T14:00:00.000Z", ttdS: 3, ttaS: 30, ttrS: 200, total: 80, actors: [actorFacts("carol", 30_000)] }),
    historyRecord("r3", { team: "blue", gameday: "gd-q4", startedAt: "2026-11-20T09:00:00.000Z", ttdS: 2, ttaS: 20, ttrS: 300, total: 90, actors: [actorFacts("ana", 20_000)] }),
    historyRecord("r4", { drill: "whmcs-down", team: "blue", gameday: "gd-q4", startedAt: "2026-11-20T10:00:00.000Z", ttdS: 4, ttaS: 40, total: 70, actors: [actorFacts("ben", 40_000)] }),
  ];
}
