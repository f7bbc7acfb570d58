import type { Drill } from "../drills/drill-schema.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { injectedAtMs } from "../journal/queries.ts";
import { pollUntilMatched, type ProbeSpec, type ProbingContext, probeOnce } from "./probing.ts";
import { mapRunbookCommand } from "./runbook-commands.ts";

export interface ObserveTiming {
  readonly pollIntervalMs: number;
  /** Runbook commands are slower (a process each): they run this often. */
  readonly diagnosisIntervalMs: number;
  /** A detection probe is polled this long past its `within`, so a late firing is seen as late rather than never. */
  readonly graceMs: number;
}

/** The runbook commands of the answer key as shell probes, mapped onto the environment (runbook-commands.ts). */
export function diagnosisSpecs(drill: Drill, descriptor: EnvironmentDescriptor): ProbeSpec[] {
  return drill.answers.runbookCommands.map((entry, index) => ({
    id: `runbook-command-${index + 1}`,
    probe: "shell",
    runbookCommand: entry.command,
    params: {
      command: mapRunbookCommand(entry.command, descriptor),
      ...(entry.expect?.output !== undefined && { output: entry.expect.output }),
      ...(entry.expect?.outputNot !== undefined && { outputNot: entry.expect.outputNot }),
      ...(entry.expect?.exitCode !== undefined && { exitCode: entry.expect.exitCode }),
      ...(entry.expect === undefined && { output: "[\\s\\S]*" }),
      timeoutMs: 10_000,
    },
  }));
}

/**
 * The observe phase: the answer key's detection probes, each polled until it
 * fires or its time (plus grace) is up, and the runbook's diagnosis commands
 * until each shows the fault (a command without an expectation runs once).
 */
export async function observe(context: ProbingContext, drill: Drill, timing: ObserveTiming, signal: AbortSignal): Promise<void> {
  const injected = injectedAtMs(context.journal.events) ?? context.journal.nowMs();
  const detectionDeadline = (spec: ProbeSpec) => injected + (drill.answers.detection.find((probe) => probe.id === spec.id)?.withinMs ?? 0) + timing.graceMs;
  const lastDeadline = Math.max(...drill.answers.detection.map((probe) => injected + probe.withinMs + timing.graceMs));
  const detection: ProbeSpec[] = drill.answers.detection.map((probe) => ({ id: probe.id, probe: probe.probe, params: probe.params }));
  const commands = diagnosisSpecs(drill, context.descriptor());
  const expecting = commands.filter((_spec, index) => drill.answers.runbookCommands[index]?.expect !== undefined);
  const runOnce = commands.filter((_spec, index) => drill.answers.runbookCommands[index]?.expect === undefined);
  await Promise.all([
    pollUntilMatched(context, "detection", detection, { deadlineMs: detectionDeadline, intervalMs: timing.pollIntervalMs, signal }),
    pollUntilMatched(context, "diagnosis", expecting, { deadlineMs: () => lastDeadline, intervalMs: timing.diagnosisIntervalMs, signal }),
    Promise.all(runOnce.map((spec) => probeOnce(context, "diagnosis", spec))),
  ]);
}
