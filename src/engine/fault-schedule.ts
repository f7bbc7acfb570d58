import type { Fault } from "../drills/drill-schema.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { type FaultHandle, injectFault, type Operator } from "../faults/index.ts";
import type { Journal } from "../journal/journal.ts";
import { resolvePlaceholders } from "../probes/index.ts";
import { sleep } from "./waits.ts";

type RevertReason = "scheduled" | "vendor" | "remediated" | "rollback";

interface Injected {
  readonly fault: Fault;
  readonly handle: FaultHandle;
  reverted: boolean;
}

export interface FaultScheduleContext {
  readonly journal: Journal;
  readonly descriptor: () => EnvironmentDescriptor;
  readonly operator: Operator;
  readonly placeholders: () => Readonly<Record<string, string>>;
}

/** Arrays as "1,2,3", scalars as text: what `{{faults.<id>.<field>}}` becomes. */
function placeholderText(value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) return value.join(",");
  return undefined;
}

/**
 * A drill's faults: injected in their order and timing, reverted when their
 * duration ends, when the vendor "fixes" them after the escalation they wait
 * for, and — always — at rollback. Every revert is recorded once.
 */
export class FaultSchedule {
  readonly #context: FaultScheduleContext;
  readonly #injected: Injected[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #pending = new Set<Promise<void>>();
  #unsubscribe: (() => void) | undefined;
  #closed = false;
  #working = 0;

  constructor(context: FaultScheduleContext) {
    this.#context = context;
  }

  /** `faults.<id>.<field>` of every fault injected so far. */
  placeholders(): Record<string, string> {
    const entries: [string, string][] = [];
    for (const { fault, handle } of this.#injected) {
      for (const [field, value] of Object.entries(handle.details)) {
        const text = placeholderText(value);
        if (text !== undefined) entries.push([`faults.${fault.id}.${field}`, text]);
      }
    }
    return Object.fromEntries(entries);
  }

  /**
   * Injects the faults at their times. Resolves once the first is in (the
   * later ones keep coming in the background); rejects when the first fails.
   */
  async start(faults: readonly Fault[], signal?: AbortSignal): Promise<void> {
    this.#unsubscribe = this.#context.journal.subscribe((event) => {
      if (event.kind !== "escalate") return;
      for (const entry of this.#injected) {
        const revertOn = entry.fault.revertOn;
        if (revertOn !== undefined && revertOn.escalation === event.level && !entry.reverted) this.#later(revertOn.delayMs, () => this.revert(entry, "vendor"));
      }
    });
    const injectedAt = new Map<string, Promise<void>>();
    const inject = (fault: Fault): Promise<void> => {
      const existing = injectedAt.get(fault.id);
      if (existing !== undefined) return existing;
      const before = fault.after === undefined ? Promise.resolve() : inject(faults.find((other) => other.id === fault.after) ?? fault);
      const done = before.then(() => sleep(fault.atMs, signal)).then(() => this.#inject(fault));
      injectedAt.set(fault.id, done);
      return done;
    };
    const all = faults.map((fault) => inject(fault));
    const [first, ...rest] = all;
    for (const later of rest) this.#track(later.catch(() => {}));
    await first;
  }

  async #inject(fault: Fault): Promise<void> {
    if (this.#closed) return;
    const params = resolvePlaceholders(fault.params, this.#context.descriptor(), this.#context.placeholders());
    let handle: FaultHandle;
    this.#working++;
    try {
      handle = await injectFault(fault.kind, { descriptor: this.#context.descriptor(), params, operator: this.#context.operator, ...(fault.target !== undefined && { target: fault.target }) });
    } catch (error) {
      this.#context.journal.record({ kind: "fault-injected", fault: fault.id, faultKind: fault.kind, ...(fault.target !== undefined && { target: fault.target }), params, error: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      this.#working--;
    }
    const entry: Injected = { fault, handle, reverted: false };
    this.#injected.push(entry);
    this.#context.journal.record({ kind: "fault-injected", fault: fault.id, faultKind: fault.kind, ...(fault.target !== undefined && { target: fault.target }), params, details: { ...handle.details } });
    if (this.#closed) {
      await this.revert(entry, "rollback");
      return;
    }
    if (fault.durationMs !== undefined) this.#later(fault.durationMs, () => this.revert(entry, "scheduled"));
  }

  #later(ms: number, task: () => Promise<void>): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#track(task().catch(() => {}));
    }, ms);
    this.#timers.add(timer);
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async revert(entry: Injected, reason: RevertReason): Promise<void> {
    if (entry.reverted) return;
    entry.reverted = true;
    this.#working++;
    try {
      await entry.handle.revert();
      this.#context.journal.record({ kind: "fault-reverted", fault: entry.fault.id, reason });
    } catch (error) {
      entry.reverted = false;
      this.#context.journal.record({ kind: "fault-reverted", fault: entry.fault.id, reason, error: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      this.#working--;
    }
  }

  /** Whether firedrill is injecting or reverting a fault right now (a watcher should not take it for a responder's doing). */
  get busy(): boolean {
    return this.#working > 0;
  }

  /** Whether every injected fault has been reverted. */
  get allReverted(): boolean {
    return this.#injected.every((entry) => entry.reverted);
  }

  /**
   * Rollback: no more injections or timers; every fault still in is reverted
   * (last in, first out), each tried even when another fails. Rejects with
   * the failures, after trying them all.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#pending]);
    const failures: string[] = [];
    for (const entry of [...this.#injected].reverse()) {
      // A revert that failed once gets one more try.
      for (let attempt = 0; attempt < 2 && !entry.reverted; attempt++) {
        await this.revert(entry, "rollback").catch((error: unknown) => {
          if (attempt === 1) failures.push(`fault "${entry.fault.id}": ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }
    if (failures.length > 0) throw new Error(`rollback could not revert ${failures.join("; ")}`);
  }
}
