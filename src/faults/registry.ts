import { registryOf } from "../drills/kind-registry.ts";
import { FiredrillError } from "../errors.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Fault, FaultHandle } from "./fault.ts";
import type { Operator } from "./operator.ts";
import { parseKindParams } from "./kind-params.ts";
import { containerFaults } from "./kinds/container.ts";
import { postgresConnectionExhaustion } from "./kinds/postgres-connection-exhaustion.ts";
import { postgresLock } from "./kinds/postgres-lock.ts";
import { postgresStop } from "./kinds/postgres-stop.ts";
import { proxyBandwidth } from "./kinds/proxy-bandwidth.ts";
import { proxyDown } from "./kinds/proxy-down.ts";
import { proxyLatency } from "./kinds/proxy-latency.ts";
import { proxyResetPeer } from "./kinds/proxy-reset-peer.ts";
import { proxyTimeout } from "./kinds/proxy-timeout.ts";
import { redisMaxmemory } from "./kinds/redis-maxmemory.ts";
import { redisPause } from "./kinds/redis-pause.ts";
import { redisStop } from "./kinds/redis-stop.ts";
import { saasAuthFailure } from "./kinds/saas-auth-failure.ts";
import { saasHttpError } from "./kinds/saas-http-error.ts";
import { saasLatency } from "./kinds/saas-latency.ts";
import { salesforceEventsStall } from "./kinds/salesforce-events-stall.ts";
import { salesforcePermissionDenied } from "./kinds/salesforce-permission-denied.ts";
import { securityFaults } from "./kinds/security.ts";
import { targetEnv } from "./kinds/target-env.ts";

export const faultKinds = {
  "proxy.down": proxyDown,
  "proxy.latency": proxyLatency,
  "proxy.timeout": proxyTimeout,
  "proxy.reset-peer": proxyResetPeer,
  "proxy.bandwidth": proxyBandwidth,
  "saas.http-error": saasHttpError,
  "saas.latency": saasLatency,
  "saas.auth-failure": saasAuthFailure,
  "salesforce.events-stall": salesforceEventsStall,
  "salesforce.permission-denied": salesforcePermissionDenied,
  "redis.stop": redisStop,
  "redis.pause": redisPause,
  "redis.maxmemory": redisMaxmemory,
  "postgres.stop": postgresStop,
  "postgres.lock": postgresLock,
  "postgres.connection-exhaustion": postgresConnectionExhaustion,
  "target.env": targetEnv,
  ...securityFaults,
  ...containerFaults,
} as const;

export type FaultKind = keyof typeof faultKinds;

/** The fault kinds as drills see them: names and params schemas. */
export const faultRegistry = registryOf(faultKinds);

export function isFaultKind(kind: string): kind is FaultKind {
  return Object.hasOwn(faultKinds, kind);
}

/** Validates the params against the kind's schema, then injects the fault. */
export async function injectFault(
  kind: string,
  context: { descriptor: EnvironmentDescriptor; params?: unknown; target?: string; operator?: Operator },
): Promise<FaultHandle> {
  if (!isFaultKind(kind)) {
    throw new FiredrillError("CONFIG_INVALID", `unknown fault kind "${kind}" (allowed: ${Object.keys(faultKinds).join(", ")})`);
  }
  const fault = faultKinds[kind] as unknown as Fault<unknown>;
  const params = parseKindParams("fault", kind, fault.params, context.params);
  return fault.inject({
    descriptor: context.descriptor,
    params,
    ...(context.target !== undefined && { target: context.target }),
    ...(context.operator !== undefined && { operator: context.operator }),
  });
}
