import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { FiredrillError } from "../../errors.ts";

/**
 * Resolves `command` the way a shell would (a bare name is looked up on PATH)
 * and fails with the install command when it is not there.
 */
export async function findExecutable(command: string, install: string): Promise<string> {
  const candidates = command.includes(path.sep)
    ? [path.resolve(command)]
    : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      await fs.access(candidate, constants.X_OK);
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  const where = command.includes(path.sep) ? `at ${command}` : "on PATH";
  throw new FiredrillError("MISSING_DEPENDENCY", `${path.basename(command)} is not installed ${where}; install it with \`${install}\``);
}
