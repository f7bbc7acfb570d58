import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Presence, Schema } from "../schema/index.ts";
import type { Operator } from "./operator.ts";

export interface FaultContext<P> {
  readonly descriptor: EnvironmentDescriptor;
  /** Validated params, defaults filled in. */
  readonly params: P;
  /** The drill's `target`: the link or service the fault acts on. */
  readonly target?: string;
  /** Stops and starts parts; default: the supervisor's control API (controlOperator). */
  readonly operator?: Operator;
}

/** What an injected fault leaves behind: how to undo it, and what was done. */
export interface FaultHandle {
  /** What was done (proxy and toxic names, mock fault ids, …), for the journal and `{{faults.<id>.…}}`. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Undoes the fault. Idempotent; safe after the thing it acted on went away. */
  revert(): Promise<void>;
}

export interface Fault<P> {
  readonly description: string;
  readonly params: Schema<P, Presence>;
  inject(context: FaultContext<P>): Promise<FaultHandle>;
}

/** Only returns its argument: it types a fault kind. */
export function defineFault<P>(fault: Fault<P>): Fault<P> {
  return fault;
}

/**
 * A handle whose revert runs `undo` once: concurrent and later calls share
 * the first success; a failed revert may be retried.
 */
export function faultHandle(details: Readonly<Record<string, unknown>>, undo: () => Promise<void>): FaultHandle {
  let reverting: Promise<void> | undefined;
  return {
    details,
    revert() {
      reverting ??= undo().catch((error: unknown) => {
        reverting = undefined;
        throw error;
      });
      return reverting;
    },
  };
}
