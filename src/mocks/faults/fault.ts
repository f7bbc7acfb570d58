import type { RequestHandler } from "msw";
import type { Interceptor } from "../http/interceptors.ts";
import type { RequestContext } from "../http/request-context.ts";
import type { SystemName } from "../system.ts";
import type { MockWorld } from "../world.ts";
import type { ParamSpecs, ParamsOf } from "./params.ts";

/**
 * What an injected fault acts on: one system of the world. Everything a
 * fault adds through it (interceptors, handler overrides, onRevert undos) is
 * undone when the fault is reverted, in reverse order.
 */
export interface FaultTarget {
  readonly system: SystemName;
  readonly faultId: string;
  readonly world: MockWorld;
  /** Runs before MSW, with the socket at hand: latency, hangs, dropped connections. */
  intercept(interceptor: Interceptor): void;
  /** MSW handlers in front of the system's own; a resolver returning undefined lets the call through. */
  override(...handlers: RequestHandler[]): void;
  /** Registers an undo (e.g. the removal a Conditions.add returned). */
  onRevert(undo: () => void): void;
  /** Notes in the journal entry of this call that the fault acted on it. */
  mark(context: RequestContext): void;
}

/** A fault kind: metadata (description, systems, params) kept apart from its one behaviour, inject. */
export interface FaultKind<S extends ParamSpecs = ParamSpecs> {
  readonly description: string;
  /** The systems it applies to; a single one makes `system` optional when setting the fault. */
  readonly systems: readonly SystemName[];
  readonly params: S;
  inject(target: FaultTarget, params: ParamsOf<S>): void;
}

/** Typing helper in the style of defineConfig(): returns its argument. */
export function defineFault<S extends ParamSpecs>(kind: FaultKind<S>): FaultKind<S> {
  return kind;
}
