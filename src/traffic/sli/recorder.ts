import { FiredrillError } from "../../errors.ts";
import type { TrafficClock } from "../clock.ts";
import type { Outcome } from "../outcome.ts";
import { type SliSummary, summarize } from "./summary.ts";
import { type Gauges, mergeWindows, WindowStats } from "./window.ts";

export interface ClosedWindow {
  /** 0, 1, 2 … */
  readonly seq: number;
  readonly window: SliSummary;
  /** One per rollingMs, in that order. */
  readonly rolling: readonly SliSummary[];
}

export interface SliRecorderOptions {
  readonly clock: TrafficClock;
  /** Length of one window. */
  readonly windowMs: number;
  /** Closed windows kept for rolling views (bounds memory: ~30 KB each). */
  readonly retainWindows: number;
  /** Wall-clock time when the recorder is made, to date windows. Default Date.now(). */
  readonly epochAtStartMs?: number;
  /** Sampled as each window closes. */
  readonly gauges: () => Gauges;
  /** Rolling views computed as each window closes. */
  readonly rollingMs?: readonly number[];
  /** Each window as it closes, in order, idle ones included, with the rolling views as of its end. */
  readonly onWindowClosed?: (closed: ClosedWindow) => void;
}

/**
 * SLIs in fixed windows aligned to the start: window k covers
 * [start + k·windowMs, start + (k+1)·windowMs). A sample goes in the window
 * of the moment it is recorded (a request: when it was answered). Windows
 * close when time passes their end — roll() on a timer makes sure idle ones
 * close too — and the last `retainWindows` are kept for rolling views.
 */
export class SliRecorder {
  readonly #options: SliRecorderOptions;
  readonly #startMs: number;
  readonly #epochAtStartMs: number;
  readonly #closed: WindowStats[] = [];
  readonly #total: WindowStats;
  #current: WindowStats;
  #seq = 0;
  #finished = false;

  constructor(options: SliRecorderOptions) {
    this.#options = options;
    this.#startMs = options.clock.now();
    this.#epochAtStartMs = options.epochAtStartMs ?? Date.now();
    this.#total = new WindowStats(this.#startMs, this.#startMs);
    this.#current = new WindowStats(this.#startMs, this.#startMs + options.windowMs);
  }

  /** When window 0 began, on the clock. */
  get startMs(): number {
    return this.#startMs;
  }

  readonly toEpochMs = (monotonicMs: number): number => this.#epochAtStartMs + (monotonicMs - this.#startMs);

  /** One request's end; `status` when an answer came. */
  request(route: string, outcome: Outcome, latencyMs: number, status?: number): void {
    this.#window()?.recordRequest(route, outcome, latencyMs, status);
  }

  offered(): void {
    const window = this.#window();
    if (window) window.offered++;
  }

  dropped(): void {
    const window = this.#window();
    if (window) window.dropped++;
  }

  stream(change: "opened" | "dropped" | "closed" | "messages"): void {
    const window = this.#window();
    if (window) window.streams[change]++;
  }

  event(published: boolean): void {
    const window = this.#window();
    if (window) window.events[published ? "published" : "failed"]++;
  }

  /** Closes every window whose end has passed. */
  roll(): void {
    if (this.#finished) return;
    const now = this.#options.clock.now();
    while (now >= this.#current.endMs) {
      const closing = this.#current;
      this.#current = new WindowStats(closing.endMs, closing.endMs + this.#options.windowMs);
      this.#close(closing);
    }
  }

  /**
   * Closes the windows that are due and then the current, partial one —
   * unless nothing happened in it (a run that ends on a window boundary has
   * no tail). Nothing is recorded after this. Idempotent.
   */
  finish(): void {
    if (this.#finished) return;
    this.roll();
    const now = this.#options.clock.now();
    if (now > this.#current.startMs && !this.#current.isEmpty) {
      this.#current.endMs = now;
      this.#close(this.#current);
    }
    this.#finished = true;
  }

  /** The last closed windows covering `windowMs` (rounded up to whole windows; fewer early in a run). */
  view(windowMs: number): SliSummary {
    const count = this.#windowsFor(windowMs);
    this.roll();
    return this.#view(count);
  }

  #windowsFor(windowMs: number): number {
    const { windowMs: size, retainWindows } = this.#options;
    if (!(windowMs > 0)) throw new FiredrillError("CONFIG_INVALID", `traffic: an SLI view needs windowMs > 0, got ${windowMs}`);
    const count = Math.ceil(windowMs / size - 1e-9);
    if (count > retainWindows) {
      throw new FiredrillError(
        "CONFIG_INVALID",
        `traffic: an SLI view of ${windowMs}ms needs ${count} windows of ${size}ms but only the last ${retainWindows} are kept; ask for at most ${retainWindows * size}ms, or start traffic with retainWindows >= ${count}`,
      );
    }
    return count;
  }

  #view(count: number): SliSummary {
    const now = this.#options.clock.now();
    return summarize(mergeWindows(this.#closed.slice(-count)) ?? new WindowStats(now, now), this.toEpochMs);
  }

  /** Everything since the start, the window in progress included. */
  total(): SliSummary {
    this.roll();
    const total = new WindowStats(this.#startMs, this.#startMs).merge(this.#total);
    if (!this.#finished) {
      const partial = new WindowStats(this.#current.startMs, this.#options.clock.now()).merge(this.#current);
      partial.endMs = this.#options.clock.now();
      partial.gauges = this.#options.gauges();
      total.merge(partial);
    }
    return summarize(total, this.toEpochMs);
  }

  /** Windows closed so far. */
  get windows(): number {
    return this.#seq;
  }

  #window(): WindowStats | undefined {
    if (this.#finished) return undefined;
    if (this.#options.clock.now() >= this.#current.endMs) this.roll();
    return this.#current;
  }

  #close(window: WindowStats): void {
    window.gauges = this.#options.gauges();
    this.#closed.push(window);
    if (this.#closed.length > this.#options.retainWindows) this.#closed.shift();
    this.#total.merge(window);
    const seq = this.#seq++;
    const { onWindowClosed, rollingMs = [] } = this.#options;
    if (onWindowClosed === undefined) return;
    const rolling = rollingMs.map((ms) => this.#view(Math.min(Math.ceil(ms / this.#options.windowMs - 1e-9), this.#options.retainWindows)));
    onWindowClosed({ seq, window: summarize(window, this.toEpochMs), rolling });
  }
}
