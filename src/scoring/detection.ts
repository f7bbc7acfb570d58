import type { Drill } from "../drills/drill-schema.ts";
import { afterInjection, formatMs, type Incident, probeResults, responderEvents } from "./incident.ts";
import type { DetectionPart } from "./score-model.ts";
import type { Weights } from "./weights.ts";

/**
 * Detection: did the diagnostics the answer key expects fire, each within
 * its time after injection; and how soon did the responder show up (the
 * first ack, classification, escalation, update, action or resolve claim).
 */
export function scoreDetection(incident: Incident, drill: Drill, weights: Weights): DetectionPart {
  const notes: string[] = [];
  const probes = drill.answers.detection.map((expected) => {
    const fired = probeResults(incident, "detection", expected.id).find((result) => result.matched);
    const firedAfterMs = fired === undefined ? undefined : afterInjection(incident, fired.atMs);
    const inTime = firedAfterMs !== undefined && firedAfterMs <= expected.withinMs;
    if (firedAfterMs === undefined) notes.push(`detection probe "${expected.id}" (${expected.probe}) never fired; it should within ${formatMs(expected.withinMs)} of the injection`);
    else if (!inTime) notes.push(`detection probe "${expected.id}" (${expected.probe}) fired after ${formatMs(firedAfterMs)}, later than its ${formatMs(expected.withinMs)}`);
    return { id: expected.id, probe: expected.probe, withinMs: expected.withinMs, ...(firedAfterMs !== undefined && { firedAfterMs }), inTime };
  });
  const fireTimes = probes.flatMap((probe) => (probe.firedAfterMs === undefined ? [] : [probe.firedAfterMs]));
  const inTimeCount = probes.filter((probe) => probe.inTime).length;

  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  const first = responderEvents(incident).find((event) => event.atMs >= from);
  const timeToAcknowledgeMs = first === undefined ? undefined : afterInjection(incident, first.atMs);
  let ackPoints = 0;
  if (timeToAcknowledgeMs === undefined) notes.push("nobody acknowledged the incident");
  else if (timeToAcknowledgeMs <= incident.responseTimeMs) ackPoints = weights.detection.acknowledgement;
  else {
    ackPoints = weights.detection.acknowledgement * weights.partialCredit;
    notes.push(`acknowledged after ${formatMs(timeToAcknowledgeMs)}, beyond ${drill.answers.severity.best}'s response time of ${formatMs(incident.responseTimeMs)}`);
  }
  const diagnosticsPoints = probes.length === 0 ? 0 : (weights.detection.diagnostics * inTimeCount) / probes.length;
  return {
    points: diagnosticsPoints + ackPoints,
    max: weights.detection.diagnostics + weights.detection.acknowledgement,
    notes,
    detected: inTimeCount > 0,
    allFired: probes.length > 0 && inTimeCount === probes.length,
    ...(fireTimes.length > 0 && { timeToDetectMs: Math.min(...fireTimes) }),
    ...(timeToAcknowledgeMs !== undefined && { timeToAcknowledgeMs }),
    probes,
  };
}
