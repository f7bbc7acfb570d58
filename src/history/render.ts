import { formatMs } from "../scoring/incident.ts";
import type { Change, Figures, Occasion, TimeStats, Trend, Trends } from "./trends.ts";

const NONE = "-";

/** `4.2s / 3.0s`: mean / median, over the runs that have the time. */
const time = (stats: TimeStats) => (stats.meanMs === undefined || stats.medianMs === undefined ? NONE : `${formatMs(stats.meanMs)} / ${formatMs(stats.medianMs)}`);
const percent = (value: number | undefined) => (value === undefined ? NONE : `${Math.round(value)}%`);
const signed = (value: number, text: string) => `${value > 0 ? "+" : value < 0 ? "-" : "±"}${text}`;

/** `gd-q3 72% → gd-q4 91% (+19 pts, MTTA -40s)`: first occasion against last. */
function trendCell(trend: Trend): string {
  const first = trend.occasions[0];
  const last = trend.occasions[trend.occasions.length - 1];
  if (first === undefined || last === undefined || trend.change === undefined) return NONE;
  return `${first.id} ${percent(first.scorePct)} → ${last.id} ${percent(last.scorePct)}${changeNote(trend.change)}`;
}

function changeNote(change: Change): string {
  const parts = [
    ...(change.scorePct === undefined ? [] : [`${signed(change.scorePct, String(Math.abs(Math.round(change.scorePct))))} pts`]),
    ...(change.mttaMs === undefined ? [] : [`MTTA ${signed(change.mttaMs, formatMs(Math.abs(change.mttaMs)))}`]),
    ...(change.mttrMs === undefined ? [] : [`MTTR ${signed(change.mttrMs, formatMs(Math.abs(change.mttrMs)))}`]),
  ];
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

const figureCells = (figures: Figures) => [String(figures.runs), time(figures.mttd), time(figures.mtta), time(figures.mttr), percent(figures.scorePct)];

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

const FIGURES = ["RUNS", "MTTD", "MTTA", "MTTR", "SCORE"];

function trendTable(title: string, trends: readonly Trend[]): string {
  return table([title, ...FIGURES, "TREND (first → last)"], trends.map((trend) => [trend.name, ...figureCells(trend), trendCell(trend)]));
}

function occasionTable(occasions: readonly Occasion[]): string {
  return table(
    ["GAME DAY / DATE", "DAY", "TEAMS", "PEOPLE", ...FIGURES],
    occasions.map((occasion) => [occasion.id, occasion.date, occasion.teams.join(",") || NONE, occasion.people.join(",") || NONE, ...figureCells(occasion)]),
  );
}

/** The tables `firedrill history` prints: people, teams, and occasions (a person's own, when the view is of one person). */
export function renderTrends(trends: Trends, options: { person?: string } = {}): string {
  const sections = [`${trends.runs} run(s). Times: mean / median, from the fault's injection; a person's MTTA is their own first response.`];
  if (trends.people.length > 0) sections.push(`People\n${trendTable("PERSON", trends.people)}`);
  if (trends.teams.length > 0) sections.push(`Teams\n${trendTable("TEAM", trends.teams)}`);
  const person = options.person === undefined ? undefined : trends.people.find((trend) => trend.name === options.person);
  const occasions = person?.occasions ?? trends.occasions;
  sections.push(`${person === undefined ? "By game day (or day)" : `${person.name} by game day (or day)`}\n${occasionTable(occasions)}`);
  return sections.join("\n\n");
}
