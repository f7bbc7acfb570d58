import type { Drill } from "../../drills/drill-schema.ts";
import type { DrillRun } from "../../engine/result.ts";
import { startOf } from "../../journal/queries.ts";
import type { Runbook } from "../../runbook/model.ts";
import { findScenario } from "../../runbook/queries.ts";
import { formatMs } from "../../scoring/incident.ts";
import { breakdownTable } from "./breakdown.ts";
import { commandsTable } from "./commands-table.ts";
import { escapeHtml, tag } from "./escape.ts";
import { badge, htmlTable } from "./html-table.ts";
import { incidentTimeline, utcTimeOf } from "./incident-timeline.ts";
import { penaltiesTable } from "./penalties-table.ts";
import { responseBandOf } from "./response-band.ts";
import { stepsTable } from "./runbook-steps.ts";
import { actorsOf } from "./responder-events.ts";
import { timelineSvg } from "./timeline-svg.ts";

/**
 * One drill run: its heading and facts, the timeline against the response
 * band (as a chart and as a table), the score breakdown, the runbook steps
 * taken and missed, the diagnosis commands and the penalties. Without its
 * drill (not passed in) the section says so and draws from the score alone.
 */
export function drillSection(run: DrillRun, drill: Drill | undefined, runbook: Runbook, anchor: string): string {
  const score = run.score;
  const heading = `${escapeHtml(run.drill.title)} ${badge(run.outcome)}${score === undefined ? "" : tag("span", { class: "score" }, `${score.total}/${score.max}`)}`;
  const blocks = [tag("h2", {}, heading), metaLine(run, runbook)];
  if (drill?.briefing !== undefined) blocks.push(tag("p", { class: "briefing" }, `<strong>Briefing:</strong> ${escapeHtml(drill.briefing)}`));
  if (drill === undefined) blocks.push(tag("p", { class: "muted" }, escapeHtml(`Drill "${run.drill.id}" was not given to the report: its answer key is not shown.`)));
  if (run.error !== undefined) blocks.push(tag("p", { class: "run-error" }, escapeHtml(run.error)));
  blocks.push("<h3>Timeline</h3>", timelineBlock(run, drill, runbook));
  if (score === undefined) {
    blocks.push(tag("p", { class: "muted" }, "No score: the run ended before its journal had anything to score."));
  } else {
    blocks.push(
      "<h3>Score breakdown</h3>",
      breakdownTable(run, score),
      "<h3>Runbook steps taken and missed</h3>",
      stepsTable(score, runbook, run.drill.scenario),
      "<h3>Runbook diagnosis commands</h3>",
      commandsTable(score, runbook, run.drill.scenario),
      "<h3>Penalties</h3>",
      penaltiesTable(score),
    );
  }
  return tag("section", { class: "drill", id: anchor, "data-drill": run.drill.id }, blocks.join("\n"));
}

function metaLine(run: DrillRun, runbook: Runbook): string {
  const start = startOf(run.journal);
  const scenario = findScenario(runbook, run.drill.scenario);
  const facts = [
    tag("code", {}, escapeHtml(run.drill.id)),
    escapeHtml(`scenario ${scenario === undefined ? run.drill.scenario : `${scenario.number}. ${scenario.title}`}`),
    escapeHtml(`run ${run.runId}, ${run.environment}`),
    escapeHtml(`started ${utcTimeOf(run, 0)}, ${formatMs(run.durationMs)}`),
    ...(start === undefined ? [] : [escapeHtml(`mode ${start.mode}${start.timeScale === 1 ? "" : `, time scale ${start.timeScale}`}`)]),
    escapeHtml(`responders: ${actorsOf(run).join(", ") || "none"}`),
  ];
  return tag("p", { class: "meta" }, facts.join(" · "));
}

function timelineBlock(run: DrillRun, drill: Drill | undefined, runbook: Runbook): string {
  const entries = incidentTimeline(run);
  if (entries.length === 0) return tag("p", { class: "muted" }, "Nothing happened: no fault was injected.");
  const table = htmlTable(
    ["After injection", "Time (UTC)", "What"],
    entries.map((entry) => [escapeHtml(entry.afterMs < 0 ? `−${formatMs(-entry.afterMs)}` : `+${formatMs(entry.afterMs)}`), escapeHtml(utcTimeOf(run, entry.atMs)), escapeHtml(entry.label)]),
    { num: [0] },
  );
  return timelineSvg(entries, responseBandOf(run, drill, runbook)) + tag("details", {}, `<summary>The timeline as a table</summary>${table}`);
}
