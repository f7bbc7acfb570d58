import type { Drill } from "../drills/drill-schema.ts";
import { withoutAnswers } from "../drills/public-view.ts";
import type { DrillEnvironment } from "../engine/drill-environment.ts";
import type { DrillRun } from "../engine/result.ts";
import { runDrill, type RunDrillOptions } from "../engine/run-drill.ts";
import type { JournalEvent } from "../journal/events.ts";
import type { Runbook } from "../runbook/model.ts";
import { startControlApi } from "./control-api.ts";
import { LiveSession } from "./live-session.ts";
import { removeSessionFile, writeSessionFile } from "./session-file.ts";

export interface TrainingOptions {
  readonly drill: Drill;
  readonly runbook: Runbook;
  readonly environment: DrillEnvironment;
  /** The unannounced wait before the fault goes in. */
  readonly injectDelayMs: number;
  readonly signal?: AbortSignal;
  readonly seed?: number;
  readonly watch?: RunDrillOptions["watch"];
  /** The control API is up and its session file written: the trainee can start. */
  readonly onReady?: (info: { readonly url: string }) => void;
  readonly onEvent?: (event: JournalEvent) => void;
}

/**
 * One live training drill: the control API for `firedrill respond`, its
 * session file in the environment's directory, and the engine in live mode
 * with people as the responder. Resolves with the scored run; the API and
 * the session file are gone by then.
 */
export async function runTraining(options: TrainingOptions): Promise<DrillRun> {
  const session = new LiveSession(withoutAnswers(options.drill));
  const api = await startControlApi(session, options.runbook);
  const stateDir = options.environment.descriptor().stateDir;
  try {
    await writeSessionFile(stateDir, { url: api.url, token: api.token, drill: options.drill.id, pid: process.pid });
    options.onReady?.({ url: api.url });
    const run = await runDrill({
      drill: options.drill,
      runbook: options.runbook,
      environment: options.environment,
      responder: session.responder(),
      mode: "train",
      injectDelayMs: options.injectDelayMs,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.signal !== undefined && { signal: options.signal }),
      ...(options.watch !== undefined && { watch: options.watch }),
      ...(options.onEvent !== undefined && { onEvent: options.onEvent }),
    });
    session.finish({ outcome: run.outcome, ...(run.score !== undefined && { total: run.score.total, max: run.score.max }) });
    return run;
  } finally {
    await removeSessionFile(stateDir);
    await api.close();
  }
}
