import type { Runbook } from "../../runbook/model.ts";
import { findDiagnosisCommand, findScenario } from "../../runbook/queries.ts";
import { formatMs } from "../../scoring/incident.ts";
import type { Score } from "../../scoring/score-model.ts";
import { escapeHtml, tag } from "./escape.ts";
import { badge, htmlTable } from "./html-table.ts";

/** The runbook's diagnosis commands this drill exercises, with the runbook's comment on each and what it showed. */
export function commandsTable(score: Score, runbook: Runbook, scenarioId: string): string {
  const commands = score.diagnosis.commands;
  if (commands.length === 0) return tag("p", { class: "muted" }, "This drill exercises none of the runbook's diagnosis commands.");
  const scenario = findScenario(runbook, scenarioId);
  return htmlTable(
    ["Command", "Runbook says", "Verdict", "Ran after"],
    commands.map((command) => [
      tag("code", {}, escapeHtml(command.command)),
      escapeHtml((scenario === undefined ? undefined : findDiagnosisCommand(scenario, command.command))?.comments.join(" ") ?? ""),
      badge(command.status),
      command.ranAfterMs === undefined ? "—" : escapeHtml(formatMs(command.ranAfterMs)),
    ]),
    { num: [3] },
  );
}
