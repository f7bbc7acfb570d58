import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { ProbeRole } from "../journal/events.ts";
import type { Journal } from "../journal/journal.ts";
import { checkProbe, type ProbeResult } from "../probes/index.ts";
import { sleep } from "./waits.ts";

/** A probe as the engine runs it: the drill's, or a runbook command made into a shell probe. */
export interface ProbeSpec {
  readonly id: string;
  readonly probe: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** For role diagnosis: the runbook's command as written. */
  readonly runbookCommand?: string;
}

export interface ProbingContext {
  readonly journal: Journal;
  readonly descriptor: () => EnvironmentDescriptor;
  /** `run.injectedAt`, `faults.<id>.<field>`: filled as the run goes. */
  readonly placeholders: () => Readonly<Record<string, string>>;
  /** Only what happened from here on counts (log grep since the injection). */
  readonly since: () => Date | undefined;
}

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Runs one probe and records it in the journal. A drill's bad params become the probe's error, never a crash of the run. */
export async function probeOnce(context: ProbingContext, role: ProbeRole, spec: ProbeSpec): Promise<ProbeResult> {
  let result: ProbeResult;
  try {
    const since = context.since();
    result = await checkProbe(spec.probe, {
      descriptor: context.descriptor(),
      params: spec.params,
      placeholders: context.placeholders(),
      ...(since !== undefined && { since }),
    });
  } catch (error) {
    const now = new Date().toISOString();
    result = { status: "error", matched: false, output: null, startedAt: now, endedAt: now, durationMs: 0, error: error instanceof Error ? error.message : String(error) };
  }
  const output = text(result.output);
  context.journal.record({
    kind: "probe",
    role,
    probe: spec.id,
    probeKind: spec.probe,
    matched: result.matched,
    durationMs: result.durationMs,
    ...(output !== undefined && { output }),
    ...(result.error !== undefined && { error: result.error }),
    ...(spec.runbookCommand !== undefined && { runbookCommand: spec.runbookCommand }),
  });
  return result;
}

export interface PollOptions {
  /** Journal time (ms) after which a probe that has not matched is given up. */
  readonly deadlineMs: (spec: ProbeSpec) => number;
  readonly intervalMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls each probe until it matches or its deadline passes; the probes of a
 * round run together. Resolves with the ids that matched.
 */
export async function pollUntilMatched(context: ProbingContext, role: ProbeRole, specs: readonly ProbeSpec[], options: PollOptions): Promise<Set<string>> {
  const matched = new Set<string>();
  let pending = [...specs];
  while (pending.length > 0) {
    const results = await Promise.all(pending.map(async (spec) => [spec, await probeOnce(context, role, spec)] as const));
    for (const [spec, result] of results) if (result.matched) matched.add(spec.id);
    const now = context.journal.nowMs();
    pending = pending.filter((spec) => !matched.has(spec.id) && now < options.deadlineMs(spec));
    if (pending.length > 0) await sleep(options.intervalMs, options.signal);
  }
  return matched;
}

/**
 * Polls all probes together until one round where every one matches, or the
 * deadline. Resolves true when such a round came.
 */
export async function pollUntilAllMatch(context: ProbingContext, role: ProbeRole, specs: readonly ProbeSpec[], options: { deadlineMs: number; intervalMs: number; signal?: AbortSignal }): Promise<boolean> {
  for (;;) {
    const results = await Promise.all(specs.map((spec) => probeOnce(context, role, spec)));
    if (results.every((result) => result.matched)) return true;
    if (context.journal.nowMs() >= options.deadlineMs) return false;
    await sleep(options.intervalMs, options.signal);
  }
}
