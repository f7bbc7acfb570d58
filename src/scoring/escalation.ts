import type { Drill } from "../drills/drill-schema.ts";
import { escalationDue } from "../drills/escalation-due.ts";
import { eventsOf } from "../journal/queries.ts";
import type { Runbook } from "../runbook/model.ts";
import { afterInjection, formatMs, type Incident } from "./incident.ts";
import type { Recovery } from "./recovery.ts";
import type { EscalationPart, EscalationStatus } from "./score-model.ts";
import type { Weights } from "./weights.ts";

/**
 * Escalation: each level the answer key expects, by its due time (the
 * matrix's, scaled by the run's time scale). A "not resolved in" level is
 * not needed when recovery came first. Unexpected levels are penalties.
 */
export function scoreEscalation(incident: Incident, drill: Drill, runbook: Runbook, recovery: Recovery, weights: Weights): EscalationPart {
  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  const escalations = eventsOf(incident.events, "escalate").filter((event) => event.atMs >= from);
  const notes: string[] = [];
  const levels = drill.answers.escalation.map((entry) => {
    const due = escalationDue(entry, drill, runbook);
    const dueAfterMs = due.dueAfterMs === undefined ? undefined : due.dueAfterMs / incident.timeScale;
    const escalated = escalations.find((event) => event.level.toUpperCase() === due.level);
    const escalatedAfterMs = escalated === undefined ? undefined : afterInjection(incident, escalated.atMs);
    const deadlineAtMs = dueAfterMs === undefined ? undefined : from + dueAfterMs;
    const resolvedInTime = recovery.recoveredAtMs !== undefined && deadlineAtMs !== undefined && recovery.recoveredAtMs <= deadlineAtMs;
    const deadlinePassed = deadlineAtMs === undefined ? incident.ended : incident.asOfMs >= deadlineAtMs;
    let status: EscalationStatus;
    if (escalatedAfterMs !== undefined) status = dueAfterMs === undefined || escalatedAfterMs <= dueAfterMs ? "on-time" : "late";
    else if (due.onlyIfUnresolved && resolvedInTime) status = "not-needed";
    else status = deadlinePassed ? "missing" : "pending";
    if (status === "late") notes.push(`escalated to ${due.level} after ${formatMs(escalatedAfterMs ?? 0)}; it was due within ${formatMs(dueAfterMs ?? 0)} (${due.when})`);
    if (status === "missing") notes.push(`no escalation to ${due.level}: ${due.when}${dueAfterMs === undefined ? "" : ` — due within ${formatMs(dueAfterMs)}`}`);
    return { level: due.level, when: due.when, ...(dueAfterMs !== undefined && { dueAfterMs }), onlyIfUnresolved: due.onlyIfUnresolved, ...(escalatedAfterMs !== undefined && { escalatedAfterMs }), status };
  });
  const counted = levels.filter((level) => level.status === "on-time" || level.status === "late" || level.status === "missing");
  const credit = counted.reduce((sum, level) => sum + (level.status === "on-time" ? 1 : level.status === "late" ? weights.partialCredit : 0), 0);
  return {
    points: counted.length === 0 ? weights.escalation : (weights.escalation * credit) / counted.length,
    max: weights.escalation,
    notes,
    levels,
  };
}

/** Escalations to levels the answer key does not expect (a level the matrix calls for on every incident never counts). */
export function unexpectedEscalations(incident: Incident, drill: Drill, runbook: Runbook): { level: string; atMs: number }[] {
  const expected = new Set(drill.answers.escalation.map((entry) => entry.level));
  const always = new Set(runbook.escalation.filter((level) => level.conditions.some((condition) => condition.kind === "always")).map((level) => level.id));
  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  return eventsOf(incident.events, "escalate").flatMap((event) => {
    const level = event.level.toUpperCase();
    if (event.atMs < from || expected.has(level) || always.has(level) || seen.has(level)) return [];
    seen.add(level);
    return [{ level, atMs: event.atMs }];
  });
}
