import type { EventOf, JournalEvent, JournalEventKind } from "./events.ts";

/** The events of one kind, typed, in journal order. */
export function eventsOf<K extends JournalEventKind>(events: readonly JournalEvent[], kind: K): EventOf<K>[] {
  return events.filter((event): event is EventOf<K> => event.kind === kind);
}

export function startOf(events: readonly JournalEvent[]): EventOf<"start"> | undefined {
  const first = events[0];
  return first?.kind === "start" ? first : undefined;
}

/** Wall-clock time (epoch ms) of an event: the start's wall clock plus the event's atMs. */
export function wallTimeMs(start: EventOf<"start">, atMs: number): number {
  return Date.parse(start.startedAt) + atMs;
}

/** When the incident began: the first fault that was injected (without an error). */
export function injectedAtMs(events: readonly JournalEvent[]): number | undefined {
  return eventsOf(events, "fault-injected").find((event) => event.error === undefined)?.atMs;
}
