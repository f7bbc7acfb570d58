import { validate } from "../schema/index.ts";
import { type JournalEvent, journalEventSchema } from "./events.ts";
import { JournalError } from "./journal-error.ts";

/** One event per line, in order. */
export function toJsonLines(events: readonly JournalEvent[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join("");
}

/**
 * Reads a journal back, checking every event and the journal's shape: a
 * `start` event first, seq counting up from 1, time never going back.
 * `source` (a file name) is named in errors with the line.
 */
export function parseJsonLines(text: string, source = "(text)"): JournalEvent[] {
  const events: JournalEvent[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new JournalError(source, lineNumber, `not JSON (${(error as Error).message}); each line holds one event`, { cause: error });
    }
    const checked = validate(journalEventSchema, value);
    if (!checked.ok) throw JournalError.fromIssues(source, lineNumber, checked.issues);
    const event = checked.value;
    const previous = events[events.length - 1];
    if (previous === undefined && event.kind !== "start") throw new JournalError(source, lineNumber, `the first event is "${event.kind}"; a journal starts with a "start" event`);
    if (previous !== undefined && event.kind === "start") throw new JournalError(source, lineNumber, "a second \"start\" event; one journal holds one run");
    if (event.seq !== events.length + 1) throw new JournalError(source, lineNumber, `seq ${event.seq} where ${events.length + 1} was due; events are missing or out of order`);
    if (previous !== undefined && event.atMs < previous.atMs) throw new JournalError(source, lineNumber, `atMs ${event.atMs} is before the previous event's ${previous.atMs}`);
    events.push(event);
  });
  if (events.length === 0) throw new JournalError(source, undefined, "holds no events");
  return events;
}
