import { type Finding, findingsOf, THRESHOLDS } from "./findings.ts";
import type { Observations } from "./observations.ts";

/**
 * Whether what was found is gone, judged on a sweep whose log window starts
 * after the fix (`windowMs` long). Flows must be seen flowing again, not
 * merely not failing: Platform Events received, external calls succeeding.
 */
export function isCleared(finding: Finding, after: Observations, windowMs: number): boolean {
  const still = findingsOf(after, windowMs).some((each) => each.kind === finding.kind && (!("system" in each) || !("system" in finding) || each.system === finding.system));
  if (still) return false;
  switch (finding.kind) {
    case "salesforce.auth":
    case "salesforce.permission":
    case "salesforce.events-stalled":
    case "salesforce.events-disabled":
      // Events arrive again and the health check agrees; a failed call while the subscription came back is no reason to wait on.
      return after.log.eventsReceived > 0 && after.health.reachable && !after.health.failing.includes("salesforce");
    case "external.unavailable":
    case "external.errors":
    case "external.slow": {
      const stats = after.log.external[finding.system];
      return stats.calls > 0 && stats.failures === 0 && stats.p95Ms < THRESHOLDS.slowP95Ms;
    }
    case "redis.down":
    case "redis.oom":
      return after.redis.reachable && !after.health.failing.includes("cache");
    case "postgres.down":
    case "postgres.pool-exhausted":
    case "postgres.lock":
      return after.postgres.reachable && !after.health.failing.includes("database");
    default:
      return true;
  }
}
