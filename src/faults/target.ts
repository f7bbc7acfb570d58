import { FiredrillError } from "../errors.ts";
import type { EnvironmentDescriptor, ProxiedEndpoint } from "../env/descriptor.ts";

export const PROXIED_SERVICES = ["redis", "postgres", "salesforce", "whmcs", "freebit"] as const;
export type ProxiedService = (typeof PROXIED_SERVICES)[number];

/** The drill's target as one of `allowed`, or an error naming the fault kind and the allowed targets. */
export function targetOf<const T extends string>(kind: string, target: string | undefined, allowed: readonly T[]): T {
  if (target !== undefined && (allowed as readonly string[]).includes(target)) return target as T;
  const got = target === undefined ? "no target" : `target "${target}"`;
  throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": ${got}; set the fault's target to one of ${allowed.join(", ")}`);
}

export function serviceEndpoint(descriptor: EnvironmentDescriptor, service: ProxiedService): ProxiedEndpoint {
  return descriptor.services[service];
}
