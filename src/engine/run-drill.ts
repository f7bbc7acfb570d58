import { randomUUID } from "node:crypto";
import type { Drill } from "../drills/drill-schema.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { JournalEvent, Phase, RUN_MODES } from "../journal/events.ts";
import { Journal } from "../journal/journal.ts";
import type { Responder } from "../responders/responder.ts";
import type { Runbook } from "../runbook/model.ts";
import { score } from "../scoring/score.ts";
import type { RunningTraffic } from "../traffic/run.ts";
import type { DrillEnvironment } from "./drill-environment.ts";
import { FaultSchedule } from "./fault-schedule.ts";
import { observe } from "./observe.ts";
import { pollUntilAllMatch, type ProbingContext, probeOnce } from "./probing.ts";
import { resetEnvironment, startDrillTraffic } from "./provision.ts";
import { responderContext } from "./responder-context.ts";
import type { DrillOutcome, DrillRun } from "./result.ts";
import { Interrupted, sleep, throwIfAborted } from "./waits.ts";

export interface EngineTiming {
  readonly pollIntervalMs: number;
  readonly diagnosisIntervalMs: number;
  readonly detectionGraceMs: number;
  /** How long the system may take to be healthy before the fault; past it the drill is invalid. */
  readonly steadyStateTimeoutMs: number;
  /** A drill without `timeLimit` ends unresolved after this long from the injection. */
  readonly defaultTimeLimitMs: number;
}

export const DEFAULT_TIMING: EngineTiming = {
  pollIntervalMs: 200,
  diagnosisIntervalMs: 1_000,
  detectionGraceMs: 1_000,
  steadyStateTimeoutMs: 30_000,
  defaultTimeLimitMs: 180_000,
};

export interface RunDrillOptions {
  readonly drill: Drill;
  readonly runbook: Runbook;
  readonly environment: DrillEnvironment;
  readonly responder: Responder;
  readonly mode?: (typeof RUN_MODES)[number];
  readonly runId?: string;
  /** Abort it (SIGINT, SIGTERM): the drill stops where it is, rolls back and ends "interrupted". */
  readonly signal?: AbortSignal;
  readonly timeScale?: number;
  /** Recorded in the journal's start event (a training run's seeded delay can be replayed). */
  readonly seed?: number;
  readonly timing?: Partial<EngineTiming>;
  /** Every journal event as it is recorded (live views, the phase-interrupt test). */
  readonly onEvent?: (event: JournalEvent) => void;
  /**
   * People respond (train, gameday; default: by mode): the detection probes
   * keep watching while they work, and the respond phase lasts until their
   * resolve claim is verified or the time runs out.
   */
  readonly live?: boolean;
  /** Wait this long (unannounced) between steady state and the injection. */
  readonly injectDelayMs?: number;
  /**
   * Watches the environment from the injection to the rollback (what people
   * do there: src/live/watch.ts); `busy()` is true while firedrill itself
   * changes it (a fault reverting on schedule).
   */
  readonly watch?: (input: { readonly journal: Journal; readonly descriptor: () => EnvironmentDescriptor; readonly busy: () => boolean }) => { stop(): Promise<void> };
}

class TimeLimit extends Error {
  constructor(limitMs: number) {
    super(`time limit of ${Math.round(limitMs / 1000)}s reached`);
    this.name = "TimeLimit";
  }
}

/**
 * Runs one drill through its phases — provision, steady state, inject,
 * observe, respond, verify, rollback — and scores its journal. The rollback
 * always runs: after a failure, an exception, a time limit or an abort, every
 * fault is reverted and the traffic stopped before this resolves. It never
 * rejects for the drill's own failures; the outcome says what happened.
 */
export async function runDrill(options: RunDrillOptions): Promise<DrillRun> {
  const { drill, runbook, environment, responder } = options;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const startedAt = new Date();
  const startedMs = performance.now();
  const runId = options.runId ?? randomUUID();
  const journal = new Journal({ drill: drill.id, runId, mode: options.mode ?? "run", timeScale: options.timeScale ?? 1, ...(options.seed !== undefined && { seed: options.seed }) });
  if (options.onEvent !== undefined) {
    journal.subscribe(options.onEvent);
    options.onEvent(journal.start);
  }
  const controller = new AbortController();
  const signal = controller.signal;
  const forward = () => controller.abort(options.signal?.reason ?? new Interrupted("interrupted"));
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener("abort", forward, { once: true });

  let injectedAt: Date | undefined;
  const faults = new FaultSchedule({
    journal,
    descriptor: () => environment.descriptor(),
    operator: environment.operator,
    placeholders: () => placeholders(),
  });
  const placeholders = (): Record<string, string> => ({ ...(injectedAt !== undefined && { "run.injectedAt": injectedAt.toISOString() }), ...faults.placeholders() });
  const probing: ProbingContext = { journal, descriptor: () => environment.descriptor(), placeholders, since: () => injectedAt };

  const phase = async <T>(name: Phase, work: () => Promise<T>): Promise<T> => {
    journal.record({ kind: "phase", phase: name, status: "started" });
    try {
      // An abort that came in as the phase began stops it here (the rollback is never aborted).
      if (name !== "rollback") throwIfAborted(signal);
      const result = await work();
      journal.record({ kind: "phase", phase: name, status: "completed" });
      return result;
    } catch (error) {
      journal.record({ kind: "phase", phase: name, status: "failed", error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
  const skip = (...names: Phase[]) => {
    for (const name of names) journal.record({ kind: "phase", phase: name, status: "skipped" });
  };

  let traffic: RunningTraffic | undefined;
  let watcher: { stop(): Promise<void> } | undefined;
  let limitTimer: NodeJS.Timeout | undefined;
  let failure: { reason: "interrupted" | "time-limit" | "error"; message: string } | undefined;
  try {
    if (signal.aborted) throw new Interrupted("interrupted before the drill started");
    const timeLimitMs = drill.timeLimitMs ?? timing.defaultTimeLimitMs;
    await phase("provision", async () => {
      await resetEnvironment(environment, drill);
      traffic = await startDrillTraffic(environment, drill, timing.steadyStateTimeoutMs + timeLimitMs + 60_000);
    });
    const steady = await phase("steady-state", () =>
      pollUntilAllMatch(
        probing,
        "steady-state",
        drill.steadyState.map((probe) => ({ id: probe.id, probe: probe.probe, params: probe.params })),
        { deadlineMs: journal.nowMs() + timing.steadyStateTimeoutMs, intervalMs: timing.pollIntervalMs * 2, signal },
      ),
    );
    if (!steady) {
      skip("inject", "observe", "respond", "verify");
    } else {
      await phase("inject", async () => {
        if ((options.injectDelayMs ?? 0) > 0) await sleep(options.injectDelayMs!, signal);
        limitTimer = setTimeout(() => controller.abort(new TimeLimit(timeLimitMs)), timeLimitMs);
        injectedAt = new Date();
        await faults.start(drill.faults, signal);
      });
      watcher = options.watch?.({ journal, descriptor: () => environment.descriptor(), busy: () => faults.busy });
      const recoverySpecs = drill.answers.recovery.map((probe) => ({ id: probe.id, probe: probe.probe, params: probe.params }));
      const context = responderContext({
        drill,
        runbook,
        journal,
        descriptor: () => environment.descriptor(),
        operator: environment.operator,
        incidentStartedAt: injectedAt!,
        signal,
        actor: responder.name,
        verifyRecovery: async () => {
          const results = await Promise.all(recoverySpecs.map(async (spec) => ({ id: spec.id, matched: (await probeOnce(probing, "recovery", spec)).matched })));
          const failing = results.filter((result) => !result.matched).map((result) => result.id);
          return { recovered: failing.length === 0, failing };
        },
      });
      const observeTiming = { pollIntervalMs: timing.pollIntervalMs, diagnosisIntervalMs: timing.diagnosisIntervalMs, graceMs: timing.detectionGraceMs };
      if (options.live ?? (options.mode === "train" || options.mode === "gameday")) {
        // People work while the diagnostics watch: a probe that fires late is recorded late, until they are done.
        const observing = new AbortController();
        const stopObserving = () => observing.abort(new Interrupted("the responders are done"));
        signal.addEventListener("abort", stopObserving, { once: true });
        const watching = phase("observe", () =>
          observe(probing, drill, { ...observeTiming, graceMs: timeLimitMs }, observing.signal).catch((error: unknown) => {
            if (!signal.aborted && observing.signal.aborted) return;
            throw error;
          }),
        );
        try {
          await phase("respond", () => responder.respond(context));
        } finally {
          stopObserving();
          signal.removeEventListener("abort", stopObserving);
          await watching.catch(() => {});
        }
      } else {
        await phase("observe", () => observe(probing, drill, observeTiming, signal));
        await phase("respond", () => responder.respond(context));
      }
      const verifyFromMs = journal.nowMs();
      await phase("verify", () =>
        pollUntilAllMatch(
          probing,
          "recovery",
          drill.answers.recovery.map((probe) => ({ id: probe.id, probe: probe.probe, params: probe.params })),
          { deadlineMs: verifyFromMs + Math.max(...drill.answers.recovery.map((probe) => probe.withinMs)), intervalMs: timing.pollIntervalMs * 2, signal },
        ),
      );
    }
  } catch (error) {
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof TimeLimit) failure = { reason: "time-limit", message: reason.message };
    else if (signal.aborted) failure = { reason: "interrupted", message: reason instanceof Error ? reason.message : "interrupted" };
    else failure = { reason: "error", message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(limitTimer);
    options.signal?.removeEventListener("abort", forward);
    try {
      await phase("rollback", async () => {
        const results = await Promise.allSettled([watcher?.stop().then(() => faults.close()) ?? faults.close(), traffic?.stop()]);
        const failed = results.flatMap((result) => (result.status === "rejected" ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : []));
        if (failed.length > 0) throw new Error(failed.join("; "));
      });
    } catch (error) {
      failure ??= { reason: "error", message: `rollback: ${error instanceof Error ? error.message : String(error)}` };
    }
    journal.record({ kind: "end", reason: failure?.reason ?? "completed", ...(failure !== undefined && { error: failure.message }) });
  }

  const scored = score(journal.events, drill, runbook);
  const outcome: DrillOutcome =
    failure?.reason === "interrupted" ? "interrupted" : failure?.reason === "error" ? "error" : scored.verdict.status;
  return {
    drill: { id: drill.id, title: drill.title, scenario: drill.scenario, tags: drill.tags },
    runId,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    environment: environment.descriptor().name,
    outcome,
    score: scored,
    ...(failure !== undefined && { error: failure.message }),
    journal: journal.events,
  };
}
