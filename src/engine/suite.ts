import { randomUUID } from "node:crypto";
import type { Drill } from "../drills/drill-schema.ts";
import type { Responder } from "../responders/responder.ts";
import type { Runbook } from "../runbook/model.ts";
import type { DrillEnvironment } from "./drill-environment.ts";
import { restoreTarget } from "./provision.ts";
import type { DrillRun, SuiteRun } from "./result.ts";
import { type EngineTiming, runDrill } from "./run-drill.ts";
import type { Shard } from "./select.ts";

/** An environment a worker runs its drills in, and how to give it back (down, or restore someone else's). */
export interface LeasedEnvironment {
  readonly environment: DrillEnvironment;
  release(): Promise<void>;
}

export interface SuiteOptions {
  readonly drills: readonly Drill[];
  readonly runbook: Runbook;
  /** A responder per drill run. */
  readonly responder: () => Responder;
  /** Environments side by side (each worker provisions its own, reused between its drills). */
  readonly parallel: number;
  /** Provisions worker `index`'s environment. */
  readonly environment: (index: number) => Promise<LeasedEnvironment>;
  readonly mode?: "ci" | "run";
  readonly signal?: AbortSignal;
  readonly shard?: Shard;
  readonly timing?: Partial<EngineTiming>;
  /** Each drill as it ends (progress lines). */
  readonly onRun?: (run: DrillRun) => void;
}

function notRun(drill: Drill, reason: string): DrillRun {
  return {
    drill: { id: drill.id, title: drill.title, scenario: drill.scenario, tags: drill.tags },
    runId: randomUUID(),
    startedAt: new Date().toISOString(),
    durationMs: 0,
    environment: "",
    outcome: "interrupted",
    error: reason,
    journal: [],
  };
}

/**
 * Runs drills on `parallel` environments: each worker provisions one
 * environment when it takes its first drill, runs drills one after another
 * on it (reset between drills), and releases it at the end — also on an
 * abort, after the drill in progress has rolled back. Drills an abort kept
 * from starting are reported as interrupted. Runs come back in drill order.
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const startedAt = new Date();
  const startedMs = performance.now();
  const queue = options.drills.map((drill, order) => ({ drill, order }));
  const runs: (DrillRun | undefined)[] = new Array(options.drills.length);
  const workers = Math.max(1, Math.min(options.parallel, options.drills.length));
  const failures: unknown[] = [];

  const work = async (index: number): Promise<void> => {
    let leased: LeasedEnvironment | undefined;
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (options.signal?.aborted) {
          runs[next.order] = notRun(next.drill, "not run: interrupted");
          continue;
        }
        try {
          leased ??= await options.environment(index);
        } catch (error) {
          runs[next.order] = { ...notRun(next.drill, `environment could not start: ${error instanceof Error ? error.message : String(error)}`), outcome: "error" };
          failures.push(error);
          continue;
        }
        const run = await runDrill({
          drill: next.drill,
          runbook: options.runbook,
          environment: leased.environment,
          responder: options.responder(),
          mode: options.mode ?? "ci",
          ...(options.signal !== undefined && { signal: options.signal }),
          ...(options.timing !== undefined && { timing: options.timing }),
        });
        runs[next.order] = run;
        options.onRun?.(run);
      }
    } finally {
      if (leased !== undefined) {
        await restoreTarget(leased.environment).catch(() => {});
        await leased.release();
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_unused, index) => work(index)));
  return {
    runId: randomUUID(),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    ...(options.shard !== undefined && { shard: options.shard }),
    runs: runs.map((run, order) => run ?? notRun(options.drills[order]!, "not run")),
  };
}
