import type { Drill } from "../../drills/drill-schema.ts";
import type { DrillRun } from "../../engine/result.ts";
import { startOf } from "../../journal/queries.ts";
import type { Runbook } from "../../runbook/model.ts";
import { findSeverity } from "../../runbook/queries.ts";
import { formatMs } from "../../scoring/incident.ts";

/** The best severity's response time, the window a responder has: what the timeline is drawn against. */
export interface ResponseBand {
  readonly severity: string;
  /** The runbook's response time divided by the journal's time scale. */
  readonly ms: number;
  /** `P2 (High) response time 1 hour`, `… 1 hour ÷ 60 (time scale) = 60s`. */
  readonly text: string;
}

/** undefined when neither the drill nor the score names a best severity the runbook knows. */
export function responseBandOf(run: DrillRun, drill: Drill | undefined, runbook: Runbook): ResponseBand | undefined {
  const best = drill?.answers.severity.best ?? run.score?.classification.severity.best;
  const severity = best === undefined ? undefined : findSeverity(runbook, best);
  if (severity === undefined) return undefined;
  const timeScale = startOf(run.journal)?.timeScale ?? 1;
  const ms = severity.responseTimeMs / timeScale;
  const scaled = timeScale === 1 ? "" : ` ÷ ${timeScale} (time scale) = ${formatMs(ms)}`;
  return { severity: severity.id, ms, text: `${severity.id} (${severity.name}) response time ${severity.responseTimeText}${scaled}` };
}
