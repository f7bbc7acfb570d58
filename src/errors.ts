/**
 * firedrill's error family. The library throws these; only the CLI turns them
 * into a message and an exit code (src/cli/fail.ts). Messages name the subject,
 * the condition and the fix.
 */
export type FiredrillErrorCode =
  | "CONFIG_INVALID"
  | "MISSING_DEPENDENCY"
  | "PORT_IN_USE"
  | "NAME_IN_USE"
  | "NOT_FOUND"
  | "TIMEOUT"
  | "PROCESS_FAILED"
  | "STATE_INVALID"
  | "RUNBOOK_INVALID"
  | "DRILL_INVALID"
  | "JOURNAL_INVALID";

export class FiredrillError extends Error {
  readonly code: FiredrillErrorCode;

  constructor(code: FiredrillErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FiredrillError";
    this.code = code;
  }
}

export function isFiredrillError(error: unknown): error is FiredrillError {
  return error instanceof FiredrillError;
}
