import type { DrillOutcome, DrillRun } from "../../engine/result.ts";
import { formatMs } from "../../scoring/incident.ts";
import { escapeHtml, tag } from "./escape.ts";
import { badge, htmlTable } from "./html-table.ts";
import { actorsOf } from "./responder-events.ts";
import { standingsOf } from "./standings.ts";

/** The top of a game-day report: the tally, the responders ranked, and every run with a link to its section. */
export function scoreboardSection(runs: readonly DrillRun[], anchorOf: (index: number) => string): string {
  const standings = standingsOf(runs);
  const board =
    standings.length === 0
      ? tag("p", { class: "muted" }, "No responder acted in these runs.")
      : htmlTable(
          ["#", "Responder", "Runs", "Passed", "Points", "Mean time to respond", "Resolved (verified)", "False claims", "Hints"],
          standings.map((standing, index) => [
            `${index + 1}`,
            escapeHtml(standing.actor),
            `${standing.runs}`,
            `${standing.passed}`,
            `${standing.points}/${standing.max}`,
            standing.meanResponseMs === undefined ? "—" : escapeHtml(formatMs(standing.meanResponseMs)),
            `${standing.verifiedClaims}`,
            `${standing.falseClaims}`,
            `${standing.hints}`,
          ]),
          { num: [0, 2, 3, 4, 5, 6, 7, 8] },
        );
  const runsTable = htmlTable(
    ["Drill", "Outcome", "Points", "Responders"],
    runs.map((run, index) => [
      tag("a", { href: `#${anchorOf(index)}` }, escapeHtml(run.drill.title)) + ` ${tag("code", {}, escapeHtml(run.drill.id))}`,
      badge(run.outcome),
      run.score === undefined ? "—" : `${run.score.total}/${run.score.max}`,
      escapeHtml(actorsOf(run).join(", ") || "—"),
    ]),
    { num: [2] },
  );
  return tag("section", { class: "scoreboard" }, `<h2>Scoreboard</h2>${tag("p", { class: "sub" }, escapeHtml(tally(runs)))}${board}<h3>Runs</h3>${runsTable}`);
}

function tally(runs: readonly DrillRun[]): string {
  const counts = new Map<DrillOutcome, number>();
  for (const run of runs) counts.set(run.outcome, (counts.get(run.outcome) ?? 0) + 1);
  return `${runs.length} runs: ${[...counts].map(([outcome, count]) => `${count} ${outcome}`).join(", ")}`;
}
