import { FiredrillError } from "../errors.ts";
import { normalizeCommand } from "./diagnosis-commands.ts";
import type { DiagnosisCommand, EscalationLevel, Runbook, RunbookStep, Scenario, Severity } from "./model.ts";

export function findScenario(runbook: Runbook, id: string): Scenario | undefined {
  return runbook.scenarios.find((scenario) => scenario.id === id);
}

/** The scenario, or NOT_FOUND listing the runbook's scenario ids. */
export function getScenario(runbook: Runbook, id: string): Scenario {
  const scenario = findScenario(runbook, id);
  if (scenario !== undefined) return scenario;
  throw new FiredrillError("NOT_FOUND", `runbook ${runbook.file}: no scenario "${id}"; scenarios: ${runbook.scenarios.map((each) => each.id).join(", ")}`);
}

export function findSeverity(runbook: Runbook, id: string): Severity | undefined {
  return runbook.severities.find((severity) => severity.id === id.toUpperCase());
}

export function findLevel(runbook: Runbook, id: string): EscalationLevel | undefined {
  return runbook.escalation.find((level) => level.id === id.toUpperCase());
}

/** What a responder does: the resolution steps, or the immediate actions for a scenario that has only those. */
export function procedureOf(scenario: Scenario): readonly RunbookStep[] {
  return scenario.resolution.length > 0 ? scenario.resolution : scenario.immediateActions;
}

export function findDiagnosisCommand(scenario: Scenario, command: string): DiagnosisCommand | undefined {
  const wanted = normalizeCommand(command);
  return scenario.diagnosis.find((each) => normalizeCommand(each.command) === wanted);
}

/** Every diagnosis command with its scenario, in runbook order. */
export function allDiagnosisCommands(runbook: Runbook): { readonly scenario: Scenario; readonly command: DiagnosisCommand }[] {
  return runbook.scenarios.flatMap((scenario) => scenario.diagnosis.map((command) => ({ scenario, command })));
}
