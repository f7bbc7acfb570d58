import type { Service } from "../../drills/vocabulary.ts";
import { EXTERNAL, type ExternalSystemName } from "./log-stats.ts";
import type { Observations } from "./observations.ts";

/** What the automated responder concluded from one sweep, most serious first. */
export type Finding =
  | { readonly kind: "security.brute-force"; readonly network: string; readonly failures: number; readonly customerIds: readonly number[] }
  | { readonly kind: "security.exfiltration"; readonly jti: string; readonly customerId: number; readonly distinctCustomers: number }
  | { readonly kind: "security.token-reuse"; readonly customerId: number; readonly refused: number; readonly ips: readonly string[] }
  | { readonly kind: "postgres.down"; readonly error: string }
  | { readonly kind: "postgres.pool-exhausted"; readonly connections: number; readonly maxConnections: number; readonly holder?: string }
  | { readonly kind: "postgres.lock"; readonly pid: number; readonly applicationName: string; readonly blocked: number; readonly ageMs: number }
  | { readonly kind: "redis.down" }
  | { readonly kind: "redis.oom"; readonly usedMemory: number; readonly maxmemory: number; readonly policy: string }
  | { readonly kind: "salesforce.events-disabled" }
  | { readonly kind: "salesforce.auth"; readonly error: string }
  | { readonly kind: "salesforce.permission"; readonly error: string }
  | { readonly kind: "salesforce.events-stalled"; readonly quietMs: number }
  | { readonly kind: "external.unavailable"; readonly system: ExternalSystemName; readonly failureRate: number; readonly cause: string }
  | { readonly kind: "external.errors"; readonly system: ExternalSystemName; readonly failureRate: number }
  | { readonly kind: "external.slow"; readonly system: ExternalSystemName; readonly p95Ms: number; readonly timeouts: number };

export type FindingKind = Finding["kind"];

/** The thresholds of the automated responder's checks (alerting rules, in effect). */
export const THRESHOLDS = {
  bruteForceFailures: 30,
  exfiltrationDistinctCustomers: 15,
  tokenReuseRefusals: 5,
  /** A held connection pool: this share of max_connections (less the reserved ones) in use. */
  poolShare: 0.9,
  lockAgeMs: 2_000,
  redisMemoryShare: 0.9,
  /** Platform Events expected (SF_EVENTS_ENABLED) but none for this long. */
  eventsQuietMs: 6_000,
  minCalls: 3,
  unavailableRate: 0.8,
  errorRate: 0.1,
  slowP95Ms: 2_000,
} as const;

const HEALTH_CHECK_OF: Readonly<Record<ExternalSystemName, string>> = { salesforce: "salesforce", whmcs: "whmcs", freebit: "freebit" };

/**
 * The findings one sweep supports, most serious first. `quietMs`: how long
 * the sweep's log window is (for "no Platform Event for so long").
 */
export function findingsOf(observations: Observations, quietMs: number): Finding[] {
  const found: Finding[] = [];
  const { security, postgres, redis, log, health } = observations;
  if (security.bruteForce !== undefined && security.bruteForce.failures >= THRESHOLDS.bruteForceFailures) found.push({ kind: "security.brute-force", ...security.bruteForce });
  if (security.exfiltration !== undefined && security.exfiltration.distinctCustomers >= THRESHOLDS.exfiltrationDistinctCustomers) found.push({ kind: "security.exfiltration", ...security.exfiltration });
  const reuse = Object.entries(log.unauthorizedByCustomer).sort((a, b) => b[1].count - a[1].count)[0];
  if (reuse !== undefined && reuse[1].count >= THRESHOLDS.tokenReuseRefusals) found.push({ kind: "security.token-reuse", customerId: Number(reuse[0]), refused: reuse[1].count, ips: reuse[1].ips });

  if (!postgres.reachable && postgres.code === "53300") found.push({ kind: "postgres.pool-exhausted", connections: 0, maxConnections: 0 });
  else if (!postgres.reachable) found.push({ kind: "postgres.down", error: postgres.error ?? "unreachable" });
  else {
    const usable = (postgres.maxConnections ?? 0) - (postgres.reserved ?? 0);
    if (postgres.connections !== undefined && usable > 0 && postgres.connections >= usable * THRESHOLDS.poolShare) {
      found.push({ kind: "postgres.pool-exhausted", connections: postgres.connections, maxConnections: postgres.maxConnections ?? 0, ...(postgres.holders[0] !== undefined && { holder: postgres.holders[0].applicationName }) });
    }
    const blocker = postgres.blockers.find((each) => each.ageMs >= THRESHOLDS.lockAgeMs);
    if (blocker !== undefined) found.push({ kind: "postgres.lock", ...blocker });
  }

  if (!redis.reachable) found.push({ kind: "redis.down" });
  else if ((redis.maxmemory ?? 0) > 0 && (redis.usedMemory ?? 0) >= (redis.maxmemory ?? 0) * THRESHOLDS.redisMemoryShare && redis.policy === "noeviction") {
    found.push({ kind: "redis.oom", usedMemory: redis.usedMemory ?? 0, maxmemory: redis.maxmemory ?? 0, policy: redis.policy });
  } else if (log.redisOom > 0 && redis.policy === "noeviction") found.push({ kind: "redis.oom", usedMemory: redis.usedMemory ?? 0, maxmemory: redis.maxmemory ?? 0, policy: redis.policy });

  const eventsExpected = observations.targetVariables.SF_EVENTS_ENABLED !== undefined;
  if (observations.targetVariables.SF_EVENTS_ENABLED === "false") found.push({ kind: "salesforce.events-disabled" });
  else {
    const sf = log.external.salesforce;
    const sfErrors = [...log.eventErrors, ...(sf.lastError !== undefined ? [sf.lastError] : [])].join(" ");
    if ((sf.failureKinds.auth ?? 0) > 0 || /invalid_grant|JWT|assertion/i.test(sfErrors)) found.push({ kind: "salesforce.auth", error: sf.lastError ?? log.eventErrors[0] ?? "authentication failed" });
    else if ((sf.statuses["403"] ?? 0) > 0 || /403|INSUFFICIENT_ACCESS|permission/i.test(sfErrors)) found.push({ kind: "salesforce.permission", error: sf.lastError ?? log.eventErrors[0] ?? "permission denied" });
    else {
      // Quiet since the last event arrived (one in flight at the injection may still land), or for the whole window.
      const quiet = log.lastEventAtMs === undefined ? quietMs : Math.min(quietMs, observations.atMs - log.lastEventAtMs);
      if (eventsExpected && quiet >= THRESHOLDS.eventsQuietMs && health.reachable) found.push({ kind: "salesforce.events-stalled", quietMs: quiet });
    }
  }

  for (const system of EXTERNAL.filter((name) => name !== "salesforce")) {
    const stats = log.external[system];
    const rate = stats.calls === 0 ? 0 : stats.failures / stats.calls;
    const timeouts = stats.failureKinds.timeout ?? 0;
    const healthFailing = health.failing.includes(HEALTH_CHECK_OF[system]);
    // Timeouts dominate, or calls succeed slowly: slow, not down (runbook: "identify which external API is slow").
    const slow = (timeouts > 0 && timeouts * 2 >= stats.failures) || (stats.calls >= THRESHOLDS.minCalls && stats.p95Ms >= THRESHOLDS.slowP95Ms && rate < THRESHOLDS.errorRate);
    if (slow) {
      found.push({ kind: "external.slow", system, p95Ms: stats.p95Ms, timeouts });
    } else if ((stats.calls >= THRESHOLDS.minCalls && rate >= THRESHOLDS.unavailableRate) || (healthFailing && rate > 0)) {
      const cause = Object.entries(stats.failureKinds).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "health check failing";
      found.push({ kind: "external.unavailable", system, failureRate: rate, cause });
    } else if (stats.calls >= THRESHOLDS.minCalls && rate >= THRESHOLDS.errorRate) found.push({ kind: "external.errors", system, failureRate: rate });
  }
  return found;
}

/** The component a finding points at, in the drills' vocabulary. */
export function componentOf(finding: Finding): Service {
  switch (finding.kind) {
    case "security.brute-force":
    case "security.exfiltration":
    case "security.token-reuse":
    case "salesforce.events-disabled":
      return "portal";
    case "postgres.down":
    case "postgres.pool-exhausted":
    case "postgres.lock":
      return "postgres";
    case "redis.down":
    case "redis.oom":
      return "redis";
    case "salesforce.auth":
    case "salesforce.permission":
    case "salesforce.events-stalled":
      return "salesforce";
    case "external.unavailable":
    case "external.errors":
    case "external.slow":
      return finding.system;
  }
}

/** One line for a status update or the journal. */
export function describeFinding(finding: Finding): string {
  switch (finding.kind) {
    case "security.brute-force":
      return `brute-force logins: ${finding.failures} failed logins from ${finding.network} against ${finding.customerIds.length} account(s)`;
    case "security.exfiltration":
      return `one session (customer ${finding.customerId}, jti ${finding.jti}) reached ${finding.distinctCustomers} customers' records`;
    case "security.token-reuse":
      return `a logged-out token of customer ${finding.customerId} used again ${finding.refused} times from ${finding.ips.join(", ") || "unknown addresses"}`;
    case "postgres.down":
      return `PostgreSQL unreachable: ${finding.error}`;
    case "postgres.pool-exhausted":
      return `PostgreSQL connections exhausted: ${finding.connections} of ${finding.maxConnections}${finding.holder ? `, mostly "${finding.holder}"` : ""}`;
    case "postgres.lock":
      return `a long-running transaction (pid ${finding.pid}, "${finding.applicationName}") blocks ${finding.blocked} queries for ${Math.round(finding.ageMs / 1000)}s`;
    case "redis.down":
      return "Redis unreachable";
    case "redis.oom":
      return `Redis memory exhausted: ${finding.usedMemory} of ${finding.maxmemory} bytes, policy ${finding.policy}`;
    case "salesforce.events-disabled":
      return "Platform Events disabled in the BFF's configuration (SF_EVENTS_ENABLED=false)";
    case "salesforce.auth":
      return `Salesforce JWT authentication failing: ${finding.error}`;
    case "salesforce.permission":
      return `Salesforce refuses the integration user: ${finding.error}`;
    case "salesforce.events-stalled":
      return `no Platform Event received for ${Math.round(finding.quietMs / 1000)}s while Salesforce should be publishing`;
    case "external.unavailable":
      return `${finding.system} unavailable: ${Math.round(finding.failureRate * 100)}% of calls failing (${finding.cause})`;
    case "external.errors":
      return `${finding.system} intermittent errors: ${Math.round(finding.failureRate * 100)}% of calls failing`;
    case "external.slow":
      return `${finding.system} slow: p95 ${Math.round(finding.p95Ms)}ms, ${finding.timeouts} timeouts`;
  }
}
