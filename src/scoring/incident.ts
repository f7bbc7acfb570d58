import type { Drill } from "../drills/drill-schema.ts";
import type { EventOf, JournalEvent } from "../journal/events.ts";
import { JournalError } from "../journal/journal-error.ts";
import { eventsOf, injectedAtMs, startOf } from "../journal/queries.ts";
import type { Runbook } from "../runbook/model.ts";
import { findSeverity } from "../runbook/queries.ts";

/** What every part of the score reads: the journal in order and the incident's times. */
export interface Incident {
  readonly events: readonly JournalEvent[];
  readonly start: EventOf<"start">;
  /** undefined: no fault was injected, the run is invalid. */
  readonly injectedAtMs: number | undefined;
  /** The time the score is taken at: the end event, the last event, or the caller's. */
  readonly asOfMs: number;
  readonly ended: boolean;
  /** Recovery seen after this (the rollback) is firedrill's doing, not the responder's. */
  readonly evidenceUntilMs: number;
  readonly timeScale: number;
  /** The best severity's response time, scaled. */
  readonly responseTimeMs: number;
}

export function incidentOf(journal: readonly JournalEvent[], drill: Drill, runbook: Runbook, asOfMs?: number): Incident {
  const events = [...journal].sort((a, b) => a.seq - b.seq);
  const start = startOf(events);
  if (start === undefined) throw new JournalError(`of drill "${drill.id}"`, 1, 'a journal starts with a "start" event; this one does not');
  const end = eventsOf(events, "end")[0];
  const last = events[events.length - 1] as JournalEvent;
  const asOf = asOfMs ?? end?.atMs ?? last.atMs;
  const rollback = events.find(
    (event) => (event.kind === "phase" && event.phase === "rollback" && event.status === "started") || (event.kind === "fault-reverted" && event.reason === "rollback"),
  );
  const severity = findSeverity(runbook, drill.answers.severity.best);
  return {
    events: events.filter((event) => event.atMs <= asOf),
    start,
    injectedAtMs: injectedAtMs(events),
    asOfMs: asOf,
    ended: end !== undefined && end.atMs <= asOf,
    evidenceUntilMs: Math.min(rollback?.atMs ?? Number.POSITIVE_INFINITY, asOf),
    timeScale: start.timeScale,
    responseTimeMs: (severity?.responseTimeMs ?? Number.POSITIVE_INFINITY) / start.timeScale,
  };
}

/** Milliseconds after the injection (0 when there was none). */
export function afterInjection(incident: Incident, atMs: number): number {
  return Math.round((atMs - (incident.injectedAtMs ?? 0)) * 1000) / 1000;
}

/** Probe results of one role and probe id, after the injection and before the rollback. */
export function probeResults(incident: Incident, role: EventOf<"probe">["role"], probe: string): EventOf<"probe">[] {
  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  return eventsOf(incident.events, "probe").filter((event) => event.role === role && event.probe === probe && event.atMs >= from && event.atMs <= incident.evidenceUntilMs);
}

/** The responder's events (not firedrill's observations). */
export function responderEvents(incident: Incident): JournalEvent[] {
  return incident.events.filter((event) => ["ack", "classify", "escalate", "status-update", "resolve-claim"].includes(event.kind) || (event.kind === "action" && event.source === "responder"));
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "never";
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.round(ms / 6_000) / 10}min`;
}
