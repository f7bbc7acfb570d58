import type { Drill } from "../../drills/drill-schema.ts";
import type { DrillRun } from "../../engine/result.ts";
import type { Runbook } from "../../runbook/model.ts";
import { drillSection } from "./drill-section.ts";
import { escapeHtml, tag } from "./escape.ts";
import { scoreboardSection } from "./scoreboard.ts";
import { REPORT_CSS } from "./styles.ts";

export interface HtmlReportInput {
  /** One run: a drill report; several: a game day, with a scoreboard on top. */
  readonly runs: readonly DrillRun[];
  /** The drills by id, answer keys included. */
  readonly drills: ReadonlyMap<string, Drill> | Readonly<Record<string, Drill>>;
  readonly runbook: Runbook;
  /** Default: the drill's title for one run, "Game day" for several. */
  readonly title?: string;
}

/**
 * One self-contained HTML file (inline CSS and SVG, no script, nothing
 * fetched): per run a timeline against the best severity's response time,
 * the score breakdown, the runbook steps taken and missed, the diagnosis
 * commands and the penalties; for several runs a scoreboard first. All text
 * from drills and journals is escaped.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { runs, runbook } = input;
  const title = input.title ?? (runs.length === 1 ? `Drill report: ${runs[0]!.drill.title}` : "Game day report");
  const anchorOf = (index: number) => `run-${index + 1}`;
  const sections = runs.map((run, index) => drillSection(run, drillOf(input.drills, run.drill.id), runbook, anchorOf(index)));
  const body = [
    tag("header", {}, tag("h1", {}, escapeHtml(title)) + tag("p", { class: "sub" }, escapeHtml(`firedrill · runbook “${runbook.title}” · ${runs.length === 1 ? "1 run" : `${runs.length} runs`}`))),
    ...(runs.length > 1 ? [scoreboardSection(runs, anchorOf)] : []),
    ...(runs.length === 0 ? [tag("p", { class: "muted" }, "No runs.")] : sections),
  ].join("\n");
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>`,
    `<body>\n${body}\n</body>`,
    "</html>",
    "",
  ].join("\n");
}

function drillOf(drills: HtmlReportInput["drills"], id: string): Drill | undefined {
  if (drills instanceof Map) return drills.get(id);
  const record = drills as Readonly<Record<string, Drill>>;
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
