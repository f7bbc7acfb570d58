import { normalizeCommand } from "../runbook/diagnosis-commands.ts";
import type { Runbook } from "../runbook/model.ts";
import type { Drill } from "./drill-schema.ts";

/** How much of a runbook the drills rehearse: `firedrill runbook check`. */
export interface RunbookCoverage {
  readonly scenarios: readonly { readonly id: string; readonly title: string; readonly drills: readonly string[] }[];
  readonly commands: readonly { readonly scenario: string; readonly command: string; readonly line: number; readonly drills: readonly string[] }[];
  /** Scenario ids no drill rehearses. */
  readonly scenariosWithoutDrill: readonly string[];
  /** Diagnosis commands no drill exercises (runbookCommands). */
  readonly commandsNotExercised: readonly { readonly scenario: string; readonly command: string; readonly line: number }[];
}

export function runbookCoverage(runbook: Runbook, drills: readonly Pick<Drill, "id" | "scenario" | "answers">[]): RunbookCoverage {
  const scenarios = runbook.scenarios.map((scenario) => ({ id: scenario.id, title: scenario.title, drills: drills.filter((drill) => drill.scenario === scenario.id).map((drill) => drill.id) }));
  const commands = runbook.scenarios.flatMap((scenario) =>
    scenario.diagnosis.map((command) => ({
      scenario: scenario.id,
      command: command.command,
      line: command.line,
      drills: drills
        .filter((drill) => drill.scenario === scenario.id && drill.answers.runbookCommands.some((entry) => normalizeCommand(entry.command) === normalizeCommand(command.command)))
        .map((drill) => drill.id),
    })),
  );
  return {
    scenarios,
    commands,
    scenariosWithoutDrill: scenarios.filter((scenario) => scenario.drills.length === 0).map((scenario) => scenario.id),
    commandsNotExercised: commands.filter((command) => command.drills.length === 0).map(({ scenario, command, line }) => ({ scenario, command, line })),
  };
}
