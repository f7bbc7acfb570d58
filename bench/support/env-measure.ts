/** What the environment bench measures besides time: processes, their memory, tmpfs, what is left behind. */
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { EnvironmentDescriptor } from "../../src/env/descriptor.ts";
import { isAlive, processesOf } from "../../src/env/processes.ts";

// ---------------------------------------------------------------- statistics

export interface Summary {
  n: number;
  median: number;
  /** Nearest rank: with 5 samples this is the largest. */
  p90: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: Number.NaN, p90: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { n: sorted.length, median, p90: rank(0.9), min: sorted[0]!, max: sorted.at(-1)! };
}

// ---------------------------------------------------------------- /proc

/** A "kB" field of /proc/<pid>/status (VmRSS, …); undefined when the process is gone. */
export function statusKb(pid: number, field: string): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Proportional set size: shared pages (PostgreSQL's shared memory, the node binary) divided among their users. */
export function pssKb(pid: number): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** MemTotal - MemAvailable, in kB: what the machine as a whole has in use (tmpfs included). */
export function systemInUseKb(): number {
  const text = readFileSync("/proc/meminfo", "utf8");
  const field = (name: string) => Number(text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, "m"))?.[1] ?? Number.NaN);
  return field("MemTotal") - field("MemAvailable");
}

// ---------------------------------------------------------------- environments

export type ProcessKind = "supervisor" | "redis" | "postgres" | "other";

export interface ProcessMemory {
  pid: number;
  kind: ProcessKind;
  comm: string;
  rssKb: number;
  pssKb: number;
  /** User + system CPU time used so far. */
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100;

/** utime + stime of one process, in seconds (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * Every process of one environment: its supervisor (named by the
 * descriptor; it runs in the caller's working directory, so processesOf does
 * not see it) and whatever runs in or names a path in its state directory:
 * redis-server, the postmaster and all its children.
 */
export async function environmentProcesses(descriptor: EnvironmentDescriptor): Promise<ProcessMemory[]> {
  const pids = new Set(await processesOf(`${descriptor.stateDir}/`));
  if (isAlive(descriptor.supervisorPid)) pids.add(descriptor.supervisorPid);
  const found: ProcessMemory[] = [];
  for (const pid of pids) {
    const rssKb = statusKb(pid, "VmRSS");
    if (rssKb === undefined) continue;
    const name = comm(pid);
    const kind: ProcessKind =
      pid === descriptor.supervisorPid ? "supervisor" : name.startsWith("redis") ? "redis" : name.startsWith("postgres") ? "postgres" : "other";
    found.push({ pid, kind, comm: name, rssKb, pssKb: pssKb(pid) ?? 0, cpuSeconds: cpuSeconds(pid) });
  }
  return found;
}

/**
 * Bytes allocated by the files below `dirs` (st_blocks, each inode once): on
 * tmpfs that is memory, and it appears in no process's RSS.
 */
export async function allocatedBytes(dirs: readonly string[]): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const visit = async (file: string) => {
    const stat = await fs.lstat(file).catch(() => undefined);
    if (stat === undefined) return;
    const key = `${stat.dev}:${stat.ino}`;
    if (!seen.has(key)) {
      seen.add(key);
      total += stat.blocks * 512;
    }
  };
  for (const dir of dirs) {
    await visit(dir);
    // Files come and go under a running PostgreSQL; a vanished one simply does not count.
    const entries = await fs.readdir(dir, { recursive: true }).catch(() => [] as string[]);
    for (let i = 0; i < entries.length; i += 64) {
      await Promise.all(entries.slice(i, i + 64).map((entry) => visit(path.join(dir, entry))));
    }
  }
  return total;
}

export interface Leftovers {
  processes: number[];
  supervisorAlive: boolean;
  dirExists: boolean;
}

export const isClean = (left: Leftovers) => left.processes.length === 0 && !left.supervisorAlive && !left.dirExists;

/** What an environment left after it was taken down (all empty/false when it went cleanly). */
export async function leftoversOf(stateDir: string, supervisorPid: number | undefined): Promise<Leftovers> {
  const processes = await processesOf(`${stateDir}/`);
  const dirExists = await fs.access(stateDir).then(
    () => true,
    () => false,
  );
  const supervisorAlive = supervisorPid !== undefined && supervisorPid !== process.pid && isAlive(supervisorPid);
  return { processes, supervisorAlive, dirExists };
}

export function describeLeftovers(left: Leftovers): string {
  const parts: string[] = [];
  if (left.processes.length > 0) parts.push(`processes ${left.processes.join(",")}`);
  if (left.supervisorAlive) parts.push("supervisor alive");
  if (left.dirExists) parts.push("state directory still there");
  return parts.join("; ") || "nothing";
}

/** PostgreSQL's dynamic shared memory segments live in /dev/shm as PostgreSQL.<n>. */
export async function postgresShmSegments(): Promise<Set<string>> {
  const names = await fs.readdir("/dev/shm").catch(() => [] as string[]);
  return new Set(names.filter((name) => name.startsWith("PostgreSQL.")));
}

/**
 * Of `names` (in /dev/shm), those no live process maps: leaked by a server
 * that died without cleaning up. A segment some other PostgreSQL on the
 * machine still uses is not a leak of ours.
 */
export async function unmappedShmSegments(names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const mapped = new Set<string>();
  const pids = (await fs.readdir("/proc").catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry));
  await Promise.all(
    pids.map(async (pid) => {
      const maps = await fs.readFile(`/proc/${pid}/maps`, "utf8").catch(() => "");
      for (const name of names) if (maps.includes(`/dev/shm/${name}`)) mapped.add(name);
    }),
  );
  return names.filter((name) => !mapped.has(name));
}
