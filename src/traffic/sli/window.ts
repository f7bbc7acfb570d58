import { isError, type Outcome, OUTCOMES } from "../outcome.ts";
import { LatencyHistogram } from "./histogram.ts";

/** Requests of one kind (all of them, or one route): counts by outcome and by HTTP status, and their latency. */
export class RequestStats {
  readonly outcomes: Record<Outcome, number> = { ok: 0, clientError: 0, serverError: 0, timeout: 0, connection: 0 };
  /** Answers by status code; timeouts and connection errors have none. */
  readonly statuses = new Map<number, number>();
  readonly latency = new LatencyHistogram();

  get requests(): number {
    return this.latency.count;
  }

  get errors(): number {
    return OUTCOMES.reduce((sum, outcome) => sum + (isError(outcome) ? this.outcomes[outcome] : 0), 0);
  }

  record(outcome: Outcome, latencyMs: number, status?: number): void {
    this.outcomes[outcome]++;
    if (status !== undefined) this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.latency.record(latencyMs);
  }

  merge(other: RequestStats): this {
    for (const outcome of OUTCOMES) this.outcomes[outcome] += other.outcomes[outcome];
    for (const [status, count] of other.statuses) this.statuses.set(status, (this.statuses.get(status) ?? 0) + count);
    this.latency.merge(other.latency);
    return this;
  }
}

/** What the generator itself holds when a window closes. */
export interface Gauges {
  readonly inFlight: number;
  readonly queued: number;
  /** How long ago the oldest unanswered arrival was due. */
  readonly oldestWaitMs: number;
  readonly streamsOpen: number;
}

export const NO_GAUGES: Gauges = { inFlight: 0, queued: 0, oldestWaitMs: 0, streamsOpen: 0 };

/** Everything recorded in one span of time [startMs, endMs) — a window, or several merged. */
export class WindowStats {
  readonly startMs: number;
  endMs: number;
  offered = 0;
  dropped = 0;
  readonly all = new RequestStats();
  readonly routes = new Map<string, RequestStats>();
  readonly streams = { opened: 0, dropped: 0, closed: 0, messages: 0 };
  readonly events = { published: 0, failed: 0 };
  /** As sampled when the (last) window closed. */
  gauges: Gauges = NO_GAUGES;

  constructor(startMs: number, endMs: number) {
    this.startMs = startMs;
    this.endMs = endMs;
  }

  /** Nothing was recorded in it. */
  get isEmpty(): boolean {
    const { streams, events } = this;
    return this.offered + this.dropped + this.all.requests + streams.opened + streams.dropped + streams.closed + streams.messages + events.published + events.failed === 0;
  }

  recordRequest(route: string, outcome: Outcome, latencyMs: number, status?: number): void {
    this.all.record(outcome, latencyMs, status);
    let stats = this.routes.get(route);
    if (stats === undefined) this.routes.set(route, (stats = new RequestStats()));
    stats.record(outcome, latencyMs, status);
  }

  /** Adds a later window into this one: counts add up, the end and the gauges become the later window's. */
  merge(other: WindowStats): this {
    this.offered += other.offered;
    this.dropped += other.dropped;
    this.all.merge(other.all);
    for (const [route, stats] of other.routes) {
      const mine = this.routes.get(route);
      if (mine === undefined) this.routes.set(route, new RequestStats().merge(stats));
      else mine.merge(stats);
    }
    for (const key of Object.keys(this.streams) as (keyof WindowStats["streams"])[]) this.streams[key] += other.streams[key];
    this.events.published += other.events.published;
    this.events.failed += other.events.failed;
    this.endMs = Math.max(this.endMs, other.endMs);
    this.gauges = other.gauges;
    return this;
  }
}

/** Windows merged, oldest first, into one span; undefined when there are none. */
export function mergeWindows(windows: readonly WindowStats[]): WindowStats | undefined {
  const [first] = windows;
  if (first === undefined) return undefined;
  const merged = new WindowStats(first.startMs, first.endMs);
  for (const window of windows) merged.merge(window);
  return merged;
}
