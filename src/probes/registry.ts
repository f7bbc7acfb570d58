import { registryOf } from "../drills/kind-registry.ts";
import { FiredrillError } from "../errors.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { parseKindParams } from "../faults/kind-params.ts";
import { httpJson } from "./kinds/http-json.ts";
import { journalProbe } from "./kinds/journal.ts";
import { logGrep } from "./kinds/log-grep.ts";
import { postgresProbe } from "./kinds/postgres.ts";
import { redisProbe } from "./kinds/redis.ts";
import { shellProbe } from "./kinds/shell.ts";
import { sliProbe } from "./kinds/sli.ts";
import { resolvePlaceholders } from "./placeholders.ts";
import type { Probe, ProbeResult } from "./probe.ts";

export const probeKinds = {
  "http-json": httpJson,
  redis: redisProbe,
  postgres: postgresProbe,
  "log-grep": logGrep,
  journal: journalProbe,
  shell: shellProbe,
  sli: sliProbe,
} as const;

export type ProbeKind = keyof typeof probeKinds;

/** The probe kinds as drills see them: names and params schemas. */
export const probeRegistry = registryOf(probeKinds);

export function isProbeKind(kind: string): kind is ProbeKind {
  return Object.hasOwn(probeKinds, kind);
}

/**
 * Resolves the params' placeholders, validates them against the kind's
 * schema and runs the probe. Bad input throws (it is the drill's fault);
 * a probe that cannot evaluate its condition returns status "error".
 */
export async function checkProbe(
  kind: string,
  context: { descriptor: EnvironmentDescriptor; params?: unknown; since?: Date; placeholders?: Readonly<Record<string, string>> },
): Promise<ProbeResult> {
  if (!isProbeKind(kind)) throw new FiredrillError("CONFIG_INVALID", `unknown probe kind "${kind}" (allowed: ${Object.keys(probeKinds).join(", ")})`);
  const probe = probeKinds[kind] as unknown as Probe<unknown>;
  const params = parseKindParams("probe", kind, probe.params, resolvePlaceholders(context.params ?? {}, context.descriptor, context.placeholders));
  return probe.check({ descriptor: context.descriptor, params, ...(context.since !== undefined && { since: context.since }) });
}
