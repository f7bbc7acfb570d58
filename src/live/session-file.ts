import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { EnvironmentState } from "../env/state.ts";
import { FiredrillError } from "../errors.ts";

/** Where `firedrill respond` finds a live drill's control API: in its environment's directory, readable by its owner only. */
export interface SessionFile {
  readonly url: string;
  readonly token: string;
  readonly drill: string;
  readonly pid: number;
}

const FILE = "responder-session.json";

export function sessionFilePath(stateDir: string): string {
  return path.join(stateDir, FILE);
}

export async function writeSessionFile(stateDir: string, session: SessionFile): Promise<void> {
  const file = sessionFilePath(stateDir);
  await writeFile(`${file}.tmp`, `${JSON.stringify(session)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

export async function removeSessionFile(stateDir: string): Promise<void> {
  await rm(sessionFilePath(stateDir), { force: true });
}

/** The live drill running in environment `name`, or a NOT_FOUND error that says how to start one. */
export async function readSessionFile(name: string, root?: string): Promise<SessionFile> {
  const state = new EnvironmentState(name, root);
  try {
    return JSON.parse(await readFile(sessionFilePath(state.dir), "utf8")) as SessionFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new FiredrillError("NOT_FOUND", `no live drill runs in environment "${name}"; start one with \`firedrill train <drill> --name ${name}\` (or pass the --name it runs under)`);
    }
    throw new FiredrillError("STATE_INVALID", `the session file of environment "${name}" cannot be read (${(error as Error).message}); restart the drill`);
  }
}
