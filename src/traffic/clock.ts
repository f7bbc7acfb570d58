/**
 * Monotonic time and timers for the traffic generator. Injectable so the
 * scheduler, the SLI windows and the stream holds are testable without
 * sleeping (ManualClock); the system clock is performance.now() and setTimeout.
 */
export interface TrafficClock {
  /** Monotonic milliseconds; only differences mean anything. */
  now(): number;
  /** Calls `fn` once after `ms` (at least); returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: TrafficClock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** Calls `fn` just after every multiple of `periodMs` since `startMs` (so the boundary has passed); returns a cancel function. */
export function repeatAligned(clock: TrafficClock, startMs: number, periodMs: number, fn: () => void): () => void {
  let cancel: () => void = () => {};
  let stopped = false;
  const arm = () => {
    const now = clock.now();
    const next = startMs + (Math.floor((now - startMs) / periodMs) + 1) * periodMs;
    cancel = clock.setTimer(next - now + 1, () => {
      if (stopped) return;
      fn();
      arm();
    });
  };
  arm();
  return () => {
    stopped = true;
    cancel();
  };
}

interface PendingTimer {
  readonly dueMs: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** A clock that moves only when told to; advance() runs the timers that fall due, in order, each at its due time. */
export class ManualClock implements TrafficClock {
  #nowMs: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { dueMs: this.#nowMs + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((other) => other !== timer);
    };
  }

  /** Moves time forward by `ms`, running every timer due on the way (timers they set included). */
  advance(ms: number): void {
    const target = this.#nowMs + ms;
    for (;;) {
      const next = this.#timers.reduce<PendingTimer | undefined>((best, timer) => (best === undefined || timer.dueMs < best.dueMs || (timer.dueMs === best.dueMs && timer.seq < best.seq) ? timer : best), undefined);
      if (next === undefined || next.dueMs > target) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.fn();
    }
    this.#nowMs = target;
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.#timers.length;
  }
}
