/**
 * The journal's time: a monotonic clock for every event (durations never
 * jump when the wall clock is set) and one wall-clock reading when the
 * journal starts, to date them. Injectable so tests move time by hand.
 */
export interface Clock {
  /** Milliseconds from an arbitrary origin; never goes backwards. */
  monotonicMs(): number;
  /** Milliseconds since the epoch. */
  wallMs(): number;
}

export const systemClock: Clock = { monotonicMs: () => performance.now(), wallMs: () => Date.now() };

/** A clock that moves only when told to; wall and monotonic time move together. */
export class ManualClock implements Clock {
  #elapsedMs = 0;
  readonly #wallStartMs: number;

  constructor(wallStartMs = Date.UTC(2026, 10, 27, 9, 0, 0)) {
    this.#wallStartMs = wallStartMs;
  }

  monotonicMs(): number {
    return this.#elapsedMs;
  }

  wallMs(): number {
    return this.#wallStartMs + this.#elapsedMs;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`ManualClock: cannot go back ${-ms}ms`);
    this.#elapsedMs += ms;
  }
}
