import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/** Running (a zombie, killed but not yet reaped by its parent or init, does not count). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    // No /proc (not Linux) or already gone between the two looks.
    return process.platform !== "linux";
  }
}

/** Clock ticks since boot when the process started (/proc/<pid>/stat field 22): with the pid, identifies a process even after pid reuse. */
export async function startTime(pid: number): Promise<string | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

export async function commandLine(pid: number): Promise<string> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return raw.replaceAll("\0", " ").trim();
}

/**
 * Every live process that belongs to `dir`: its working directory is inside
 * it, or its command line names a path inside it. Each process an environment
 * starts runs in (or names) a directory inside the environment's directory —
 * redis-server runs in its private dir (and rewrites its command line, so the
 * working directory is what finds it), PostgreSQL and its children in their
 * data directory — which is how `gc` finds what a crashed supervisor left
 * behind without trusting any bookkeeping.
 */
export async function processesOf(dir: string): Promise<number[]> {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const entries = await fs.readdir("/proc").catch(() => [] as string[]);
  const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => pid !== process.pid);
  const found = await Promise.all(
    pids.map(async (pid) => {
      const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => "");
      if (`${cwd}/`.startsWith(prefix)) return pid;
      return (await commandLine(pid)).includes(prefix) ? pid : undefined;
    }),
  );
  return found.filter((pid): pid is number => pid !== undefined);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Ends processes: `first` (SIGQUIT is PostgreSQL's immediate shutdown, which
 * also releases its shared memory; redis takes it as a plain exit), then
 * SIGKILL after `graceMs`. Resolves when all are gone or `timeoutMs` passed,
 * with the pids still alive.
 */
export async function terminate(pids: readonly number[], options: { first?: NodeJS.Signals; graceMs?: number; timeoutMs?: number } = {}): Promise<number[]> {
  const { first = "SIGQUIT", graceMs = 2_000, timeoutMs = 5_000 } = options;
  for (const pid of pids) signal(pid, first);
  const started = Date.now();
  let killed = false;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return [];
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs) return alive;
    if (!killed && elapsed > graceMs) {
      for (const pid of alive) signal(pid, "SIGKILL");
      killed = true;
    }
    await sleep(25);
  }
}
