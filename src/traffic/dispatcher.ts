import type { TrafficClock } from "./clock.ts";

/** Why an arrival was never sent: the backlog was full, it waited longer than maxWaitMs for a free customer, or the run ended while it waited. */
export type DropReason = "queue-full" | "waited-too-long" | "stopped";

export interface DispatcherOptions<W> {
  /** The population: each worker runs one arrival at a time. */
  readonly workers: Iterable<W>;
  readonly maxInFlight: number;
  /** Arrivals waiting for a worker or an in-flight slot; beyond this they are dropped. */
  readonly maxQueued: number;
  /** An arrival still waiting this long after it was due is dropped. */
  readonly maxWaitMs: number;
  readonly clock: TrafficClock;
  /** Runs one arrival on a worker. Must not reject: failures are the worker's to record. */
  readonly run: (worker: W, dueMs: number) => Promise<void>;
  readonly onDropped: (reason: DropReason, dueMs: number) => void;
}

/**
 * Gives each arrival to an idle worker, at most maxInFlight at once. An
 * arrival that finds none waits in a bounded FIFO backlog, still carrying
 * its due time (so its latency includes the wait); one that waits too long
 * or finds the backlog full is dropped and counted, never silently lost.
 */
export class Dispatcher<W> {
  readonly #options: DispatcherOptions<W>;
  readonly #idle: W[];
  readonly #backlog: number[] = [];
  /** Worker → when its arrival was due. */
  readonly #running = new Map<W, number>();
  #stopped = false;
  #drained: (() => void) | undefined;

  constructor(options: DispatcherOptions<W>) {
    this.#options = options;
    this.#idle = [...options.workers];
  }

  get inFlight(): number {
    return this.#running.size;
  }

  get queued(): number {
    return this.#backlog.length;
  }

  /** How long ago the oldest in-flight or queued arrival was due (0 when none): a hung target shows here before its timeouts do. */
  oldestWaitMs(): number {
    let oldest = this.#backlog[0] ?? Number.POSITIVE_INFINITY;
    for (const dueMs of this.#running.values()) oldest = Math.min(oldest, dueMs);
    return Number.isFinite(oldest) ? Math.max(0, this.#options.clock.now() - oldest) : 0;
  }

  arrive(dueMs: number): void {
    if (this.#stopped) return;
    if (this.#backlog.length >= this.#options.maxQueued) {
      this.#options.onDropped("queue-full", dueMs);
      return;
    }
    this.#backlog.push(dueMs);
    this.#pump();
  }

  /** Drops queued arrivals that have waited longer than maxWaitMs. */
  expire(): void {
    const limit = this.#options.clock.now() - this.#options.maxWaitMs;
    while (this.#backlog.length > 0 && this.#backlog[0]! < limit) this.#options.onDropped("waited-too-long", this.#backlog.shift()!);
  }

  /** Takes no more arrivals and drops the queued ones (so offered = sent + dropped); resolves when the in-flight ones have finished. */
  stop(): Promise<void> {
    if (!this.#stopped) for (const dueMs of this.#backlog.splice(0)) this.#options.onDropped("stopped", dueMs);
    this.#stopped = true;
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drained = resolve;
    });
  }

  #pump(): void {
    this.expire();
    while (this.#backlog.length > 0 && this.#running.size < this.#options.maxInFlight && this.#idle.length > 0) {
      this.#start(this.#idle.shift()!, this.#backlog.shift()!);
    }
  }

  #start(worker: W, dueMs: number): void {
    this.#running.set(worker, dueMs);
    const done = () => {
      this.#running.delete(worker);
      this.#idle.push(worker);
      if (this.#stopped) {
        if (this.#running.size === 0) this.#drained?.();
        return;
      }
      this.#pump();
    };
    this.#options.run(worker, dueMs).then(done, done);
  }
}
