import type { CallPolicy } from "../config.ts";
import { EXTERNAL_SYSTEMS, ExternalCallError, type ExternalSystem, messageOf } from "../errors.ts";
import { type LogFields, type Logger, since } from "../log/logger.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";

export interface CallOptions {
  /** Overrides the policy's timeout (a CometD long poll waits longer). */
  readonly timeoutMs?: number;
  /** Health checks probe the system itself, whatever the circuit says. */
  readonly bypassCircuit?: boolean;
  /** Extra fields for the call's log line. */
  readonly fields?: LogFields;
  /** Aborts the call when the caller gives up (a subscriber stopping). */
  readonly signal?: AbortSignal;
}

/**
 * Every call to one external system goes through here: the circuit breaker
 * decides whether it may go out, a timeout bounds it, and one log line
 * records it with its `duration` — "WHMCS GetInvoices ok" at info, or the
 * ExternalCallError's message ("WHMCS GetInvoices failed: …") at error.
 */
export class ExternalGateway {
  readonly system: ExternalSystem;
  readonly label: string;
  readonly breaker: CircuitBreaker;
  readonly #policy: CallPolicy;
  readonly #logger: Logger;
  readonly #closing = new AbortController();

  constructor(system: ExternalSystem, policy: CallPolicy, logger: Logger, now?: () => number) {
    this.system = system;
    this.label = EXTERNAL_SYSTEMS[system];
    this.#policy = policy;
    this.#logger = logger.child({ component: system });
    this.breaker = new CircuitBreaker({
      enabled: policy.circuitEnabled,
      failureThreshold: policy.circuitFailureThreshold,
      resetMs: policy.circuitResetMs,
      ...(now !== undefined && { now }),
    });
  }

  async call<T>(operation: string, work: (signal: AbortSignal) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const startedMs = performance.now();
    const fields = { system: this.system, operation, ...options.fields };
    if (!options.bypassCircuit && !this.breaker.tryAcquire()) {
      const error = new ExternalCallError(this.system, operation, "circuit-open", `circuit open after ${this.breaker.consecutiveFailures} consecutive failures; next trial in ${this.breaker.retryInMs}ms`);
      this.#logger.error(error.message, { ...fields, failure: error.failure, duration: 0 });
      throw error;
    }
    const timeoutMs = options.timeoutMs ?? this.#policy.timeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = AbortSignal.any([timeout.signal, this.#closing.signal, ...(options.signal ? [options.signal] : [])]);
    try {
      const result = await work(signal);
      if (!options.bypassCircuit) this.breaker.success();
      this.#logger.info(`${this.label} ${operation} ok`, { ...fields, duration: since(startedMs) });
      return result;
    } catch (thrown) {
      const error = this.#classify(thrown, operation, timeout.signal.aborted, timeoutMs, options.signal);
      if (!options.bypassCircuit) {
        if (error.countsAgainstSystem) this.breaker.failure();
        else this.breaker.release();
      }
      const level = error.failure === "rejected" || error.failure === "aborted" ? "warn" : "error";
      this.#logger.log(level, error.message, { ...fields, failure: error.failure, ...(error.status !== undefined && { status: error.status }), duration: since(startedMs) });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Aborts every call in flight (shutdown). */
  close(): void {
    this.#closing.abort();
  }

  #classify(thrown: unknown, operation: string, timedOut: boolean, timeoutMs: number, signal: AbortSignal | undefined): ExternalCallError {
    if (thrown instanceof ExternalCallError) return thrown;
    if (timedOut) return new ExternalCallError(this.system, operation, "timeout", `timed out after ${timeoutMs}ms`, { cause: thrown });
    if (this.#closing.signal.aborted || signal?.aborted) return new ExternalCallError(this.system, operation, "aborted", "aborted: the portal is shutting down", { cause: thrown });
    // fetch() reports network failures as TypeError("fetch failed") with the socket error as its cause.
    const cause = (thrown as { cause?: unknown } | undefined)?.cause;
    if (thrown instanceof TypeError && cause !== undefined) {
      return new ExternalCallError(this.system, operation, "unreachable", messageOf(cause), { cause: thrown });
    }
    return new ExternalCallError(this.system, operation, "protocol", messageOf(thrown), { cause: thrown });
  }
}
