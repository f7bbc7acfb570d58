/**
 * Wall-clock time for everything a real system would date: JWT expiry, event
 * retention, SSO token lifetime, journal times. Injectable so tests can move
 * time instead of sleeping. Durations use performance.now(), never this.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #nowMs: number;

  constructor(startMs: number = Date.now()) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  advance(ms: number): void {
    this.#nowMs += ms;
  }
}
