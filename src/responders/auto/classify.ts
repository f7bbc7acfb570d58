import type { Runbook } from "../../runbook/model.ts";
import { componentOf, type Finding } from "./findings.ts";

export interface Classification {
  readonly severity: string;
  readonly component: string;
  /** Why, in the severity table's words. */
  readonly why: string;
  /** Levels to escalate to at once, each with the matrix's (or scenario's) reason. */
  readonly escalateNow: readonly { readonly level: string; readonly reason: string }[];
  /** The runbook scenario the finding belongs to, by id. */
  readonly scenario: string;
}

type Impact = "outage" | "major-feature" | "degraded";

const SEVERITY_OF: Readonly<Record<Impact, string>> = { outage: "P1", "major-feature": "P2", degraded: "P3" };

function impactOf(finding: Finding): { impact: Impact; scenario: string } {
  switch (finding.kind) {
    case "security.brute-force":
    case "security.exfiltration":
    case "security.token-reuse":
      return { impact: "outage", scenario: "security-incident" };
    case "postgres.down":
    case "postgres.pool-exhausted":
      return { impact: "outage", scenario: "database-connection-issues" };
    case "postgres.lock":
      return { impact: "major-feature", scenario: "database-connection-issues" };
    case "redis.down":
    case "redis.oom":
      return { impact: "major-feature", scenario: "redis-connection-failures" };
    case "salesforce.events-disabled":
    case "salesforce.auth":
    case "salesforce.permission":
    case "salesforce.events-stalled":
      return { impact: "major-feature", scenario: "salesforce-platform-events-not-receiving" };
    case "external.unavailable":
      return { impact: "major-feature", scenario: finding.system === "whmcs" ? "whmcs-api-unavailable" : "high-error-rate-performance-degradation" };
    case "external.errors":
    case "external.slow":
      return { impact: "degraded", scenario: finding.system === "whmcs" && finding.kind === "external.slow" ? "whmcs-api-unavailable" : "high-error-rate-performance-degradation" };
  }
}

const VENDOR: Partial<Record<string, string>> = { salesforce: "Salesforce", whmcs: "WHMCS", freebit: "Freebit" };

/**
 * The classifier: the most serious finding decides severity (by impact, in
 * the severity table's terms), component and who to tell now. Time-based
 * escalations ("P1/P2 not resolved in 30 minutes") are not made now: the
 * responder makes them when they come due.
 */
export function classify(findings: readonly Finding[], runbook: Runbook): Classification | undefined {
  const top = findings[0];
  if (top === undefined) return undefined;
  const { impact, scenario } = impactOf(top);
  const severity = runbook.severities.find((row) => row.id === SEVERITY_OF[impact]) ?? runbook.severities[0];
  if (severity === undefined) return undefined;
  const component = componentOf(top);
  const escalateNow: { level: string; reason: string }[] = [];
  const level = (id: string) => runbook.escalation.find((row) => row.id === id);
  if (scenario === "security-incident") {
    for (const id of ["L2", "L3"]) if (level(id) !== undefined) escalateNow.push({ level: id, reason: "Security incident: P1 - immediately escalate to engineering lead and management" });
  }
  const vendor = VENDOR[component];
  if (vendor !== undefined && top.kind !== "salesforce.events-disabled" && level("L4") !== undefined) {
    escalateNow.push({ level: "L4", reason: `External system failure (${vendor}): ${level("L4")!.contact}` });
  }
  return { severity: severity.id, component, why: `${severity.id}: ${severity.definition}`, escalateNow, scenario };
}
