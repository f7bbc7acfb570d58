import { FiredrillError } from "../errors.ts";

/** One part of a runbook that could not be read. */
export interface RunbookProblem {
  readonly line: number;
  /** The section's heading: `Severity Classification`, `3. Redis Connection Failures`. */
  readonly section: string;
  readonly message: string;
}

/** A runbook firedrill cannot read: every problem, each with its line and section. */
export class RunbookError extends FiredrillError {
  readonly file: string;
  readonly problems: readonly RunbookProblem[];

  constructor(file: string, problems: readonly RunbookProblem[]) {
    const lines = problems.map((problem) => `${file}:${problem.line}: section "${problem.section}": ${problem.message}`);
    super("RUNBOOK_INVALID", problems.length === 1 ? `runbook ${lines[0]}` : `runbook ${file}: ${problems.length} problems:\n  ${lines.join("\n  ")}`);
    this.name = "RunbookError";
    this.file = file;
    this.problems = problems;
  }
}

/** Collects problems while a runbook is read; `section` and `line` say where. */
export class Problems {
  readonly list: RunbookProblem[] = [];

  add(line: number, section: string, message: string): undefined {
    this.list.push({ line, section, message });
    return undefined;
  }
}
