import type { Drill } from "../drills/drill-schema.ts";
import type { JournalEvent } from "../journal/events.ts";
import type { Runbook } from "../runbook/model.ts";
import { scoreClassification } from "./classification.ts";
import { scoreCommunication } from "./communication.ts";
import { scoreDetection } from "./detection.ts";
import { scoreDiagnosis } from "./diagnosis.ts";
import { scoreEscalation } from "./escalation.ts";
import { incidentOf } from "./incident.ts";
import { scorePenalties } from "./penalties.ts";
import { recoveryOf } from "./recovery.ts";
import { scoreResolution } from "./resolution.ts";
import type { Part, Score } from "./score-model.ts";
import { verdictOf, invalidReasons } from "./verdict.ts";
import { DEFAULT_WEIGHTS, maxPoints, roundPoints, type Weights } from "./weights.ts";

export interface ScoreOptions {
  /**
   * Score as of this journal time (ms since its start) — a live view of a
   * drill still running: deadlines not yet passed are "pending", not missed.
   * Default: the journal's end.
   */
  readonly asOfMs?: number;
  readonly weights?: Weights;
}

/**
 * A drill run's score: a pure function of its journal, its drill's answer
 * key and the runbook. No clock, no randomness, events taken in seq order:
 * the same journal always gets the same score.
 */
export function score(journal: readonly JournalEvent[] | { readonly events: readonly JournalEvent[] }, drill: Drill, runbook: Runbook, options: ScoreOptions = {}): Score {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const events = "events" in journal ? journal.events : journal;
  const incident = incidentOf(events, drill, runbook, options.asOfMs);
  const invalid = invalidReasons(incident, drill);
  const recovery = recoveryOf(incident, drill);
  const detection = rounded(scoreDetection(incident, drill, weights));
  const classification = rounded(scoreClassification(incident, drill, weights));
  const escalation = rounded(scoreEscalation(incident, drill, runbook, recovery, weights));
  const resolution = rounded(scoreResolution(incident, drill, runbook, recovery, weights));
  const communication = rounded(scoreCommunication(incident, runbook, weights));
  const penalties = scorePenalties(incident, drill, runbook, resolution.claims, weights);
  const diagnosis = scoreDiagnosis(incident, drill);
  const max = maxPoints(weights);
  const earned = detection.points + classification.points + escalation.points + resolution.points + communication.points;
  const verdict = verdictOf(invalid, { detection, classification, resolution, diagnosis });
  return {
    drill: drill.id,
    runId: incident.start.runId,
    total: verdict.status === "invalid" ? 0 : roundPoints(Math.min(max, Math.max(0, earned - penalties.points))),
    max,
    verdict,
    detection,
    classification,
    escalation,
    resolution,
    communication,
    penalties: { ...penalties, points: roundPoints(penalties.points) },
    diagnosis,
  };
}

function rounded<P extends Part>(part: P): P {
  return { ...part, points: roundPoints(part.points) };
}
