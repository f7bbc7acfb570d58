// Helpers for the launchers' tests: what a user would check with `ps` and `ls`.
import fs from "node:fs/promises";
import { descendantPids } from "./server-process.ts";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

export async function exists(path: string): Promise<boolean> {
  return fs.access(path).then(
    () => true,
    () => false,
  );
}

/** Command lines of every process this test process has started and not yet reaped. */
export async function childCommands(): Promise<string[]> {
  const pids = await descendantPids(process.pid);
  const commands = await Promise.all(pids.map((pid) => fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")));
  return commands.map((command) => command.replaceAll("\0", " ").trim()).filter(Boolean);
}
