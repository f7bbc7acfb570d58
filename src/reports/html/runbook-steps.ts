import type { Runbook, RunbookStep } from "../../runbook/model.ts";
import { findScenario, procedureOf } from "../../runbook/queries.ts";
import { formatMs } from "../../scoring/incident.ts";
import type { Score } from "../../scoring/score-model.ts";
import { escapeHtml, tag } from "./escape.ts";
import { badge, htmlTable } from "./html-table.ts";
import { inlineMarkdown } from "./inline-markdown.ts";

type Remediation = Score["resolution"]["remediation"][number];
export type StepStatus = "taken" | "missed" | "optional" | "not-required";

/** One step of the scenario's procedure and what the run did about it. */
export interface StepOutcome {
  readonly number: number;
  /** As the runbook writes it; undefined when the answer key cites a step the runbook does not have. */
  readonly text?: string;
  readonly status: StepStatus;
  readonly actions: readonly Remediation[];
}

/**
 * The scenario's resolution steps (its immediate actions when it has no
 * resolution), each with the answer key's actions citing it: taken (when),
 * missed, optional and not taken, or not required by this drill. Steps the
 * answer key cites but the runbook lacks come last.
 */
export function stepOutcomes(score: Score, runbook: Runbook, scenarioId: string): StepOutcome[] {
  const scenario = findScenario(runbook, scenarioId);
  const steps: readonly RunbookStep[] = scenario === undefined ? [] : procedureOf(scenario);
  const remediation = score.resolution.remediation;
  const cited = [...new Set(remediation.flatMap((entry) => entry.runbookSteps))].filter((number) => !steps.some((step) => step.number === number));
  const rows = [...steps.map((step) => ({ number: step.number, text: step.text })), ...cited.sort((a, b) => a - b).map((number) => ({ number }))];
  return rows.map((row) => {
    const actions = remediation.filter((entry) => entry.runbookSteps.includes(row.number));
    return { ...row, actions, status: statusOf(actions) };
  });
}

function statusOf(actions: readonly Remediation[]): StepStatus {
  if (actions.length === 0) return "not-required";
  if (actions.some((action) => action.takenAfterMs !== undefined)) return "taken";
  return actions.every((action) => action.optional) ? "optional" : "missed";
}

export function stepsTable(score: Score, runbook: Runbook, scenarioId: string): string {
  const rows = stepOutcomes(score, runbook, scenarioId);
  if (rows.length === 0) return tag("p", { class: "muted" }, "The runbook scenario has no resolution steps.");
  return htmlTable(
    ["Step", "Runbook", "Done", "Action"],
    rows.map((row) => [
      `${row.number}`,
      row.text === undefined ? tag("span", { class: "muted" }, "not in the runbook") : inlineMarkdown(row.text),
      stepStatusHtml(row),
      row.actions.map((action) => tag("code", {}, escapeHtml(action.action))).join(" "),
    ]),
    { num: [0], rowClass: (index) => (rows[index]!.status === "not-required" ? "not-required" : undefined) },
  );
}

function stepStatusHtml(row: StepOutcome): string {
  switch (row.status) {
    case "taken": {
      const afterMs = Math.min(...row.actions.flatMap((action) => (action.takenAfterMs === undefined ? [] : [action.takenAfterMs])));
      return `${badge("taken")} after ${escapeHtml(formatMs(afterMs))}`;
    }
    case "missed":
      return badge("missed");
    case "optional":
      return `${badge("not-run", "optional")} not taken`;
    case "not-required":
      return "not required here";
  }
}
