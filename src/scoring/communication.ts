import { eventsOf } from "../journal/queries.ts";
import type { Runbook } from "../runbook/model.ts";
import { readStatusUpdate } from "../runbook/status-update.ts";
import { afterInjection, type Incident } from "./incident.ts";
import type { CommunicationPart } from "./score-model.ts";
import type { Weights } from "./weights.ts";

/**
 * Communication: status updates read against the runbook's Internal Status
 * Update template — every field filled (Status one of its choices) and the
 * severity in the headline. The most complete update counts.
 */
export function scoreCommunication(incident: Incident, runbook: Runbook, weights: Weights): CommunicationPart {
  const template = runbook.statusUpdate;
  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  const items = template.fields.length + 1;
  const updates = eventsOf(incident.events, "status-update")
    .filter((event) => event.atMs >= from)
    .map((event) => {
      const reading = readStatusUpdate(event.text, template);
      const filled = template.fields.length - reading.missing.length - reading.invalid.length + (reading.severity === undefined ? 0 : 1);
      return {
        afterMs: afterInjection(incident, event.atMs),
        actor: event.actor,
        ...(reading.severity !== undefined && { severity: reading.severity }),
        missing: [...reading.missing, ...(reading.severity === undefined ? ["severity (headline)"] : [])],
        invalid: reading.invalid,
        coverage: Math.max(0, filled) / items,
      };
    });
  const best = updates.reduce<(typeof updates)[number] | undefined>((winner, update) => (winner === undefined || update.coverage > winner.coverage ? update : winner), undefined);
  const notes: string[] = [];
  if (best === undefined) notes.push(`no status update; the runbook's template asks for ${template.fields.map((field) => field.name).join(", ")} under "${template.headline}"`);
  else {
    if (best.missing.length > 0) notes.push(`the most complete status update lacks ${best.missing.join(", ")}`);
    for (const invalid of best.invalid) notes.push(`${invalid.field} "${invalid.value}" is not one of ${invalid.allowed.join(", ")}`);
  }
  return { points: weights.communication * (best?.coverage ?? 0), max: weights.communication, notes, updates };
}
