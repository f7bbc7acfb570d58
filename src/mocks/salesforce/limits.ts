import type { Clock } from "../clock.ts";
import { Conditions } from "../conditions.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The org's API request allowance per 24 hours, as `Sforce-Limit-Info` reports
 * it. Salesforce counts over a rolling 24 h; here the count starts over 24 h
 * after it began, which is the same for a drill.
 */
export class ApiLimits {
  readonly max: number;
  /** Faults that exhaust the allowance while they are active. */
  readonly exhaustions = new Conditions<true>();
  readonly #clock: Clock;
  #used = 0;
  #windowStartMs: number;

  constructor(max: number, clock: Clock) {
    this.max = max;
    this.#clock = clock;
    this.#windowStartMs = clock.now();
  }

  get exceeded(): boolean {
    this.#roll();
    return this.exhaustions.active || this.#used >= this.max;
  }

  /** Counts one REST call; false when the allowance is gone (the call gets REQUEST_LIMIT_EXCEEDED). */
  consume(): boolean {
    if (this.exceeded) return false;
    this.#used++;
    return true;
  }

  #roll(): void {
    const now = this.#clock.now();
    if (now - this.#windowStartMs < DAY_MS) return;
    this.#used = 0;
    this.#windowStartMs = now;
  }

  header(): string {
    return `api-usage=${this.exhaustions.active ? Math.max(this.#used, this.max) : this.#used}/${this.max}`;
  }

}
