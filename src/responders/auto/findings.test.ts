import { describe, expect, it } from "vitest";
import { shippedRunbook } from "../../runbook/testing.ts";
import { classify } from "./classify.ts";
import { findingsOf } from "./findings.ts";
import { type LogRecord, logStats, parseLog } from "./log-stats.ts";
import type { Observations } from "./observations.ts";
import { remediationFor } from "./remediation.ts";

const NOW = Date.parse("2026-11-27T09:00:30Z");
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();

function observations(overrides: Partial<Observations> & { records?: LogRecord[] } = {}): Observations {
  const { records = [], ...rest } = overrides;
  return {
    health: { reachable: true, status: "ok", failing: [] },
    redis: { reachable: true, usedMemory: 1_000_000, maxmemory: 0, policy: "noeviction" },
    postgres: { reachable: true, connections: 12, maxConnections: 100, reserved: 3, holders: [], blockers: [] },
    security: {},
    log: logStats(records),
    targetVariables: { SF_EVENTS_ENABLED: "true" },
    atMs: NOW,
    ...rest,
  };
}

const call = (system: string, secondsAgo: number, failure?: string, duration = 12, status?: number): LogRecord => ({
  time: at(secondsAgo),
  level: failure ? "error" : "info",
  msg: `${system} call ${failure ?? "ok"}`,
  system,
  operation: "Op",
  duration,
  ...(failure !== undefined && { failure }),
  ...(status !== undefined && { status }),
});
const event = (secondsAgo: number): LogRecord => ({ time: at(secondsAgo), level: "info", msg: "Platform Event received on /event/OrderProvisionRequested__e" });
const runbook = shippedRunbook();

/** What the classifier makes of one sweep: severity, component, levels escalated at once, first remediation step. */
function verdict(sweep: Observations, quietMs = 20_000) {
  const findings = findingsOf(sweep, quietMs);
  const classification = classify(findings, runbook);
  const plan = findings[0] === undefined ? undefined : remediationFor(findings[0]);
  return {
    finding: findings[0]?.kind,
    severity: classification?.severity,
    component: classification?.component,
    escalate: classification?.escalateNow.map((each) => each.level),
    first: plan?.steps[0]?.action,
    vendor: plan?.vendor,
  };
}

describe("the automated responder's classifier (its own checks, never the answer key)", () => {
  it("a healthy sweep finds nothing", () => {
    expect(findingsOf(observations({ records: [event(1), call("whmcs", 2)] }), 20_000)).toEqual([]);
  });

  it("Redis unreachable: P2, redis, start it", () => {
    expect(verdict(observations({ redis: { reachable: false } }))).toMatchObject({ finding: "redis.down", severity: "P2", component: "redis", escalate: [], first: "redis.start" });
  });

  it("Redis out of memory with noeviction: P2, restart then an evicting policy", () => {
    const sweep = observations({ redis: { reachable: true, usedMemory: 8_300_000, maxmemory: 8_388_608, policy: "noeviction" } });
    expect(verdict(sweep)).toMatchObject({ finding: "redis.oom", severity: "P2", first: "redis.restart" });
  });

  it("PostgreSQL refusing clients (53300) is exhaustion, not an outage: P1, postgres", () => {
    const sweep = observations({ postgres: { reachable: false, code: "53300", error: "sorry, too many clients already", holders: [], blockers: [] } });
    expect(verdict(sweep)).toMatchObject({ finding: "postgres.pool-exhausted", severity: "P1", component: "postgres" });
  });

  it("a long transaction blocking others: P2, terminate that application's backend", () => {
    const sweep = observations({ postgres: { reachable: true, connections: 20, maxConnections: 100, reserved: 3, holders: [], blockers: [{ pid: 42, applicationName: "manual-migration", blocked: 3, ageMs: 6_000 }] } });
    expect(verdict(sweep)).toMatchObject({ finding: "postgres.lock", severity: "P2", first: "postgres.terminate-backend" });
    expect(remediationFor(findingsOf(sweep, 20_000)[0]!).steps[0]?.params).toEqual({ applicationName: "manual-migration" });
  });

  it("WHMCS refusing connections: P2, whmcs, L4 at once, the vendor's fix", () => {
    const records = [event(1), ...[1, 2, 3, 4].map((ago) => call("whmcs", ago, "unreachable"))];
    expect(verdict(observations({ records }))).toMatchObject({ finding: "external.unavailable", severity: "P2", component: "whmcs", escalate: ["L4"], vendor: true });
  });

  it("WHMCS slow (timeouts dominate): P3, raise its timeout, L4", () => {
    const records = [event(1), ...[1, 2, 3].map((ago) => call("whmcs", ago, "timeout", 2_000))];
    expect(verdict(observations({ records }))).toMatchObject({ finding: "external.slow", severity: "P3", component: "whmcs", escalate: ["L4"], first: "portal.restart" });
  });

  it("intermittent WHMCS errors: P3, circuit breakers on, L4 — and the responder says which system", () => {
    const records = [event(1), ...[1, 2, 3].map((ago) => call("whmcs", ago, "http", 15, 500)), ...[1, 2, 3, 4, 5, 6, 7].map((ago) => call("whmcs", ago))];
    expect(verdict(observations({ records }))).toMatchObject({ finding: "external.errors", severity: "P3", component: "whmcs", first: "portal.restart" });
  });

  it("Platform Events quiet for longer than the threshold while Salesforce publishes: P2, salesforce, L4", () => {
    expect(verdict(observations({ records: [event(12)] }))).toMatchObject({ finding: "salesforce.events-stalled", severity: "P2", component: "salesforce", escalate: ["L4"] });
    // An event that landed a moment ago: not quiet yet.
    expect(verdict(observations({ records: [event(1)] })).finding).toBeUndefined();
  });

  it("Platform Events disabled in the configuration: P2, the portal, no vendor", () => {
    expect(verdict(observations({ targetVariables: { SF_EVENTS_ENABLED: "false" } }))).toMatchObject({ finding: "salesforce.events-disabled", component: "portal", escalate: [], vendor: false });
  });

  it("security comes first: brute force from one network is P1, portal, L2 and L3 at once, lock the accounts", () => {
    const sweep = observations({ redis: { reachable: false }, security: { bruteForce: { network: "203.0.113.0/24", failures: 80, customerIds: [1, 2, 3] } } });
    expect(verdict(sweep)).toMatchObject({ finding: "security.brute-force", severity: "P1", component: "portal", escalate: ["L2", "L3"], first: "security.lock-account" });
  });

  it("reads only structured lines since the incident began", () => {
    const text = [JSON.stringify(event(40)), "not json", JSON.stringify(event(5)), "{broken"].join("\n");
    expect(parseLog(text, new Date(NOW - 10_000))).toHaveLength(1);
  });
});
