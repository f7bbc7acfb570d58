import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultDrillsDir } from "../drills/load-drills.ts";
import type { Drill } from "../drills/drill-schema.ts";
import { parseDrill } from "../drills/parse-drill.ts";
import { ManualClock } from "../journal/clock.ts";
import type { NewJournalEvent } from "../journal/events.ts";
import { Journal } from "../journal/journal.ts";
import { shippedRunbook } from "../runbook/testing.ts";

/** One of the shipped drills, by id. */
export function shippedDrill(id: string): Drill {
  const file = path.join(defaultDrillsDir(), `${id}.yaml`);
  return parseDrill(readFileSync(file, "utf8"), { file, runbook: shippedRunbook() });
}

export const FULL_STATUS_UPDATE = [
  "INCIDENT UPDATE - P2 - Logins failing",
  "Status: Identified",
  "Impact: customers cannot log in",
  "Started: 09:00 UTC",
  "Last Update: 09:02 UTC",
  "Current Actions:",
  "- Starting Redis",
  "Next Update: 09:30 UTC",
].join("\n");

/**
 * A drill run written by hand: move the clock with `at(ms)` (since the
 * journal's start) and record what the engine and responders would.
 */
export class ScriptedRun {
  readonly clock = new ManualClock();
  readonly journal: Journal;
  readonly drill: Drill;

  constructor(drill: Drill, options: { timeScale?: number } = {}) {
    this.drill = drill;
    this.journal = new Journal({ drill: drill.id, runId: "run-1", mode: "train", clock: this.clock, ...(options.timeScale !== undefined && { timeScale: options.timeScale }) });
  }

  at(ms: number): this {
    this.clock.advance(ms - this.clock.monotonicMs());
    return this;
  }

  record(event: NewJournalEvent): this {
    this.journal.record(event);
    return this;
  }

  steadyState(matched = true): this {
    for (const probe of this.drill.steadyState) this.record({ kind: "probe", role: "steady-state", probe: probe.id, probeKind: probe.probe, matched, durationMs: 2 });
    return this;
  }

  inject(): this {
    this.record({ kind: "phase", phase: "inject", status: "started" });
    for (const fault of this.drill.faults) this.record({ kind: "fault-injected", fault: fault.id, faultKind: fault.kind, ...(fault.target !== undefined && { target: fault.target }) });
    return this;
  }

  probes(role: "detection" | "recovery", matched: boolean, ids?: readonly string[]): this {
    for (const probe of this.drill.answers[role]) {
      if (ids === undefined || ids.includes(probe.id)) this.record({ kind: "probe", role, probe: probe.id, probeKind: probe.probe, matched, durationMs: 5 });
    }
    return this;
  }

  command(command: string, matched: boolean): this {
    return this.record({ kind: "probe", role: "diagnosis", probe: `cmd-${command.length}`, probeKind: "shell", matched, durationMs: 40, runbookCommand: command });
  }

  rollbackAndEnd(): this {
    this.record({ kind: "phase", phase: "rollback", status: "started" });
    for (const fault of this.drill.faults) this.record({ kind: "fault-reverted", fault: fault.id, reason: "rollback" });
    return this.record({ kind: "end", reason: "completed" });
  }
}

/**
 * A responder who does everything right on redis-down: steady state, inject
 * at 1 s, every probe fires at 3 s, ack, P2/redis, a full status update,
 * Redis started, recovery, a resolve claim the probes confirm.
 */
export function perfectRedisDownRun(): ScriptedRun {
  const run = new ScriptedRun(shippedDrill("redis-down"));
  run.steadyState().at(1_000).inject().at(3_000).probes("detection", true);
  for (const entry of run.drill.answers.runbookCommands) run.command(entry.command, true);
  run
    .at(5_000)
    .record({ kind: "ack", actor: "ana" })
    .at(20_000)
    .record({ kind: "classify", actor: "ana", severity: "P2", component: "redis" })
    .at(60_000)
    .record({ kind: "status-update", actor: "ana", text: FULL_STATUS_UPDATE })
    .at(90_000)
    .record({ kind: "action", actor: "ana", action: "redis.start", source: "responder", ok: true })
    .at(100_000)
    .probes("recovery", true)
    .at(120_000)
    .record({ kind: "resolve-claim", actor: "ana" })
    .at(121_000)
    .probes("recovery", true)
    .at(125_000);
  return run.rollbackAndEnd();
}
