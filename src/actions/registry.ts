import { registryOf } from "../drills/kind-registry.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { FiredrillError } from "../errors.ts";
import { parseKindParams } from "../faults/kind-params.ts";
import { controlOperator, type Operator } from "../faults/operator.ts";
import type { Action } from "./action.ts";
import { logDelete, logRewrite, logTruncate } from "./kinds/log-evidence.ts";
import { partAction } from "./kinds/part-actions.ts";
import { portalRestart } from "./kinds/portal-restart.ts";
import { postgresTerminateBackend } from "./kinds/postgres-terminate-backend.ts";
import { redisConfigSet } from "./kinds/redis-config-set.ts";
import { redisFlushdb } from "./kinds/redis-flushdb.ts";
import { securityActions } from "./kinds/security.ts";

export const actionKinds = {
  "redis.start": partAction("redis", "start"),
  "redis.restart": partAction("redis", "restart"),
  "redis.config-set": redisConfigSet,
  "redis.flushdb": redisFlushdb,
  "postgres.start": partAction("postgres", "start"),
  "postgres.restart": partAction("postgres", "restart"),
  "postgres.terminate-backend": postgresTerminateBackend,
  "portal.restart": portalRestart,
  "log.truncate": logTruncate,
  "log.delete": logDelete,
  "log.rewrite": logRewrite,
  ...securityActions,
} as const;

export type ActionKind = keyof typeof actionKinds;

/** The actions as drills see them: names and params schemas. */
export const actionRegistry = registryOf(actionKinds);

export function isActionKind(kind: string): kind is ActionKind {
  return Object.hasOwn(actionKinds, kind);
}

/** Validates the params against the action's schema and runs it. */
export async function runAction(
  kind: string,
  context: { descriptor: EnvironmentDescriptor; params?: unknown; operator?: Operator },
): Promise<{ readonly destructive: boolean; readonly details: Readonly<Record<string, unknown>> }> {
  if (!isActionKind(kind)) throw new FiredrillError("CONFIG_INVALID", `unknown action "${kind}" (allowed: ${Object.keys(actionKinds).join(", ")})`);
  const action = actionKinds[kind] as unknown as Action<unknown>;
  const params = parseKindParams("action", kind, action.params, context.params);
  const details = await action.run({ descriptor: context.descriptor, params, operator: context.operator ?? controlOperator(context.descriptor) });
  return { destructive: action.destructive === true, details: details ?? {} };
}
