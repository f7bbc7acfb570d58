import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Operator } from "../faults/operator.ts";
import type { Presence, Schema } from "../schema/index.ts";

export interface ActionContext<P> {
  readonly descriptor: EnvironmentDescriptor;
  /** Validated params, defaults filled in. */
  readonly params: P;
  /** Stops, starts and restarts parts (the supervisor's control API by default). */
  readonly operator: Operator;
}

/**
 * A remediation step a responder takes on the environment — a runbook
 * resolution step made executable (start Redis, kill the long query,
 * restart the BFF with SF_EVENTS_REPLAY=ALL, lock an account, …).
 */
export interface Action<P> {
  readonly description: string;
  readonly params: Schema<P, Presence>;
  /** Destroys data or evidence (FLUSHDB, deleting logs): scored as a penalty where a drill says to avoid it. */
  readonly destructive?: boolean;
  /** Does it; resolves with what was done (for the journal), rejects when it could not. */
  run(context: ActionContext<P>): Promise<Readonly<Record<string, unknown>> | undefined>;
}

/** Only returns its argument: it types an action kind. */
export function defineAction<P>(action: Action<P>): Action<P> {
  return action;
}
