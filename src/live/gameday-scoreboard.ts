import type { DrillRun } from "../engine/result.ts";
import { actorsOf, standingsOf } from "../reports/html/index.ts";
import { padColumns, safeText } from "../reports/text.ts";
import { formatMs } from "../scoring/incident.ts";
import type { GameDayView } from "./gameday-session.ts";

const table = (rows: readonly (readonly string[])[]) => padColumns(rows.map((row) => row.map(safeText))).map((row) => `  ${row.join("  ")}`.trimEnd());

/** The end of a game day in the terminal: the responders ranked, then every incident. */
export function renderScoreboard(runs: readonly DrillRun[]): string {
  const standings = standingsOf(runs);
  const responders =
    standings.length === 0
      ? ["  nobody responded"]
      : table([
          ["#", "responder", "incidents", "passed", "points", "mean response", "resolved", "false claims", "hints"],
          ...standings.map((standing, index) => [
            `${index + 1}`,
            standing.actor,
            `${standing.runs}`,
            `${standing.passed}`,
            `${standing.points}/${standing.max}`,
            standing.meanResponseMs === undefined ? "-" : formatMs(standing.meanResponseMs),
            `${standing.verifiedClaims}`,
            `${standing.falseClaims}`,
            `${standing.hints}`,
          ]),
        ]);
  const incidents = table([
    ["incident", "drill", "outcome", "points", "responders"],
    ...runs.map((run, index) => [`${index + 1}`, run.drill.id, run.outcome, run.score === undefined ? "-" : `${run.score.total}/${run.score.max}`, actorsOf(run).join(", ") || "-"]),
  ]);
  return ["Scoreboard: responders", ...responders, "", "Scoreboard: incidents", ...incidents].join("\n");
}

/** `firedrill gameday status`: one line per incident. */
export function renderGameDayView(view: GameDayView): string {
  const header = `game day ${view.gameday}${view.team === undefined ? "" : ` (team ${view.team})`}: ${view.state}${view.seed === undefined ? "" : `, seed ${view.seed}`}`;
  const rows = table([
    ["incident", "state", "drill", "injected", "responders", "score"],
    ...view.incidents.map((incident) => [
      `${incident.incident}`,
      incident.outcome === undefined ? incident.state : `${incident.state} (${incident.outcome})`,
      incident.drill ?? "(hidden)",
      incident.injectedAt?.slice(11, 19) ?? "-",
      incident.actors.join(", ") || "-",
      incident.score === undefined ? "-" : `${incident.score.total}/${incident.score.max}${incident.score.final ? "" : " so far"}`,
    ]),
  ]);
  return [header, ...rows].join("\n");
}
