import type { Drill } from "../drills/drill-schema.ts";
import { eventsOf } from "../journal/queries.ts";
import type { Runbook } from "../runbook/model.ts";
import { unexpectedEscalations } from "./escalation.ts";
import { afterInjection, type Incident } from "./incident.ts";
import { paramsMatch } from "./params-match.ts";
import type { PenaltiesPart, ResolutionPart } from "./score-model.ts";
import type { Weights } from "./weights.ts";

type Item = PenaltiesPart["items"][number];

/**
 * What costs points: hints taken (at the answer key's price), resolve claims
 * the probes contradicted, actions the answer key says to avoid, other
 * destructive actions, and escalations to levels the incident did not call for.
 */
export function scorePenalties(incident: Incident, drill: Drill, runbook: Runbook, claims: ResolutionPart["claims"], weights: Weights): PenaltiesPart {
  const items: Item[] = [];
  for (const hint of eventsOf(incident.events, "hint")) {
    const cost = drill.answers.hints[hint.index]?.cost ?? hint.cost;
    items.push({ kind: "hint", afterMs: afterInjection(incident, hint.atMs), cost, detail: `hint ${hint.index + 1}` });
  }
  for (const claim of claims.filter((each) => each.verdict === "false")) {
    items.push({ kind: "false-claim", afterMs: claim.afterMs, cost: weights.penalties.falseClaim, detail: `${claim.actor} declared it resolved while the recovery probes failed` });
  }
  for (const action of eventsOf(incident.events, "action")) {
    const avoided = drill.answers.avoid.find((entry) => entry.action === action.action && (entry.params === undefined || paramsMatch(entry.params, action.params ?? {})));
    const afterMs = afterInjection(incident, action.atMs);
    if (avoided !== undefined) {
      items.push({ kind: "avoided-action", afterMs, cost: avoided.cost, detail: `${action.action}: ${avoided.why}` });
      continue;
    }
    const expected = drill.answers.remediation.some((entry) => entry.action === action.action);
    if (action.destructive === true && !expected) {
      items.push({ kind: "destructive-action", afterMs, cost: weights.penalties.destructiveAction, detail: `${action.action} is destructive and not part of this incident's remediation` });
    }
  }
  for (const escalation of unexpectedEscalations(incident, drill, runbook)) {
    items.push({ kind: "unexpected-escalation", afterMs: afterInjection(incident, escalation.atMs), cost: weights.penalties.unexpectedEscalation, detail: `escalated to ${escalation.level}, which this incident does not call for` });
  }
  return { points: items.reduce((sum, item) => sum + item.cost, 0), items };
}
