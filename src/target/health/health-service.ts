import { HEALTH_CHECKS, type HealthCheckName } from "../config.ts";
import { messageOf } from "../errors.ts";

/** What one check found: ok or not, and details a responder reads (pool use, circuit state, subscription). */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly error?: string;
  readonly details?: Record<string, unknown>;
}

/** One dependency check; throwing counts as a failure with the error's message. */
export type HealthCheck = (timeoutMs: number) => Promise<CheckOutcome>;

export type CheckResult =
  | { readonly status: "ok" | "fail"; readonly latencyMs: number; readonly error?: string; readonly [detail: string]: unknown }
  | { readonly status: "skipped"; readonly reason: string };

export interface HealthReport {
  readonly status: "ok" | "fail";
  readonly checks: Record<HealthCheckName, CheckResult>;
  readonly uptimeSeconds: number;
}

/**
 * `GET /health`: every check at once, each bounded by `timeoutMs` so the
 * answer comes within about that long even when a dependency hangs. Checks
 * in `skip` (PORTAL_HEALTH_SKIP) and unconfigured ones report "skipped" and
 * do not count.
 */
export class HealthService {
  readonly #checks: Partial<Record<HealthCheckName, HealthCheck>>;
  readonly #skip: ReadonlySet<HealthCheckName>;
  readonly #timeoutMs: number;
  readonly #startedMs = performance.now();

  constructor(checks: Partial<Record<HealthCheckName, HealthCheck>>, options: { skip: readonly HealthCheckName[]; timeoutMs: number }) {
    this.#checks = checks;
    this.#skip = new Set(options.skip);
    this.#timeoutMs = options.timeoutMs;
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(HEALTH_CHECKS.map(async (name) => [name, await this.#run(name)] as const));
    const checks = Object.fromEntries(entries) as Record<HealthCheckName, CheckResult>;
    const healthy = entries.every(([, result]) => result.status !== "fail");
    return { status: healthy ? "ok" : "fail", checks, uptimeSeconds: Math.round((performance.now() - this.#startedMs) / 1000) };
  }

  async #run(name: HealthCheckName): Promise<CheckResult> {
    if (this.#skip.has(name)) return { status: "skipped", reason: "PORTAL_HEALTH_SKIP" };
    const check = this.#checks[name];
    if (check === undefined) return { status: "skipped", reason: "not configured" };
    const startedMs = performance.now();
    const latency = () => Math.round((performance.now() - startedMs) * 10) / 10;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<CheckOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${this.#timeoutMs}ms` }), this.#timeoutMs);
    });
    try {
      const outcome = await Promise.race([check(this.#timeoutMs).catch((error: unknown): CheckOutcome => ({ ok: false, error: messageOf(error) })), timedOut]);
      return { status: outcome.ok ? "ok" : "fail", latencyMs: latency(), ...(outcome.error !== undefined && { error: outcome.error }), ...outcome.details };
    } finally {
      clearTimeout(timer);
    }
  }
}
