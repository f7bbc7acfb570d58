import type { AnySchema } from "../schema/index.ts";

/**
 * What a drill may name as a fault kind, probe kind or remediation action.
 * The registries themselves (src/faults, src/probes, src/responders) satisfy
 * this; drills only need the names and, where a kind has one, the schema of
 * its params.
 */
export interface KindRegistry {
  readonly kinds: readonly string[];
  /** The schema of one kind's params; undefined when the kind takes any params (it checks them itself). */
  paramsSchema(kind: string): AnySchema | undefined;
}

export interface DrillRegistries {
  readonly faults: KindRegistry;
  readonly probes: KindRegistry;
  readonly actions: KindRegistry;
}

/** A registry that knows only names: every kind takes any params. */
export function namesOnly(kinds: readonly string[]): KindRegistry {
  return { kinds, paramsSchema: () => undefined };
}

/** A registry from a const map of kinds (`{ "redis.stop": redisStop, … }`), each optionally with a `params` schema. */
export function registryOf(map: Readonly<Record<string, { readonly params?: AnySchema }>>): KindRegistry {
  return { kinds: Object.keys(map), paramsSchema: (kind) => (Object.hasOwn(map, kind) ? map[kind]?.params : undefined) };
}
