import { FiredrillError } from "../errors.ts";

/** One problem in one drill file, where it is and what would fix it. */
export interface DrillIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** `faults[0].kind`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
  readonly allowed?: readonly string[];
  readonly fix?: string;
}

/** Drill files that cannot be used: every problem in every file, each with its file, line and column. */
export class DrillError extends FiredrillError {
  readonly issues: readonly DrillIssue[];

  constructor(issues: readonly DrillIssue[]) {
    const lines = issues.map(formatIssue);
    const files = new Set(issues.map((issue) => issue.file)).size;
    super("DRILL_INVALID", issues.length === 1 ? `drill ${lines[0]}` : `${issues.length} problems in ${files} drill file${files === 1 ? "" : "s"}:\n  ${lines.join("\n  ")}`);
    this.name = "DrillError";
    this.issues = issues;
  }
}

/** `drills/redis-down.yaml:12:11: faults[0].kind: unknown fault kind "redis.stp"; did you mean "redis.stop"? (allowed: …)` */
export function formatIssue(issue: DrillIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.col}`;
  const allowed = issue.allowed === undefined || issue.allowed.length === 0 ? "" : ` (allowed: ${issue.allowed.join(", ")})`;
  return `${where}: ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}${issue.fix === undefined ? "" : `; ${issue.fix}`}${allowed}`;
}
