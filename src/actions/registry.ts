import { registryOf } from "../drills/kind-registry.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { FiredrillError } from "../errors.ts";
import { parseKindParams } from "../faults/kind-params.ts";
import { controlOperator, type Operator } from "../faults/operator.ts";
import type { Action } from "./action.ts";
import { securityActions } from "./kinds/security.ts";

export const actionKinds = {
  ...securityActions,
} as const satisfies Record<string, Action<never>>;

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
