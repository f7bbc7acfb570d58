export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  readonly enabled: boolean;
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial call may go through. */
  readonly resetMs: number;
  /** Milliseconds, monotonic. Default: performance.now(). */
  readonly now?: () => number;
}

/**
 * Stops calling a system that keeps failing: after `failureThreshold`
 * consecutive failures the circuit opens and calls fail at once; after
 * `resetMs` one trial call goes through (half-open) and its outcome closes
 * or reopens the circuit. Disabled, it only counts.
 */
export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  readonly #now: () => number;
  #failures = 0;
  #openedAtMs: number | undefined;
  #trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  get state(): CircuitState {
    if (this.#openedAtMs === undefined) return "closed";
    return this.#now() - this.#openedAtMs >= this.#options.resetMs ? "half-open" : "open";
  }

  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Milliseconds until an open circuit lets a trial call through (0 unless open). */
  get retryInMs(): number {
    if (this.#openedAtMs === undefined) return 0;
    return Math.max(0, Math.ceil(this.#options.resetMs - (this.#now() - this.#openedAtMs)));
  }

  /** Whether a call may go out now; in half-open, only the first caller gets the trial. */
  tryAcquire(): boolean {
    if (!this.#options.enabled) return true;
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  success(): void {
    this.#failures = 0;
    this.#openedAtMs = undefined;
    this.#trialInFlight = false;
  }

  failure(): void {
    this.#failures += 1;
    const trialFailed = this.#trialInFlight;
    this.#trialInFlight = false;
    if (this.#options.enabled && (trialFailed || this.#failures >= this.#options.failureThreshold)) this.#openedAtMs = this.#now();
  }

  /** For a call that was let through but ended without a verdict on the system (e.g. aborted by shutdown). */
  release(): void {
    this.#trialInFlight = false;
  }
}
