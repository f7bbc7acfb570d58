import type { DrillRun } from "../../engine/result.ts";
import type { JournalEvent } from "../../journal/events.ts";

/** What a responder wrote into the journal: their own events, not firedrill's observations. */
export function responderActor(event: JournalEvent): string | undefined {
  switch (event.kind) {
    case "ack":
    case "classify":
    case "escalate":
    case "status-update":
    case "resolve-claim":
    case "hint":
      return event.actor;
    case "action":
      return event.source === "responder" ? event.actor : undefined;
    default:
      return undefined;
  }
}

/** The responders of a run, in the order they first acted. */
export function actorsOf(run: DrillRun): string[] {
  return [...new Set(run.journal.flatMap((event) => responderActor(event) ?? []))];
}
