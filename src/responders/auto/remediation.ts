import type { Finding } from "./findings.ts";

/** One runbook resolution step made executable. */
export interface RemediationStep {
  readonly action: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The runbook's words for it. */
  readonly why: string;
}

export interface Remediation {
  readonly steps: readonly RemediationStep[];
  /** The fix is the vendor's: wait for it (after escalating to L4), then take `after`. */
  readonly vendor: boolean;
  /** Steps once the vendor fixed it (re-subscribe with SF_EVENTS_REPLAY=ALL, …). */
  readonly after: readonly RemediationStep[];
  /** When the first fix did not clear it: the next resolution step. */
  readonly fallback: readonly RemediationStep[];
}

const PREFIX = { salesforce: "SF", whmcs: "WHMCS", freebit: "FREEBIT" } as const;
const none: readonly RemediationStep[] = [];
const resubscribe: RemediationStep = {
  action: "portal.restart",
  params: { set: { SF_EVENTS_REPLAY: "ALL" } },
  why: "Platform Events steps 4-5: set SF_EVENTS_REPLAY=ALL temporarily to replay missed events, restart the BFF to re-establish the subscription",
};

/** The runbook's resolution steps for what was found. */
export function remediationFor(finding: Finding): Remediation {
  const plan = (steps: readonly RemediationStep[], extra: Partial<Omit<Remediation, "steps">> = {}): Remediation => ({ steps, vendor: false, after: none, fallback: none, ...extra });
  switch (finding.kind) {
    case "security.brute-force":
      return plan([{ action: "security.lock-account", params: { customers: [...finding.customerIds] }, why: "Security step 3: consider isolating affected systems — lock the targeted accounts" }]);
    case "security.exfiltration":
      return plan([
        { action: "security.revoke-sessions", params: { jti: finding.jti }, why: "Security step 3: isolate — revoke the session reading other customers' records" },
        { action: "security.lock-account", params: { customers: [finding.customerId] }, why: "Security step 3: isolate — lock the account it belongs to" },
      ]);
    case "security.token-reuse":
      return plan([
        { action: "security.revoke-sessions", params: { customer: finding.customerId }, why: "Security step 3: isolate — revoke every session of the customer whose token is reused" },
        { action: "security.lock-account", params: { customers: [finding.customerId] }, why: "Security step 3: isolate — lock the account until the customer is contacted" },
      ]);
    case "postgres.down":
      return plan([{ action: "postgres.start", params: {}, why: "Database step 1: verify PostgreSQL server is running" }], {
        fallback: [{ action: "postgres.restart", params: {}, why: "Database step 4: restart database if unresponsive" }],
      });
    case "postgres.pool-exhausted":
      return plan([
        finding.holder !== undefined && finding.holder !== ""
          ? { action: "postgres.terminate-backend", params: { applicationName: finding.holder }, why: `Database steps 2-3: connection pool limits — terminate the sessions of "${finding.holder}" holding the connections` }
          : { action: "postgres.terminate-backend", params: { state: "idle in transaction", olderThan: "10s" }, why: "Database steps 2-3: terminate the idle transactions holding connections" },
      ]);
    case "postgres.lock":
      return plan([
        {
          action: "postgres.terminate-backend",
          params: finding.applicationName !== "" ? { applicationName: finding.applicationName } : { pid: finding.pid },
          why: "Database step 3: look for long-running queries and kill if necessary",
        },
      ]);
    case "redis.down":
      return plan([{ action: "redis.start", params: {}, why: "Redis step 3: (re)start Redis" }]);
    case "redis.oom":
      return plan([
        { action: "redis.restart", params: {}, why: "Redis step 3: restart Redis if memory is exhausted" },
        { action: "redis.config-set", params: { "maxmemory-policy": "allkeys-lru" }, why: "Redis step 2: eviction policy — let Redis evict rather than refuse writes next time" },
      ]);
    case "salesforce.events-disabled":
      return plan([
        {
          action: "portal.restart",
          params: { set: { SF_EVENTS_ENABLED: "true", SF_EVENTS_REPLAY: "ALL" } },
          why: "Platform Events steps 1, 4, 5: SF_EVENTS_ENABLED=true, SF_EVENTS_REPLAY=ALL to replay what was missed, restart the BFF",
        },
      ]);
    case "salesforce.auth":
    case "salesforce.permission":
    case "salesforce.events-stalled":
      return plan([], { vendor: true, after: [resubscribe] });
    case "external.unavailable":
      return plan([], { vendor: true });
    case "external.errors":
      return plan([{ action: "portal.restart", params: { set: { CIRCUIT_BREAKER_ENABLED: "true" } }, why: "Performance step 4: enable circuit breakers" }], { vendor: true });
    case "external.slow":
      return plan(
        finding.timeouts > 0
          ? [{ action: "portal.restart", params: { set: { [`${PREFIX[finding.system]}_TIMEOUT_MS`]: "10000" } }, why: `Performance step 4: increase the ${finding.system} timeout temporarily` }]
          : [],
        { vendor: true },
      );
  }
}
