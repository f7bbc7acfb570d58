import type { Drill } from "../drills/drill-schema.ts";
import type { Runbook } from "../runbook/model.ts";
import { findScenario, procedureOf } from "../runbook/queries.ts";
import { formatMs } from "../scoring/incident.ts";
import type { Score } from "../scoring/score-model.ts";
import type { JournalEvent } from "../journal/events.ts";
import { injectedAtMs } from "../journal/queries.ts";

/**
 * What a trainee reads at the end: what went well and what to do next
 * time, each tied to the runbook (its severity table, matrix, resolution
 * steps and diagnosis commands). Built from the score only.
 */
export function feedbackFor(score: Score, drill: Drill, runbook: Runbook, journal: readonly JournalEvent[] = []): string[] {
  const lines: string[] = [];
  const scenario = findScenario(runbook, drill.scenario);
  const steps = scenario === undefined ? [] : procedureOf(scenario);
  const { detection, classification, escalation, resolution, communication, penalties, diagnosis } = score;
  if (detection.timeToAcknowledgeMs !== undefined) lines.push(`You acknowledged ${formatMs(detection.timeToAcknowledgeMs)} after the fault began (${drill.answers.severity.best}: respond within ${formatMs(resolution.responseTimeMs)}).`);
  const severity = classification.severity;
  if (severity.verdict === "best") lines.push(`Severity ${severity.given}: right. ${drill.answers.severity.why}`);
  else if (severity.verdict === "accepted") lines.push(`Severity ${severity.given}: accepted, but ${severity.best} fits best. ${drill.answers.severity.why}`);
  else if (severity.verdict === "wrong") lines.push(`Severity ${severity.given}: not right; the severity table gives ${severity.best}. ${drill.answers.severity.why}`);
  else lines.push(`You did not classify the incident; the severity table gives ${severity.best}. ${drill.answers.severity.why}`);
  if (classification.component.verdict !== "right") lines.push(`The component at fault was ${classification.component.accepted.join(" or ")}${classification.component.given ? `, not ${classification.component.given}` : ""}.`);
  for (const level of escalation.levels) {
    if (level.status === "missing" || level.status === "late") lines.push(`Escalation ${level.level} (${level.when}): ${level.status === "missing" ? "not made" : `made late, after ${formatMs(level.escalatedAfterMs ?? 0)}`}.`);
  }
  for (const step of resolution.remediation) {
    const words = step.runbookSteps.map((number) => `step ${number} ("${steps.find((each) => each.number === number)?.text ?? "?"}")`).join(", ");
    if (step.takenAfterMs !== undefined) lines.push(`Runbook ${words}: taken after ${formatMs(step.takenAfterMs)}.`);
    else if (!step.optional) lines.push(`Runbook ${words}: not taken — it is what fixes this (${step.action}).`);
  }
  lines.push(...diagnosisOrder(score, drill, runbook, journal));
  const shown = diagnosis.commands.filter((command) => command.status === "showed-fault");
  if (shown.length > 0) lines.push(`The runbook's diagnosis would have shown the fault: ${shown.map((command) => `\`${command.command}\``).join(", ")}.`);
  for (const part of [detection, resolution, communication]) lines.push(...part.notes);
  for (const item of penalties.items) lines.push(`−${item.cost} points: ${item.detail}.`);
  lines.push(resolution.recovered ? `Recovered after ${formatMs(resolution.timeToRecoverMs ?? 0)}, verified by the recovery probes.` : "The recovery probes never agreed the incident was over.");
  return [...new Set(lines)];
}

/**
 * Diagnosis before action: did the responder run one of the scenario's
 * diagnosis commands (in `firedrill env shell`) before taking the first
 * resolution step? The runbook lists them first for a reason.
 */
function diagnosisOrder(score: Score, drill: Drill, runbook: Runbook, journal: readonly JournalEvent[]): string[] {
  const injected = injectedAtMs(journal);
  const firstStep = [...score.resolution.remediation].filter((step) => step.takenAfterMs !== undefined).sort((a, b) => a.takenAfterMs! - b.takenAfterMs!)[0];
  if (injected === undefined || firstStep === undefined) return [];
  const scenario = findScenario(runbook, drill.scenario);
  const theirs = new Set((scenario?.diagnosis ?? []).map((command) => command.command));
  const ran = journal.flatMap((event) => (event.kind === "command" && event.runbookCommand !== undefined && theirs.has(event.runbookCommand) ? [{ afterMs: event.atMs - injected, command: event.runbookCommand }] : []));
  const before = ran.filter((entry) => entry.afterMs <= firstStep.takenAfterMs!);
  const step = `step ${firstStep.runbookSteps.join("/")} (${firstStep.action})`;
  if (before.length > 0) return [`You ran the runbook's diagnosis (${[...new Set(before.map((entry) => `\`${entry.command}\``))].join(", ")}) before taking ${step}: the order the runbook sets.`];
  const showing = score.diagnosis.commands.filter((command) => command.status === "showed-fault" && theirs.has(command.command)).map((command) => `\`${command.command}\``);
  return [`You took ${step} after ${formatMs(firstStep.takenAfterMs!)} before running any of the scenario's diagnosis commands${showing.length > 0 ? `; ${showing.join(", ")} would have shown the fault first` : ""}.`];
}
