import { type DrillRegistries, namesOnly } from "./kind-registry.ts";

/**
 * The kinds DESIGN.md names, so drills load before the registries that
 * implement them exist. Each registry replaces its list when it lands
 * (`registryOf(faultKinds)`); drills/drill.schema.json is regenerated then.
 */
export const DEFAULT_FAULT_KINDS = [
  "proxy.down",
  "proxy.latency",
  "proxy.timeout",
  "proxy.reset-peer",
  "proxy.bandwidth",
  "redis.stop",
  "redis.pause",
  "redis.maxmemory",
  "postgres.stop",
  "postgres.connection-exhaustion",
  "postgres.lock",
  "saas.http-error",
  "saas.auth-failure",
  "saas.latency",
  "salesforce.events-stall",
  "salesforce.permission-denied",
  "target.env",
  "security.brute-force",
  "security.token-reuse",
  "security.exfiltration",
  "container.pause",
  "container.kill",
  "container.oom",
  "container.disconnect",
] as const;

export const DEFAULT_PROBE_KINDS = ["http-json", "redis", "postgres", "log-grep", "sli", "shell", "journal"] as const;

/**
 * Remediation actions a responder takes (or firedrill observes): the
 * operator actions of `firedrill env`, and the evidence tampering the
 * security scenario forbids.
 */
export const DEFAULT_ACTIONS = [
  "redis.start",
  "redis.restart",
  "redis.config-set",
  "redis.flushdb",
  "postgres.start",
  "postgres.restart",
  "postgres.terminate-backend",
  "portal.restart",
  "security.revoke-sessions",
  "security.lock-account",
  "log.truncate",
  "log.delete",
  "log.rewrite",
] as const;

export const defaultRegistries: DrillRegistries = {
  faults: namesOnly(DEFAULT_FAULT_KINDS),
  probes: namesOnly(DEFAULT_PROBE_KINDS),
  actions: namesOnly(DEFAULT_ACTIONS),
};
