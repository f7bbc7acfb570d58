import { readFile } from "node:fs/promises";
import { FiredrillError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import type { Runbook } from "./model.ts";
import { parseRunbook } from "./parse-runbook.ts";

/** The example runbook firedrill ships: the Customer Portal's incident response runbook. */
export function defaultRunbookPath(): string {
  return projectPath("runbooks", "incident-response.md");
}

export async function loadRunbook(file: string = defaultRunbookPath()): Promise<Runbook> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FiredrillError(code === "ENOENT" ? "NOT_FOUND" : "CONFIG_INVALID", `runbook ${file}: cannot read it (${code ?? String(error)}); pass the path of a runbook in the format of ${defaultRunbookPath()}`, { cause: error });
  }
  return parseRunbook(text, file);
}
