import type { Drill } from "../drills/drill-schema.ts";
import type { DrillRun } from "../engine/result.ts";
import { eventsOf, injectedAtMs } from "../journal/queries.ts";
import type { ReviewTemplate, Runbook } from "../runbook/model.ts";
import { findScenario, findSeverity, procedureOf } from "../runbook/queries.ts";
import { formatMs } from "../scoring/incident.ts";
import { incidentTimeline, utcTimeOf } from "./html/incident-timeline.ts";
import { actorsOf } from "./html/responder-events.ts";
import { cell, code } from "./markdown.ts";
import { safeText } from "./text.ts";

/** "After every P1 or P2 incident, conduct a post-incident review" (the runbook's Post-Incident Review). */
const REVIEWED_SEVERITIES: readonly string[] = ["P1", "P2"];

/** For a runbook without a review template. */
const DEFAULT_TEMPLATE: ReviewTemplate = { sections: ["Summary", "Timeline", "Root Cause", "Action Items"].map((title) => ({ title, prompts: [], line: 0 })) };

type Section = ReviewTemplate["sections"][number];
interface Context {
  readonly run: DrillRun;
  readonly drill: Drill;
  readonly runbook: Runbook;
  readonly severity: string;
  readonly origin: number;
}

/**
 * A Markdown post-incident review draft for a P1 or P2 incident — the
 * severity the responder classified it as, else the answer key's best —
 * in the sections of the runbook's review template, prefilled from the
 * journal: the summary, a timeline in UTC, root-cause prompts with the faults
 * injected, and action items from missed runbook steps, blind runbook
 * commands and detection probes that did not fire. undefined for P3/P4.
 */
export function renderReviewDraft(run: DrillRun, drill: Drill, runbook: Runbook): string | undefined {
  const classified = eventsOf(run.journal, "classify").pop()?.severity.toUpperCase();
  const severity = classified ?? drill.answers.severity.best;
  if (!REVIEWED_SEVERITIES.includes(severity)) return undefined;
  const context: Context = { run, drill, runbook, severity, origin: injectedAtMs(run.journal) ?? 0 };
  const sections = (runbook.review ?? DEFAULT_TEMPLATE).sections.map((section, index) => {
    const filler = fillerOf(section);
    // Sections whose prefill answers other questions keep the template's prompts as a guide on top.
    const guide = filler.asksPrompts || section.prompts.length === 0 ? [] : [`> ${section.prompts.map(text).join(" · ")}`];
    return [`## ${index + 1}. ${text(section.title)}`, ...guide, filler.render(context, section)].join("\n\n");
  });
  const header = [`# Post-incident review: ${text(run.drill.title)}`, `_Draft prefilled by firedrill from run ${code(safeText(run.runId))} of drill ${code(safeText(run.drill.id))}; edit before sharing._`];
  return `${[...header, ...sections].join("\n\n")}\n`;
}

interface Filler {
  readonly render: (context: Context, section: Section) => string;
  /** It writes the template's prompts as questions to answer. */
  readonly asksPrompts: boolean;
}

/** What firedrill can prefill, by the section's title; a section it does not know keeps its prompts as questions. */
function fillerOf(section: Section): Filler {
  if (/summary/i.test(section.title)) return { render: summary, asksPrompts: false };
  if (/timeline/i.test(section.title)) return { render: timeline, asksPrompts: false };
  if (/cause/i.test(section.title)) return { render: rootCause, asksPrompts: true };
  if (/action/i.test(section.title)) return { render: actionItems, asksPrompts: false };
  return { render: (_context, { prompts }) => (prompts.length === 0 ? "_To write._" : questions(prompts)), asksPrompts: true };
}

const questions = (prompts: readonly string[]) => prompts.map((prompt) => `- **${text(prompt)}** _To answer._`).join("\n");

function summary({ run, drill, runbook, severity, origin }: Context): string {
  const known = findSeverity(runbook, severity);
  const classified = eventsOf(run.journal, "classify").pop();
  const recoverMs = run.score?.resolution.timeToRecoverMs;
  const endMs = recoverMs === undefined ? run.durationMs : origin + recoverMs;
  const scenario = findScenario(runbook, drill.scenario);
  return [
    `- **What happened:** ${text(drill.title)}${drill.briefing === undefined ? "" : `. ${text(drill.briefing)}`}`,
    `- **Severity:** ${text(severity)}${known === undefined ? "" : ` (${text(known.name)})`}${classified === undefined ? ", the answer key's (nobody classified it)" : `, classified by ${text(classified.actor)}`}; best per the answer key: ${text(drill.answers.severity.best)}`,
    `- **Component:** ${text(classified?.component ?? drill.answers.component.join(" or "))}${scenario === undefined ? "" : ` (runbook scenario ${scenario.number}. ${text(scenario.title)})`}`,
    `- **Started:** ${utcTimeOf(run, origin)} (fault injected)`,
    `- **Ended:** ${utcTimeOf(run, endMs)} (${recoverMs === undefined ? "not recovered by the end of the drill" : "recovery verified"})`,
    `- **Duration:** ${formatMs(endMs - origin)}`,
    `- **Customer impact:** ${text(drill.description)}`,
    `- **Responders:** ${text(actorsOf(run).join(", ") || "none")}`,
  ].join("\n");
}

function timeline({ run }: Context): string {
  const score = run.score;
  const ms = (value: number | undefined) => (value === undefined ? "never" : formatMs(value));
  const facts = [
    `- **Detection time:** ${ms(score?.detection.timeToDetectMs)}`,
    `- **Response time:** ${ms(score?.detection.timeToAcknowledgeMs)}`,
    `- **Resolution time:** ${ms(score?.resolution.timeToRecoverMs)}${score === undefined ? "" : ` (response time allowed: ${formatMs(score.resolution.responseTimeMs)})`}`,
  ];
  const rows = incidentTimeline(run).map((entry) => `| ${utcTimeOf(run, entry.atMs)} | +${formatMs(entry.afterMs)} | ${cell(text(entry.label))} |`);
  return [...facts, "", "| Time (UTC) | Since injection | Event |", "|---|---|---|", ...rows].join("\n");
}

function rootCause({ run, drill, origin }: Context, section: Section): string {
  const faults = eventsOf(run.journal, "fault-injected")
    .filter((event) => event.error === undefined)
    .map((event) => `  - ${code(safeText(event.fault))}: ${code(safeText(event.faultKind))}${event.target === undefined ? "" : ` on ${text(event.target)}`}${event.params === undefined || Object.keys(event.params).length === 0 ? "" : ` ${code(safeText(JSON.stringify(event.params)))}`}, at ${utcTimeOf(run, event.atMs)} (+${formatMs(event.atMs - origin)})`);
  const prompts = section.prompts.length > 0 ? section.prompts : ["What was the direct cause?", "What were contributing factors?", "Why wasn't this prevented?"];
  return [
    `- **Faults injected by the drill:**`,
    ...(faults.length === 0 ? ["  - none"] : faults),
    `- **Component at fault:** ${text(drill.answers.component.join(" or "))}`,
    questions(prompts),
  ].join("\n");
}

function actionItems({ run, drill, runbook, origin }: Context): string {
  const score = run.score;
  const taken = eventsOf(run.journal, "action")
    .filter((event) => event.ok && event.atMs >= origin)
    .map((event) => `- [x] ${code(safeText(event.action))} by ${text(event.actor)}${event.source === "observed" ? " (observed)" : ""}, ${utcTimeOf(run, event.atMs)} (+${formatMs(event.atMs - origin)})`);
  const scenario = findScenario(runbook, drill.scenario);
  const steps = scenario === undefined ? [] : procedureOf(scenario);
  const missed = (score?.resolution.remediation ?? [])
    .filter((entry) => entry.takenAfterMs === undefined && !entry.optional)
    .map((entry) => `- [ ] Runbook ${entry.runbookSteps.map((number) => `step ${number}${quoted(steps.find((step) => step.number === number)?.text)}`).join(", ")} was not taken (${code(safeText(entry.action))}): why, and does the runbook make it clear enough?`);
  const blind = (score?.diagnosis.commands ?? [])
    .filter((command) => command.status === "blind")
    .map((command) => `- [ ] Runbook command ${code(safeText(command.command))} did not show the fault: fix the command or what the runbook says it shows`);
  const unseen = (score?.detection.probes ?? [])
    .filter((probe) => !probe.inTime)
    .map((probe) => `- [ ] Detection probe ${code(safeText(probe.id))} (${text(probe.probe)}) ${probe.firedAfterMs === undefined ? "never fired" : `fired only after ${formatMs(probe.firedAfterMs)}`} (expected within ${formatMs(probe.withinMs)}): improve the monitoring`);
  const todo = [...missed, ...blind, ...unseen];
  return [
    "**Immediate fixes applied:**",
    "",
    ...(taken.length === 0 ? ["- none recorded"] : taken),
    "",
    "**Follow-ups:**",
    "",
    ...(todo.length === 0 ? ["- [ ] _None prefilled: add preventive measures, monitoring and documentation updates._"] : todo),
  ].join("\n");
}

function quoted(step: string | undefined): string {
  return step === undefined ? "" : ` (“${text(step.replace(/\*\*/g, ""))}”)`;
}

/** Free text from a drill or journal: no control characters, HTML-significant characters as entities. */
function text(value: string): string {
  return safeText(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
