import { randomBytes } from "node:crypto";
import type { Drill } from "../drills/drill-schema.ts";
import type { DrillEnvironment } from "../engine/drill-environment.ts";
import type { DrillRun } from "../engine/result.ts";
import { runDrill, type RunDrillOptions } from "../engine/run-drill.ts";
import type { Runbook } from "../runbook/model.ts";
import { startControlApi } from "./control-api.ts";
import { type GapRange, scheduleGameDay } from "./gameday-schedule.ts";
import { GameDaySession } from "./gameday-session.ts";
import { removeSessionFile, writeSessionFile } from "./session-file.ts";

/** What the facilitator's terminal hears: an incident went live (unnamed), an incident ended (with its run). */
export type GameDayEvent =
  | { readonly kind: "incident-live"; readonly incident: number; readonly of: number }
  | { readonly kind: "incident-ended"; readonly incident: number; readonly of: number; readonly run: DrillRun };

export interface GameDayOptions {
  readonly drills: readonly Drill[];
  readonly runbook: Runbook;
  /** The standing environment: the caller starts it and takes it down. */
  readonly environment: DrillEnvironment;
  /** Draws the order of the drills and the gaps between them. */
  readonly seed: number;
  /** The unannounced wait before each injection, once the environment is ready for it. */
  readonly gap: GapRange;
  readonly team?: string;
  /** The runbook's deadlines are divided by it (practice runs). Default 1. */
  readonly timeScale?: number;
  /** Default: the date and a random suffix. */
  readonly id?: string;
  /** Abort it: the incident in progress rolls back, no other starts. */
  readonly signal?: AbortSignal;
  readonly watch?: RunDrillOptions["watch"];
  readonly timing?: RunDrillOptions["timing"];
  /** The control API is up and the session file written: responders can connect. */
  readonly onReady?: (info: { readonly id: string; readonly url: string; readonly incidents: number }) => void;
  readonly onEvent?: (event: GameDayEvent) => void;
}

export interface GameDay {
  readonly id: string;
  readonly seed: number;
  readonly team?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The incidents that ran (the last one interrupted, after an abort), in order. */
  readonly runs: readonly DrillRun[];
  /** Planned incidents an abort kept from starting. */
  readonly notRun: number;
}

export const gameDayId = (now = new Date()): string => `${now.toISOString().slice(0, 10)}-${randomBytes(3).toString("hex")}`;

/**
 * A game day on one standing environment: a seeded plan of unannounced
 * incidents, one control API for every responder (each named by `--as`) that
 * routes to the incident in progress, and a facilitator view (GET /gameday).
 *
 * Incidents run one at a time. Overlapping them on one environment would
 * not be honest: each drill starts by resetting the whole environment
 * (proxies' toxics, mocks, Redis flushed, the database re-created, the portal
 * restarted with the drill's variables), which would wipe the other
 * incident's fault and its responders' work; the recovery probes read the
 * portal's overall health, so one incident could not recover while the other
 * persists; and the remediation firedrill observes (Redis started, a session
 * killed) could not be told apart between two journals. Overlap needs one
 * environment per concurrent incident.
 */
export async function runGameDay(options: GameDayOptions): Promise<GameDay> {
  const id = options.id ?? gameDayId();
  const startedAt = new Date();
  const startedMs = performance.now();
  const schedule = scheduleGameDay(options.drills, options.seed, options.gap);
  const of = schedule.length;
  const session = new GameDaySession({ id, seed: options.seed, schedule, runbook: options.runbook, ...(options.team !== undefined && { team: options.team }) });
  const api = await startControlApi(session, options.runbook, {
    status: () => session.status(),
    routes: { "GET /gameday": (query) => session.view({ facilitator: query.facilitator === "true" || query.facilitator === "1" }) },
    afterEnd: "the game day is over; the facilitator has the scoreboard",
  });
  const stateDir = options.environment.descriptor().stateDir;
  const runs: DrillRun[] = [];
  try {
    await writeSessionFile(stateDir, { url: api.url, token: api.token, drill: `gameday ${id}`, pid: process.pid });
    options.onReady?.({ id, url: api.url, incidents: of });
    for (const incident of schedule) {
      if (options.signal?.aborted) break;
      const live = session.begin(incident.index);
      let announced = false;
      const run = await runDrill({
        drill: incident.drill,
        runbook: options.runbook,
        environment: options.environment,
        responder: live.responder("team"),
        mode: "gameday",
        live: true,
        injectDelayMs: incident.gapMs,
        timeScale: options.timeScale ?? 1,
        seed: options.seed,
        ...(options.signal !== undefined && { signal: options.signal }),
        ...(options.watch !== undefined && { watch: options.watch }),
        ...(options.timing !== undefined && { timing: options.timing }),
        onEvent: (event) => {
          session.record(incident.index, event);
          if (!announced && event.kind === "fault-injected" && event.error === undefined) {
            announced = true;
            options.onEvent?.({ kind: "incident-live", incident: incident.index, of });
          }
        },
      });
      session.finishIncident(incident.index, run);
      runs.push(run);
      options.onEvent?.({ kind: "incident-ended", incident: incident.index, of, run });
    }
    session.finish();
    return {
      id,
      seed: options.seed,
      ...(options.team !== undefined && { team: options.team }),
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - startedMs),
      runs,
      notRun: of - runs.length,
    };
  } finally {
    await removeSessionFile(stateDir);
    await api.close();
  }
}
