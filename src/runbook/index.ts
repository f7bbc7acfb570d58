export { normalizeCommand } from "./diagnosis-commands.ts";
export { readConditions } from "./escalation-matrix.ts";
export { defaultRunbookPath, loadRunbook } from "./load-runbook.ts";
export type * from "./model.ts";
export { parseRunbook } from "./parse-runbook.ts";
export { allDiagnosisCommands, findDiagnosisCommand, findLevel, findScenario, findSeverity, getScenario, procedureOf } from "./queries.ts";
export { RunbookError, type RunbookProblem } from "./runbook-error.ts";
export { readStatusUpdate, type StatusUpdateReading } from "./status-update.ts";
