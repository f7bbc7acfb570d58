import type { TrafficClock } from "./clock.ts";

export interface OpenLoopOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Stop after this many arrivals even if the duration has not run out (e.g. one event per seeded order). */
  readonly maxArrivals?: number;
  readonly clock: TrafficClock;
  /** Called for each arrival with the time it was due. Never awaited: a slow answer does not delay the next arrival. */
  readonly onArrival: (dueMs: number, index: number) => void;
}

/**
 * Open-loop arrivals: the i-th is due at start + i/rate, whatever happened
 * to the ones before. When the timer fires late (a busy event loop) the
 * overdue arrivals are issued at once with their original due times, so the
 * offered rate holds and latency can be measured from when a request was
 * due, not from when it went out (no coordinated omission).
 */
export class OpenLoopScheduler {
  readonly #options: OpenLoopOptions;
  readonly #total: number;
  /** Whether maxArrivals, not the duration, ends the schedule: then it finishes with its last arrival. */
  readonly #endsByCount: boolean;
  readonly #intervalMs: number;
  #startMs = Number.NaN;
  #index = 0;
  #cancel: (() => void) | undefined;
  #settle!: (error?: unknown) => void;
  #settled = false;
  /** Resolves when the schedule's duration has passed (or maxArrivals were issued, or stop()); rejects if onArrival threw. */
  readonly finished: Promise<void>;

  constructor(options: OpenLoopOptions) {
    this.#options = options;
    // Every arrival due before the end: at rate 0.5/s, a 1 s schedule still has the one at 0.
    const byDuration = Math.ceil((options.ratePerSecond * options.durationMs) / 1000 - 1e-9);
    this.#total = Math.min(byDuration, options.maxArrivals ?? Number.POSITIVE_INFINITY);
    this.#endsByCount = this.#total < byDuration;
    this.#intervalMs = options.ratePerSecond > 0 ? 1000 / options.ratePerSecond : Number.POSITIVE_INFINITY;
    this.finished = new Promise<void>((resolve, reject) => {
      this.#settle = (error) => (error === undefined ? resolve() : reject(error));
    });
  }

  /** Arrivals issued so far. */
  get issued(): number {
    return this.#index;
  }

  /** Arrivals the whole schedule holds. */
  get total(): number {
    return this.#total;
  }

  get startedAtMs(): number {
    return this.#startMs;
  }

  /** Starts the schedule at `startMs` (default now; an earlier start issues what is already due at once). */
  start(startMs = this.#options.clock.now()): this {
    if (!Number.isNaN(this.#startMs)) return this;
    this.#startMs = startMs;
    this.#tick();
    return this;
  }

  /** No more arrivals; `finished` resolves. Idempotent. */
  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#finish();
  }

  #dueMs(index: number): number {
    return this.#startMs + index * this.#intervalMs;
  }

  #tick(): void {
    this.#cancel = undefined;
    if (this.#settled) return;
    const { clock, onArrival, durationMs } = this.#options;
    const now = clock.now();
    try {
      while (this.#index < this.#total && this.#dueMs(this.#index) <= now) {
        const index = this.#index++;
        onArrival(this.#dueMs(index), index);
      }
    } catch (error) {
      this.#finish(error);
      return;
    }
    if (this.#index < this.#total) {
      this.#cancel = clock.setTimer(this.#dueMs(this.#index) - now, () => this.#tick());
      return;
    }
    const endMs = this.#startMs + durationMs;
    if (this.#endsByCount || now >= endMs) this.#finish();
    else this.#cancel = clock.setTimer(endMs - now, () => this.#finish());
  }

  #finish(error?: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#settle(error);
  }
}
