import type { DrillOutcome, SuiteRun } from "../engine/result.ts";
import { type DrillFacts, factsOf, msText, NONE, OUTCOME_SYMBOLS, tallyLine, tallyOf } from "./facts.ts";
import { padColumns, safeText } from "./text.ts";

export interface ConsoleOptions {
  /** ANSI colours; the CLI passes `process.stdout.isTTY`. */
  readonly color: boolean;
}

const ANSI = { green: 32, red: 31, yellow: 33, dim: 2 } as const;
type Paint = (style: keyof typeof ANSI, text: string) => string;
const OUTCOME_STYLE: Readonly<Record<DrillOutcome, keyof typeof ANSI>> = { passed: "green", failed: "red", invalid: "yellow", error: "yellow", interrupted: "yellow" };
const COMMAND_STYLE: Readonly<Record<DrillFacts["commands"][number]["status"], keyof typeof ANSI>> = { "showed-fault": "green", ran: "green", blind: "red", "not-run": "dim" };

/**
 * The terminal summary: one line per drill (outcome, id, time to detect,
 * severity given against the answer key, time to recover, points), the
 * reasons of each drill that did not pass, the runbook's diagnosis commands
 * per drill with their verdict, and a last line `N passed, M failed (ids…)`.
 * Ends with a newline.
 */
export function renderConsole(suite: SuiteRun, options: ConsoleOptions): string {
  const paint: Paint = options.color ? (style, text) => `\x1b[${ANSI[style]}m${text}\x1b[0m` : (_style, text) => text;
  const facts = suite.runs.map(factsOf);
  const lines = [...drillLines(facts, paint), ...reasonLines(facts, paint), ...commandLines(facts, paint)];
  const tally = tallyLine(suite);
  lines.push(paint(tallyOf(suite).notPassed.length === 0 && suite.runs.length > 0 ? "green" : "red", tally));
  const shard = suite.shard === undefined ? "" : `, shard ${suite.shard.index}/${suite.shard.total}`;
  lines.push(paint("dim", `run ${safeText(suite.runId)} in ${msText(suite.durationMs)}${shard}`));
  return `${lines.join("\n")}\n`;
}

function drillLines(facts: readonly DrillFacts[], paint: Paint): string[] {
  const rows = facts.map((run) => [
    `${OUTCOME_SYMBOLS[run.outcome]} ${run.outcome}`,
    run.id,
    run.detection === "not detected" ? run.detection : labelled("detected", run.detection),
    labelled("severity", run.severity),
    run.recovery === "not recovered" ? run.recovery : labelled("recovered", run.recovery),
    run.points === NONE ? NONE : `${run.points} points`,
  ]);
  return padColumns(rows).map(([outcome, ...rest], index) => [paint(OUTCOME_STYLE[facts[index]!.outcome], outcome!), ...rest].join("  "));
}

function reasonLines(facts: readonly DrillFacts[], paint: Paint): string[] {
  const failing = facts.filter((run) => run.outcome !== "passed");
  if (failing.length === 0) return [];
  return ["", ...failing.flatMap((run) => [paint(OUTCOME_STYLE[run.outcome], `${OUTCOME_SYMBOLS[run.outcome]} ${run.id} (${run.outcome}):`), ...run.reasons.map((reason) => `    - ${indent(reason, "      ")}`)])];
}

function commandLines(facts: readonly DrillFacts[], paint: Paint): string[] {
  const withCommands = facts.filter((run) => run.commands.length > 0);
  if (withCommands.length === 0) return [""];
  const lines = ["", "Runbook commands:"];
  for (const run of withCommands) {
    lines.push(`  ${run.id}`);
    const rows = run.commands.map((command) => [command.status, command.command]);
    padColumns(rows).forEach(([status, command], index) => lines.push(`    ${paint(COMMAND_STYLE[run.commands[index]!.status], status!)}  ${command}`));
  }
  return [...lines, ""];
}

/** `detected 2s`; a bare `—` when the run has no score, not `detected —`. */
function labelled(label: string, value: string): string {
  return value === NONE ? NONE : `${label} ${value}`;
}

/** Continuation lines of a multi-line reason, indented under its first. */
function indent(text: string, prefix: string): string {
  return text.split("\n").join(`\n${prefix}`);
}
