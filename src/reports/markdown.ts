import type { DrillOutcome, SuiteRun } from "../engine/result.ts";
import { type DrillFacts, factsOf, msText, tallyLine } from "./facts.ts";
import { safeText } from "./text.ts";

const OUTCOME_MARKS: Readonly<Record<DrillOutcome, string>> = { passed: "✅", failed: "❌", invalid: "⚠️", error: "⚠️", interrupted: "⏹️" };

/**
 * `report.md`: for a CI job summary (`$GITHUB_STEP_SUMMARY`) or a pull
 * request comment. A heading with the tally, one table row per drill
 * (outcome, time to detect, classification, escalation, recovery, points),
 * a section per drill that did not pass with its reasons, and a table of the
 * runbook's diagnosis commands with their verdicts. Text from the run is
 * escaped: `|` in table cells, HTML-significant `&<>` outside code.
 */
export function renderMarkdown(suite: SuiteRun): string {
  const facts = suite.runs.map(factsOf);
  const shard = suite.shard === undefined ? "" : `, shard ${suite.shard.index}/${suite.shard.total}`;
  const blocks = [`## firedrill: ${text(tallyLine(suite))}`, `Run ${code(safeText(suite.runId))}: ${suite.runs.length} drills in ${msText(suite.durationMs)}${shard}.`];
  if (facts.length > 0) blocks.push(summaryTable(facts));
  blocks.push(...facts.filter((run) => run.outcome !== "passed").map(failingSection));
  const commands = commandsTable(facts);
  if (commands !== undefined) blocks.push(`### Runbook commands\n\n${commands}`);
  return `${blocks.join("\n\n")}\n`;
}

function summaryTable(facts: readonly DrillFacts[]): string {
  return table(
    ["", "Drill", "Outcome", "TTD", "Classification", "Escalation", "Recovery", "Points"],
    facts.map((run) => [OUTCOME_MARKS[run.outcome], `${code(run.id)} ${text(run.title)}`, run.outcome, run.detection, text(run.severity), text(run.escalation), run.recovery, run.points]),
  );
}

function failingSection(run: DrillFacts): string {
  const reasons = run.reasons.map((reason) => `- ${text(reason).replace(/\n/g, "\n  ")}`);
  return [`### ${OUTCOME_MARKS[run.outcome]} ${code(run.id)}: ${text(run.title).replace(/\n/g, " ")} (${run.outcome})`, "", `Scenario ${code(run.scenario)}.`, "", ...reasons].join("\n");
}

function commandsTable(facts: readonly DrillFacts[]): string | undefined {
  const rows = facts.flatMap((run) => run.commands.map((command) => [code(run.id), code(command.command), command.status, msText(command.ranAfterMs)]));
  return rows.length === 0 ? undefined : table(["Drill", "Command", "Verdict", "Ran after"], rows);
}

/** A GFM table; every cell is Markdown already, made table-safe here. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/**
 * A cell: `|` escaped — also inside code spans, where GFM removes the
 * backslash again before rendering — and newlines as `<br>`.
 */
export function cell(markdown: string): string {
  return markdown.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}

/** Free text from a run: HTML-significant characters as entities, the rest (backticks in reasons) left as Markdown. */
function text(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A code span that holds any text: a fence longer than any run of backticks inside, padded where it starts or ends with one. */
export function code(value: string): string {
  const flat = value.replace(/\n/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
