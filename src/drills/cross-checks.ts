import { normalizeCommand } from "../runbook/diagnosis-commands.ts";
import type { Runbook, Scenario } from "../runbook/model.ts";
import { findDiagnosisCommand, findScenario, findSeverity, procedureOf } from "../runbook/queries.ts";
import { didYouMean, type Issue } from "../schema/index.ts";
import type { Drill } from "./drill-schema.ts";
import { checkPlaceholders } from "./templates.ts";

/**
 * What the schema alone cannot say: references between a drill's parts and
 * into its runbook scenario. Paths use the drill file's own keys.
 */
export function crossCheck(drill: Drill, runbook: Runbook): Issue[] {
  const issues: Issue[] = [];
  const scenario = findScenario(runbook, drill.scenario);
  checkFaults(drill, issues);
  checkSeverity(drill, runbook, scenario, issues);
  checkEscalation(drill, issues);
  checkUnique(drill.steadyState, ["steadyState"], "probe", issues);
  checkUnique(drill.answers.detection, ["answers", "detection"], "probe", issues);
  checkUnique(drill.answers.recovery, ["answers", "recovery"], "probe", issues);
  if (scenario !== undefined) {
    checkSteps(drill, scenario, issues);
    checkCommands(drill, scenario, issues);
  }
  const faultIds = drill.faults.map((fault) => fault.id);
  drill.faults.forEach((fault, index) => checkPlaceholders(fault.params, ["faults", index, "params"], faultIds, issues));
  drill.steadyState.forEach((probe, index) => checkPlaceholders(probe.params, ["steadyState", index, "params"], faultIds, issues));
  for (const list of ["detection", "recovery", "remediation"] as const) {
    drill.answers[list].forEach((item, index) => checkPlaceholders(item.params, ["answers", list, index, "params"], faultIds, issues));
  }
  return issues;
}

function checkFaults(drill: Drill, issues: Issue[]): void {
  checkUnique(drill.faults, ["faults"], "fault", issues);
  const ids = drill.faults.map((fault) => fault.id);
  drill.faults.forEach((fault, index) => {
    if (fault.after === undefined) return;
    const earlier = ids.slice(0, index);
    if (!earlier.includes(fault.after)) {
      const fix = didYouMean(fault.after, earlier);
      issues.push({ path: ["faults", index, "after"], message: `"${fault.after}" is not a fault listed before this one`, allowed: earlier, ...(fix !== undefined && { fix }) });
    }
  });
  const levels = drill.answers.escalation.map((entry) => entry.level);
  drill.faults.forEach((fault, index) => {
    if (fault.revertOn !== undefined && !levels.includes(fault.revertOn.escalation)) {
      issues.push({
        path: ["faults", index, "revertOn", "escalation"],
        message: `the fault waits for an escalation to ${fault.revertOn.escalation}, which answers.escalation does not expect`,
        allowed: levels,
        fix: `add { level: ${fault.revertOn.escalation} } to answers.escalation`,
      });
    }
  });
}

function checkSeverity(drill: Drill, runbook: Runbook, scenario: Scenario | undefined, issues: Issue[]): void {
  const { accepted, best, why } = drill.answers.severity;
  if (!accepted.includes(best)) issues.push({ path: ["answers", "severity", "best"], message: `${best} is not one of the accepted severities`, allowed: accepted });
  const row = findSeverity(runbook, best);
  if (row !== undefined) {
    // "Complete service outage or data loss": either half is a citation.
    const parts = row.definition.split(/,|\bor\b|\band\b/).map((part) => part.trim());
    const citations = [...new Set([row.definition, ...parts, ...row.examples])].filter((text) => text !== "");
    if (!citations.some((text) => why.toLowerCase().includes(text.toLowerCase()))) {
      issues.push({
        path: ["answers", "severity", "why"],
        message: `does not cite the severity table's row for ${best}`,
        allowed: citations,
        fix: `quote its definition ("${row.definition}") or one of its examples`,
      });
    }
  }
  const required = scenario?.escalation?.severity;
  if (required !== undefined && best !== required) {
    issues.push({ path: ["answers", "severity", "best"], message: `the runbook's scenario "${scenario?.title}" says ${required} ("${scenario?.escalation?.text}"), not ${best}`, allowed: [required] });
  }
}

function checkEscalation(drill: Drill, issues: Issue[]): void {
  const seen = new Set<string>();
  drill.answers.escalation.forEach((entry, index) => {
    if (seen.has(entry.level)) issues.push({ path: ["answers", "escalation", index, "level"], message: `${entry.level} is expected twice; keep one entry per level` });
    seen.add(entry.level);
  });
}

function checkSteps(drill: Drill, scenario: Scenario, issues: Issue[]): void {
  const procedure = procedureOf(scenario);
  const allowed = procedure.map((step) => `${step.number}: ${step.text}`);
  drill.answers.remediation.forEach((entry, index) => {
    for (const step of entry.runbookSteps) {
      if (!procedure.some((each) => each.number === step)) {
        issues.push({ path: ["answers", "remediation", index, "runbookStep"], message: `scenario "${scenario.id}" has no step ${step}`, allowed });
      }
    }
  });
}

function checkCommands(drill: Drill, scenario: Scenario, issues: Issue[]): void {
  const allowed = scenario.diagnosis.map((each) => each.command);
  const seen = new Set<string>();
  drill.answers.runbookCommands.forEach((entry, index) => {
    const path = ["answers", "runbookCommands", index];
    if (findDiagnosisCommand(scenario, entry.command) === undefined) {
      const fix = didYouMean(entry.command, allowed);
      issues.push({
        path,
        message: allowed.length === 0 ? `scenario "${scenario.id}" has no diagnosis commands` : `${JSON.stringify(entry.command)} is not a diagnosis command of scenario "${scenario.id}"`,
        allowed,
        ...(fix !== undefined && { fix }),
      });
    }
    const key = normalizeCommand(entry.command);
    if (seen.has(key)) issues.push({ path, message: `${JSON.stringify(entry.command)} is listed twice` });
    seen.add(key);
  });
}

function checkUnique(items: readonly { readonly id: string }[], path: readonly (string | number)[], noun: string, issues: Issue[]): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) issues.push({ path: [...path, index, "id"], message: `${noun} id "${item.id}" is used twice in ${path.join(".")}; give one an id of its own` });
    seen.add(item.id);
  });
}
