import type { Drill } from "../drills/drill-schema.ts";
import { eventsOf } from "../journal/queries.ts";
import { afterInjection, type Incident } from "./incident.ts";
import type { ClassificationPart } from "./score-model.ts";
import type { Weights } from "./weights.ts";

/**
 * Classification: the responder's latest classification counts (they may
 * revise it); the best severity earns full points, another accepted one
 * partial credit; the component must be one the answer key accepts.
 */
export function scoreClassification(incident: Incident, drill: Drill, weights: Weights): ClassificationPart {
  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  const classifications = eventsOf(incident.events, "classify").filter((event) => event.atMs >= from);
  const latest = classifications[classifications.length - 1];
  const { best, accepted } = drill.answers.severity;
  const components = drill.answers.component;
  const notes: string[] = [];

  const given = latest?.severity.toUpperCase();
  const severityVerdict = given === undefined ? "missing" : given === best ? "best" : accepted.includes(given) ? "accepted" : "wrong";
  const severityPoints = severityVerdict === "best" ? weights.classification.severity : severityVerdict === "accepted" ? weights.classification.severity * weights.partialCredit : 0;
  if (severityVerdict === "missing") notes.push(`no classification; expected ${best} (${drill.answers.severity.why})`);
  else if (severityVerdict !== "best") notes.push(`classified ${given}; ${severityVerdict === "accepted" ? "accepted, but" : "not accepted:"} the best is ${best} — ${drill.answers.severity.why}`);

  const component = latest?.component?.toLowerCase();
  const componentVerdict = component === undefined ? "missing" : (components as readonly string[]).includes(component) ? "right" : "wrong";
  if (componentVerdict === "missing" && latest !== undefined) notes.push(`the classification names no component; expected ${components.join(" or ")}`);
  if (componentVerdict === "wrong") notes.push(`component ${component} is not the one at fault: ${components.join(" or ")}`);

  const first = classifications[0];
  return {
    points: severityPoints + (componentVerdict === "right" ? weights.classification.component : 0),
    max: weights.classification.severity + weights.classification.component,
    notes,
    ...(first !== undefined && { classifiedAfterMs: afterInjection(incident, first.atMs) }),
    severity: { ...(given !== undefined && { given }), best, accepted, verdict: severityVerdict },
    component: { ...(component !== undefined && { given: component }), accepted: components, verdict: componentVerdict },
  };
}
