import { FiredrillError } from "../../errors.ts";
import { isSystemName, type SystemName } from "../system.ts";
import type { MockWorld } from "../world.ts";
import type { FaultTarget } from "./fault.ts";
import { parseParams } from "./params.ts";
import { faultKinds, findFaultKind } from "./registry.ts";

/** What to inject: plain data, as drills and the control API carry it. */
export interface FaultSpec {
  readonly kind: string;
  /** Needed for kinds that apply to several systems (http-error, latency, hang, drop). */
  readonly system?: string;
  readonly params?: Record<string, unknown>;
}

export interface ActiveFault {
  /** `whmcs-http-error-3`: unique within this mocks instance, URL-safe. */
  readonly id: string;
  readonly kind: string;
  readonly system: SystemName;
  /** All params, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  /** When it was injected, ISO 8601. */
  readonly since: string;
}

/** The faults in force, each with the undo stack that reverts it. */
export class FaultSet {
  readonly #world: MockWorld;
  readonly #active = new Map<string, { fault: ActiveFault; undo: (() => void)[] }>();
  #counter = 0;

  constructor(world: MockWorld) {
    this.#world = world;
  }

  set(spec: FaultSpec): ActiveFault {
    const kind = findFaultKind(String(spec.kind));
    if (kind === undefined) {
      throw new FiredrillError("CONFIG_INVALID", `mocks: unknown fault kind "${spec.kind}"; known kinds: ${Object.keys(faultKinds).join(", ")}`);
    }
    const system = this.#system(spec, kind.systems);
    const params = parseParams(spec.kind, kind.params, spec.params ?? {});
    const id = `${system}-${spec.kind.replace(/^\w+\./, "")}-${++this.#counter}`;
    const undo: (() => void)[] = [];
    const runtime = this.#world.runtimes[system];
    const target: FaultTarget = {
      system,
      faultId: id,
      world: this.#world,
      intercept: (interceptor) => void undo.push(runtime.interceptors.add(interceptor)),
      override: (...handlers) => void undo.push(runtime.registry.override(...handlers)),
      onRevert: (revert) => void undo.push(revert),
      mark: (context) => void context.faults.push(id),
    };
    try {
      kind.inject(target, params);
    } catch (error) {
      for (const revert of undo.reverse()) revert();
      throw error;
    }
    const fault: ActiveFault = { id, kind: spec.kind, system, params, since: new Date(this.#world.clock.now()).toISOString() };
    this.#active.set(id, { fault, undo });
    return fault;
  }

  /** Reverts one fault; false when no such fault is active (already reverted: reverting is idempotent). */
  clear(id: string): boolean {
    const entry = this.#active.get(id);
    if (entry === undefined) return false;
    this.#active.delete(id);
    for (const revert of entry.undo.reverse()) revert();
    return true;
  }

  /** Reverts every fault (of one system), newest first; returns how many. */
  clearAll(filter: { system?: SystemName } = {}): number {
    const ids = [...this.#active.values()].filter(({ fault }) => filter.system === undefined || fault.system === filter.system).map(({ fault }) => fault.id);
    for (const id of ids.reverse()) this.clear(id);
    return ids.length;
  }

  list(filter: { system?: SystemName } = {}): ActiveFault[] {
    return [...this.#active.values()].map(({ fault }) => fault).filter((fault) => filter.system === undefined || fault.system === filter.system);
  }

  #system(spec: FaultSpec, systems: readonly SystemName[]): SystemName {
    if (spec.system === undefined && systems.length === 1) return systems[0]!;
    if (spec.system === undefined) {
      throw new FiredrillError("CONFIG_INVALID", `mocks: fault "${spec.kind}" needs a system; one of ${systems.join(", ")}`);
    }
    if (!isSystemName(spec.system) || !systems.includes(spec.system)) {
      throw new FiredrillError("CONFIG_INVALID", `mocks: fault "${spec.kind}" does not apply to system "${spec.system}"; it applies to ${systems.join(", ")}`);
    }
    return spec.system;
  }
}

/** The registry as the control API shows it: name, description, systems, params with defaults. */
export function describeFaultKinds() {
  return Object.entries(faultKinds).map(([name, kind]) => ({
    kind: name,
    description: kind.description,
    systems: kind.systems,
    params: Object.fromEntries(Object.entries(kind.params).map(([param, spec]) => [param, { default: spec.default, accepts: spec.describe }])),
  }));
}
