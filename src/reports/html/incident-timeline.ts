import type { DrillRun } from "../../engine/result.ts";
import type { JournalEvent } from "../../journal/events.ts";
import { injectedAtMs, startOf } from "../../journal/queries.ts";
import { responderActor } from "./responder-events.ts";

export type TimelineKind = "injection" | "detection" | "ack" | "classify" | "escalate" | "status-update" | "action" | "hint" | "resolve-claim" | "recovery" | "fault-reverted";

/** One moment of an incident, shared by the HTML timeline and the review draft. Text is plain (not escaped). */
export interface TimelineEntry {
  readonly kind: TimelineKind;
  /** Journal time: ms since the journal started (wall time: start.startedAt + atMs). */
  readonly atMs: number;
  /** Since the first injection, as the score counts. */
  readonly afterMs: number;
  /** For a chart: `detected`, `P2/redis`, `L2`. */
  readonly short: string;
  /** In words, with who did it: `ana classified it P2, component redis`. */
  readonly label: string;
  readonly actor?: string;
  readonly tone: "neutral" | "good" | "bad";
}

/** At the same moment, cause before effect: the injection first, the revert last. */
const KIND_ORDER: readonly TimelineKind[] = ["injection", "detection", "ack", "classify", "escalate", "status-update", "action", "hint", "resolve-claim", "recovery", "fault-reverted"];

/** The responder's first sign of life counts as the acknowledgement, as the score counts it; a hint is none. */
const isResponse = (event: JournalEvent) => event.kind !== "hint" && responderActor(event) !== undefined;

/**
 * The run's incident in order: injections, detection (the first expected
 * probe that fired), acknowledgement, classifications, escalations, status
 * updates, actions, hints, resolve claims (with the score's verdict),
 * recovery and reverted faults. Detection, recovery and claim verdicts come
 * from the score; a run without one shows only what its journal says.
 */
export function incidentTimeline(run: DrillRun): TimelineEntry[] {
  const origin = injectedAtMs(run.journal) ?? 0;
  const after = (atMs: number) => atMs - origin;
  const at = (afterMs: number) => afterMs + origin;
  const entries: TimelineEntry[] = [];
  const add = (entry: Omit<TimelineEntry, "afterMs" | "tone"> & { tone?: TimelineEntry["tone"] }) => entries.push({ tone: "neutral", ...entry, afterMs: after(entry.atMs) });

  const firstResponse = run.journal.find((event) => event.atMs >= origin && isResponse(event));
  const claims = [...(run.score?.resolution.claims ?? [])];
  for (const event of run.journal) {
    if (event === firstResponse && "actor" in event) {
      const how = event.kind === "ack" ? "" : ` (first response: ${event.kind})`;
      add({ kind: "ack", atMs: event.atMs, short: "ack", label: `${event.actor} acknowledged${how}`, actor: event.actor });
    }
    switch (event.kind) {
      case "fault-injected":
        if (event.error === undefined) add({ kind: "injection", atMs: event.atMs, short: "injected", label: `fault ${event.fault} injected (${event.faultKind}${event.target === undefined ? "" : ` on ${event.target}`})`, tone: "bad" });
        else add({ kind: "injection", atMs: event.atMs, short: "injection failed", label: `fault ${event.fault} failed to inject: ${event.error}` });
        break;
      case "fault-reverted":
        add({ kind: "fault-reverted", atMs: event.atMs, short: "reverted", label: `fault ${event.fault} reverted (${event.reason})` });
        break;
      case "classify":
        if (event.atMs < origin) break;
        add({ kind: "classify", atMs: event.atMs, short: [event.severity, event.component].filter(Boolean).join("/"), label: `${event.actor} classified it ${event.severity}${event.component === undefined ? "" : `, component ${event.component}`}`, actor: event.actor });
        break;
      case "escalate":
        add({ kind: "escalate", atMs: event.atMs, short: event.level, label: `${event.actor} escalated to ${event.level}${event.reason === undefined ? "" : `: ${event.reason}`}`, actor: event.actor });
        break;
      case "status-update":
        add({ kind: "status-update", atMs: event.atMs, short: "update", label: `${event.actor} posted a status update: ${event.text.split("\n")[0]}`, actor: event.actor });
        break;
      case "action": {
        const who = event.source === "observed" ? `${event.actor} (observed)` : event.actor;
        add({ kind: "action", atMs: event.atMs, short: event.action, label: `${who}: ${event.action}${event.ok ? "" : ` failed${event.error === undefined ? "" : `: ${event.error}`}`}`, actor: event.actor, tone: event.ok ? "neutral" : "bad" });
        break;
      }
      case "hint":
        add({ kind: "hint", atMs: event.atMs, short: `hint ${event.index + 1}`, label: `${event.actor} took hint ${event.index + 1}`, actor: event.actor, tone: "bad" });
        break;
      case "resolve-claim": {
        const verdict = event.atMs >= origin ? claims.shift()?.verdict : undefined;
        const tone = verdict === "verified" ? "good" : verdict === "false" ? "bad" : "neutral";
        const short = verdict === "verified" ? "resolved ✓" : verdict === "false" ? "resolved ✗" : "resolved ?";
        add({ kind: "resolve-claim", atMs: event.atMs, short, label: `${event.actor} declared it resolved${verdict === undefined ? "" : ` (${verdict})`}`, actor: event.actor, tone });
        break;
      }
      default:
        break;
    }
  }
  const detection = run.score?.detection;
  const first = detection?.probes.filter((probe) => probe.firedAfterMs !== undefined).sort((a, b) => a.firedAfterMs! - b.firedAfterMs!)[0];
  if (first !== undefined) {
    add({ kind: "detection", atMs: at(first.firedAfterMs!), short: "detected", label: `detected: probe ${first.id} (${first.probe}) fired, first of ${detection!.probes.length} expected`, tone: "good" });
  }
  const recoverMs = run.score?.resolution.timeToRecoverMs;
  if (recoverMs !== undefined) add({ kind: "recovery", atMs: at(recoverMs), short: "recovered", label: "recovered: every recovery probe passed", tone: "good" });
  return entries.sort((a, b) => a.atMs - b.atMs || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** `2026-11-27 09:00:03Z`: the wall-clock time of a journal time, from the journal's start (the run's, without one). */
export function utcTimeOf(run: DrillRun, atMs: number): string {
  const startedAt = startOf(run.journal)?.startedAt ?? run.startedAt;
  const wall = new Date(Date.parse(startedAt) + atMs);
  return Number.isNaN(wall.getTime()) ? "—" : `${wall.toISOString().slice(0, 19).replace("T", " ")}Z`;
}
