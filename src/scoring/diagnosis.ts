import type { Drill } from "../drills/drill-schema.ts";
import { normalizeCommand } from "../runbook/diagnosis-commands.ts";
import { afterInjection, type Incident, probeResults } from "./incident.ts";
import type { DiagnosisPart } from "./score-model.ts";

/**
 * The runbook's diagnosis commands the drill exercises, each with what it
 * showed while the fault was on (the engine records them as probes of role
 * "diagnosis" with the command as written).
 */
export function scoreDiagnosis(incident: Incident, drill: Drill): DiagnosisPart {
  const results = drill.answers.runbookCommands.length === 0 ? [] : diagnosisResults(incident);
  return {
    commands: drill.answers.runbookCommands.map((entry) => {
      const runs = results.filter((result) => normalizeCommand(result.runbookCommand ?? "") === normalizeCommand(entry.command));
      const first = runs[0];
      if (first === undefined) return { command: entry.command, status: "not-run" as const };
      const status = entry.expect === undefined ? ("ran" as const) : runs.some((run) => run.matched) ? ("showed-fault" as const) : ("blind" as const);
      return { command: entry.command, status, ranAfterMs: afterInjection(incident, first.atMs) };
    }),
  };
}

function diagnosisResults(incident: Incident) {
  const probes = new Set(incident.events.flatMap((event) => (event.kind === "probe" && event.role === "diagnosis" ? [event.probe] : [])));
  return [...probes].flatMap((probe) => probeResults(incident, "diagnosis", probe)).sort((a, b) => a.seq - b.seq);
}
