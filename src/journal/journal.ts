import { validate } from "../schema/index.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type EventOf, type JournalEvent, journalEventSchema, type NewJournalEvent, type RUN_MODES } from "./events.ts";
import { JournalError } from "./journal-error.ts";
import { toJsonLines } from "./json-lines.ts";

export interface JournalOptions {
  readonly drill: string;
  readonly runId: string;
  readonly mode?: (typeof RUN_MODES)[number];
  readonly timeScale?: number;
  readonly seed?: number;
  readonly clock?: Clock;
}

/** Probe and command output kept in the journal, at most. */
export const MAX_OUTPUT_CHARS = 4_000;

type Placed<E> = E & { readonly seq: number; readonly atMs: number };

/**
 * A drill run's record: typed events, each with its place and its time in
 * milliseconds since the start on the monotonic clock. The first event
 * (`start`) holds the wall-clock time those milliseconds count from.
 */
export class Journal {
  readonly #events: JournalEvent[] = [];
  readonly #clock: Clock;
  readonly #originMs: number;
  readonly #listeners = new Set<(event: JournalEvent) => void>();

  constructor(options: JournalOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#originMs = this.#clock.monotonicMs();
    this.record({
      kind: "start",
      drill: options.drill,
      runId: options.runId,
      startedAt: new Date(this.#clock.wallMs()).toISOString(),
      mode: options.mode ?? "run",
      timeScale: options.timeScale ?? 1,
      ...(options.seed !== undefined && { seed: options.seed }),
    });
  }

  get events(): readonly JournalEvent[] {
    return this.#events;
  }

  get start(): EventOf<"start"> {
    return this.#events[0] as EventOf<"start">;
  }

  /** Milliseconds since the journal started. */
  nowMs(): number {
    return this.#clock.monotonicMs() - this.#originMs;
  }

  /** Adds an event at the current time; throws JOURNAL_INVALID for an event that would not read back. */
  record<E extends NewJournalEvent>(event: E): Placed<E> {
    const previous = this.#events[this.#events.length - 1];
    const atMs = Math.max(previous?.atMs ?? 0, Math.round(this.nowMs() * 1000) / 1000);
    const output = "output" in event && typeof event.output === "string" && event.output.length > MAX_OUTPUT_CHARS ? { output: `${event.output.slice(0, MAX_OUTPUT_CHARS)}…` } : {};
    const placed = { ...event, ...output, seq: this.#events.length + 1, atMs };
    const checked = validate(journalEventSchema, placed);
    if (!checked.ok) throw JournalError.fromIssues(`of drill "${this.start?.drill ?? (event as { drill?: string }).drill}"`, undefined, checked.issues);
    this.#events.push(checked.value);
    for (const listener of this.#listeners) listener(checked.value);
    return checked.value as Placed<E>;
  }

  /** Calls `listener` with every event recorded from now on (a game day's live view); returns the unsubscribe. */
  subscribe(listener: (event: JournalEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  toJsonLines(): string {
    return toJsonLines(this.#events);
  }
}
