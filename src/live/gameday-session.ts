import type { Drill } from "../drills/drill-schema.ts";
import { withoutAnswers } from "../drills/public-view.ts";
import type { DrillOutcome, DrillRun } from "../engine/result.ts";
import { type Clock, systemClock } from "../journal/clock.ts";
import type { JournalEvent } from "../journal/events.ts";
import { injectedAtMs, startOf, wallTimeMs } from "../journal/queries.ts";
import { responderActor } from "../reports/html/responder-events.ts";
import type { Runbook } from "../runbook/model.ts";
import { score } from "../scoring/score.ts";
import type { ControlSession } from "./control-api.ts";
import type { ScheduledIncident } from "./gameday-schedule.ts";
import { LiveSession, type SessionEnd, type SessionState } from "./live-session.ts";

export type IncidentState = "scheduled" | "waiting" | "active" | "ended";

/** One incident as `firedrill gameday status` shows it. */
export interface IncidentView {
  readonly incident: number;
  readonly state: IncidentState;
  /** Once the incident has ended; the facilitator sees it from the start. */
  readonly drill?: string;
  /** The planned gap before the injection: facilitator only. */
  readonly gapMs?: number;
  /** Wall-clock time of the injection. */
  readonly injectedAt?: string;
  /** The responders who acted, in the order they first did. */
  readonly actors: readonly string[];
  /** So far while active (deadlines not yet passed are pending), final once ended. */
  readonly score?: { readonly total: number; readonly max: number; readonly final: boolean };
  readonly outcome?: DrillOutcome;
}

export interface GameDayView {
  readonly gameday: string;
  readonly team?: string;
  /** Facilitator only: with the drills it gives away the plan. */
  readonly seed?: number;
  readonly state: "running" | "ended";
  readonly incidents: readonly IncidentView[];
}

export interface GameDaySessionOptions {
  readonly id: string;
  readonly team?: string;
  readonly seed: number;
  readonly schedule: readonly ScheduledIncident<Drill>[];
  readonly runbook: Runbook;
  /** Reads "now" for the live score; default the system's monotonic clock. */
  readonly clock?: Clock;
}

interface Incident {
  readonly plan: ScheduledIncident<Drill>;
  session?: LiveSession;
  readonly events: JournalEvent[];
  /** The clock's reading when the incident's journal started: its atMs count from here. */
  originMs?: number;
  run?: DrillRun;
}

/**
 * A game day as the control API sees it: the moves of every responder go to
 * the incident in progress (one at a time: src/live/gameday.ts says why);
 * between incidents nothing is open. It also keeps each incident's journal
 * as it is written, for the facilitator's live view.
 */
export class GameDaySession implements ControlSession {
  readonly id: string;
  readonly #options: GameDaySessionOptions;
  readonly #incidents: Incident[];
  readonly #clock: Clock;
  #current: Incident | undefined;
  #over = false;

  constructor(options: GameDaySessionOptions) {
    this.id = options.id;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#incidents = options.schedule.map((plan) => ({ plan, events: [] }));
  }

  get state(): SessionState {
    if (this.#over) return "ended";
    return this.#current?.session?.state === "active" ? "active" : "waiting";
  }

  get end(): SessionEnd | undefined {
    if (!this.#over) return undefined;
    const scores = this.#incidents.flatMap((incident) => incident.run?.score ?? []);
    return { outcome: "the game day is over", total: scores.reduce((sum, each) => sum + each.total, 0), max: scores.reduce((sum, each) => sum + each.max, 0) };
  }

  contextFor(actor: string) {
    return this.#current?.session?.contextFor(actor);
  }

  resolved(): void {
    this.#current?.session?.resolved();
  }

  /** Incident `index` (1-based) begins: the API routes to its session from now on. */
  begin(index: number): LiveSession {
    const incident = this.#incident(index);
    incident.session = new LiveSession(withoutAnswers(incident.plan.drill));
    this.#current = incident;
    return incident.session;
  }

  /** One of the incident's journal events, as the engine records it. */
  record(index: number, event: JournalEvent): void {
    const incident = this.#incident(index);
    if (event.kind === "start") incident.originMs = this.#clock.monotonicMs() - event.atMs;
    incident.events.push(event);
  }

  finishIncident(index: number, run: DrillRun): void {
    const incident = this.#incident(index);
    incident.run = run;
    incident.session?.finish({ outcome: run.outcome, ...(run.score !== undefined && { total: run.score.total, max: run.score.max }) });
  }

  /** No more incidents: every move is refused with the game day's total. */
  finish(): void {
    this.#over = true;
  }

  /** What a responder's `firedrill respond status` shows: the incident's number and alert, never its drill. */
  status(): Record<string, unknown> {
    const incident = this.#current;
    const alert = this.state === "active" ? incident?.plan.drill.briefing : undefined;
    return {
      gameday: this.id,
      state: this.state,
      ...(incident !== undefined && !this.#over && { incident: incident.plan.index, of: this.#incidents.length }),
      ...(alert !== undefined && { alert }),
      ...(this.end !== undefined && { end: this.end }),
    };
  }

  /** The facilitator's table: every incident's state, who acted, the score so far. */
  view(options: { readonly facilitator?: boolean } = {}): GameDayView {
    const facilitator = options.facilitator === true;
    return {
      gameday: this.id,
      ...(this.#options.team !== undefined && { team: this.#options.team }),
      ...(facilitator && { seed: this.#options.seed }),
      state: this.#over ? "ended" : "running",
      incidents: this.#incidents.map((incident) => this.#viewOf(incident, facilitator)),
    };
  }

  #viewOf(incident: Incident, facilitator: boolean): IncidentView {
    const state: IncidentState = incident.run !== undefined ? "ended" : incident.session === undefined ? "scheduled" : incident.session.state === "active" ? "active" : "waiting";
    const { drill } = incident.plan;
    const events = incident.run?.journal ?? incident.events;
    const start = startOf(events);
    const injected = injectedAtMs(events);
    return {
      incident: incident.plan.index,
      state,
      ...((facilitator || state === "ended") && { drill: drill.id }),
      ...(facilitator && { gapMs: incident.plan.gapMs }),
      ...(start !== undefined && injected !== undefined && { injectedAt: new Date(wallTimeMs(start, injected)).toISOString() }),
      actors: [...new Set(events.flatMap((event) => responderActor(event) ?? []))],
      ...this.#scoreOf(incident, state),
      ...(incident.run !== undefined && { outcome: incident.run.outcome }),
    };
  }

  #scoreOf(incident: Incident, state: IncidentState): Pick<IncidentView, "score"> {
    const final = incident.run?.score;
    if (final !== undefined) return { score: { total: final.total, max: final.max, final: true } };
    if (state !== "active" || incident.originMs === undefined) return {};
    const live = score(incident.events, incident.plan.drill, this.#options.runbook, { asOfMs: this.#clock.monotonicMs() - incident.originMs });
    return { score: { total: live.total, max: live.max, final: false } };
  }

  #incident(index: number): Incident {
    const incident = this.#incidents[index - 1];
    if (incident === undefined) throw new RangeError(`game day ${this.id}: no incident ${index} (it has ${this.#incidents.length})`);
    return incident;
  }
}
