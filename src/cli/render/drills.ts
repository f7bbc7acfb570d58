import { escalationDue, type LoadedDrill, type RunbookCoverage, withoutAnswers } from "../../drills/index.ts";
import type { Runbook, Scenario } from "../../runbook/index.ts";

const scenarioOf = (runbook: Runbook, id: string): Scenario | undefined => runbook.scenarios.find((scenario) => scenario.id === id);
const scenarioLabel = (runbook: Runbook, id: string) => {
  const scenario = scenarioOf(runbook, id);
  return scenario === undefined ? id : `${scenario.number}. ${scenario.title}`;
};
const faultKinds = (drill: LoadedDrill) => [...new Set(drill.faults.map((fault) => fault.kind))];
/** `redis` or `cache-down (redis)`: the id only where it says more than the kind. */
const named = (id: string, kind: string) => (id === kind || id === kind.replace(/\./g, "-") ? kind : `${id} (${kind})`);
const params = (value: Readonly<Record<string, unknown>>) => (Object.keys(value).length === 0 ? "" : ` ${JSON.stringify(value)}`);
const duration = (ms: number | undefined) => (ms === undefined ? "any time" : ms === 0 ? "0s" : ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** One row per drill, no answers: what `firedrill list --json` prints. */
export function drillSummaries(drills: readonly LoadedDrill[], runbook: Runbook) {
  return drills.map((drill) => {
    const scenario = scenarioOf(runbook, drill.scenario);
    return { id: drill.id, title: drill.title, scenario: { id: drill.scenario, number: scenario?.number, title: scenario?.title }, faultKinds: faultKinds(drill), file: drill.file };
  });
}

export function renderDrillTable(drills: readonly LoadedDrill[], runbook: Runbook): string {
  const rows = drills.map((drill) => [drill.id, scenarioLabel(runbook, drill.scenario), drill.title, faultKinds(drill).join(", ")]);
  const header = ["DRILL", "SCENARIO", "TITLE", "FAULTS"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ");
  return [line(header), ...rows.map(line), `${drills.length} drills`].join("\n");
}

/** The drill as `firedrill show --json` prints it: without the answer key unless asked for. */
export function drillView(drill: LoadedDrill, runbook: Runbook, answers: boolean) {
  if (!answers) return withoutAnswers(drill);
  return { ...drill, escalationDue: drill.answers.escalation.map((entry) => escalationDue(entry, drill, runbook)) };
}

export function renderDrill(drill: LoadedDrill, runbook: Runbook, answers: boolean): string {
  const lines = [
    `${drill.id}: ${drill.title}`,
    `  file        ${drill.file}`,
    `  scenario    ${scenarioLabel(runbook, drill.scenario)} (${drill.scenario})`,
    ...(drill.timeLimitMs === undefined ? [] : [`  time limit  ${duration(drill.timeLimitMs)}`]),
    ...(drill.tags.length === 0 ? [] : [`  tags        ${drill.tags.join(", ")}`]),
    "",
    ...(drill.briefing === undefined ? [] : ["Briefing:", `  ${drill.briefing}`, ""]),
    "Description:",
    `  ${drill.description}`,
    "",
    "Faults:",
    ...drill.faults.map((fault) => `  ${named(fault.id, fault.kind)}${fault.target === undefined ? "" : ` on ${fault.target}`}${params(fault.params)} at ${duration(fault.atMs)}${fault.after === undefined ? "" : ` after ${fault.after}`}`),
    "Steady state:",
    ...drill.steadyState.map((probe) => `  ${named(probe.id, probe.probe)}${params(probe.params)}`),
    `Hints: ${drill.answers.hints.length}`,
  ];
  if (answers) lines.push("", ...renderAnswers(drill, runbook));
  else lines.push("", `The answer key is hidden: firedrill show ${drill.id} --answers`);
  return lines.join("\n");
}

function renderAnswers(drill: LoadedDrill, runbook: Runbook): string[] {
  const key = drill.answers;
  const timed = (probe: (typeof key.detection)[number]) => `  ${named(probe.id, probe.probe)}${params(probe.params)} within ${duration(probe.withinMs)}`;
  return [
    "Answer key:",
    `  severity    best ${key.severity.best}, accepted ${key.severity.accepted.join(", ")}`,
    `              ${key.severity.why}`,
    `  component   ${key.component.join(" or ")}`,
    "Escalation:",
    ...(key.escalation.length === 0 ? ["  none"] : key.escalation.map((entry) => {
      const due = escalationDue(entry, drill, runbook);
      return `  ${due.level} due ${due.dueAfterMs === undefined ? "any time" : `after ${duration(due.dueAfterMs)}`}${due.onlyIfUnresolved ? " if still unresolved" : ""}${due.when === "" ? "" : ` (${due.when})`}`;
    })),
    "Detection:",
    ...key.detection.map(timed),
    "Recovery:",
    ...key.recovery.map(timed),
    "Remediation:",
    ...(key.remediation.length === 0 ? ["  none"] : key.remediation.map((step) => `  ${step.action}${params(step.params)} (runbook step ${step.runbookSteps.join(", ")})${step.optional ? " optional" : ""}`)),
    "Runbook commands:",
    ...(key.runbookCommands.length === 0 ? ["  none"] : key.runbookCommands.map((entry) => `  $ ${entry.command}`)),
    ...(key.hints.length === 0 ? [] : ["Hints:", ...key.hints.map((hint) => `  (-${hint.cost}) ${hint.text}`)]),
  ];
}

export function renderCoverage(coverage: RunbookCoverage, runbook: Runbook): string {
  const lines = [`runbook ${runbook.file}:`];
  for (const scenario of coverage.scenarios) {
    const label = scenarioLabel(runbook, scenario.id);
    lines.push(`  ${scenario.drills.length === 0 ? "NO DRILL" : "ok      "} ${label}: ${scenario.drills.length === 0 ? "no drill rehearses it" : scenario.drills.join(", ")}`);
  }
  const exercised = coverage.commands.length - coverage.commandsNotExercised.length;
  lines.push(`diagnosis commands: ${exercised} of ${coverage.commands.length} exercised by a drill`);
  for (const command of coverage.commandsNotExercised) lines.push(`  NOT EXERCISED ${runbook.file}:${command.line} (${command.scenario}): ${command.command}`);
  const gaps = coverage.scenariosWithoutDrill.length + coverage.commandsNotExercised.length;
  lines.push(gaps === 0 ? "runbook check: every scenario has a drill and every diagnosis command is exercised" : `runbook check: ${coverage.scenariosWithoutDrill.length} scenario(s) without a drill, ${coverage.commandsNotExercised.length} diagnosis command(s) not exercised`);
  return lines.join("\n");
}
