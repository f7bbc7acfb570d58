import { FiredrillError } from "../errors.ts";
import type { Clock } from "./clock.ts";
import type { SystemName } from "./system.ts";

/** One call a mocked system received, recorded when its exchange ended. */
export interface JournalEntry {
  /** Increases by one per entry, across systems. */
  readonly seq: number;
  readonly system: SystemName;
  readonly method: string;
  readonly path: string;
  /** WHMCS action, Freebit operation, Bayeux channels of a CometD batch, SObject of a REST call. */
  readonly action?: string;
  /** 0 when no response was sent. */
  readonly status: number;
  /** responded; dropped: the mock closed the connection; aborted: the client went away first. */
  readonly outcome: "responded" | "dropped" | "aborted";
  readonly durationMs: number;
  /** When the request arrived, ISO 8601. */
  readonly at: string;
  readonly atMs: number;
  /** Ids of the faults that acted on this call. */
  readonly faults: readonly string[];
}

export interface JournalQuery {
  system?: SystemName;
  /** Only calls that arrived at or after this time (epoch ms, or an ISO 8601 string). */
  since?: number | string;
  /** Only entries with a larger seq: a cursor for polling. */
  afterSeq?: number;
  action?: string;
}

/** A bounded, in-memory record of calls: the oldest entries go first when it is full. */
export class Journal {
  readonly #entries: Omit<JournalEntry, "at">[] = [];
  readonly #capacity: number;
  readonly #clock: Clock;
  #seq = 0;

  constructor(clock: Clock, capacity = 50_000) {
    this.#clock = clock;
    this.#capacity = capacity;
  }

  now(): number {
    return this.#clock.now();
  }

  record(entry: Omit<JournalEntry, "seq" | "at">): void {
    this.#entries.push({ ...entry, seq: ++this.#seq });
    // Trimmed in batches: one splice per tenth of the capacity keeps recording O(1) on average.
    if (this.#entries.length > this.#capacity + Math.ceil(this.#capacity / 10)) this.#entries.splice(0, this.#entries.length - this.#capacity);
  }

  query(query: JournalQuery = {}): JournalEntry[] {
    const sinceMs = toEpochMs(query.since);
    const action = query.action?.toLowerCase();
    const kept = this.#entries.length - this.#capacity;
    return this.#entries
      .filter(
        (entry, index) =>
          index >= kept &&
          (query.system === undefined || entry.system === query.system) &&
          (sinceMs === undefined || entry.atMs >= sinceMs) &&
          (query.afterSeq === undefined || entry.seq > query.afterSeq) &&
          (action === undefined || entry.action?.toLowerCase() === action),
      )
      .map((entry) => ({ ...entry, at: new Date(entry.atMs).toISOString() }));
  }

  clear(): void {
    this.#entries.length = 0;
  }
}

function toEpochMs(since: number | string | undefined): number | undefined {
  if (since === undefined) return undefined;
  if (typeof since === "number") return since;
  const asNumber = Number(since);
  if (since.trim() !== "" && Number.isFinite(asNumber)) return asNumber;
  const parsed = Date.parse(since);
  if (Number.isNaN(parsed)) {
    throw new FiredrillError("CONFIG_INVALID", `journal: since "${since}" is neither epoch milliseconds nor an ISO 8601 time; use e.g. since=${new Date(0).toISOString()}`);
  }
  return parsed;
}
