import { FiredrillError } from "../errors.ts";
import { formatPath, type Issue } from "../schema/index.ts";

/** A journal that cannot be read back, or an event that cannot be recorded. */
export class JournalError extends FiredrillError {
  readonly source: string;
  readonly line: number | undefined;

  constructor(source: string, line: number | undefined, message: string, options?: { cause?: unknown }) {
    super("JOURNAL_INVALID", `journal ${source}${line === undefined ? "" : `:${line}`}: ${message}`, options);
    this.name = "JournalError";
    this.source = source;
    this.line = line;
  }

  static fromIssues(source: string, line: number | undefined, issues: readonly Issue[]): JournalError {
    const text = issues
      .map((issue) => `${formatPath(issue.path)}: ${issue.message}${issue.fix ? `; ${issue.fix}` : ""}${issue.allowed ? ` (allowed: ${issue.allowed.join(", ")})` : ""}`)
      .join("; ");
    return new JournalError(source, line, text);
  }
}
