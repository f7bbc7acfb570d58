/** Percentiles, and what /proc tells about a process (Linux only). */
import { readdirSync, readFileSync } from "node:fs";

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export function summarize(samples: Float64Array): Summary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sum / sorted.length,
  };
}

/** A field of /proc/<pid>/status in kB (VmRSS: resident now, VmHWM: peak resident). */
export function procStatusKb(pid: number, field: "VmRSS" | "VmHWM" | "RssAnon" | "RssFile"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
  if (match === null) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuTime {
  user: number;
  system: number;
}

/** User and system CPU seconds a process (all its threads) has used so far. */
export function procCpu(pid: number): CpuTime {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND, system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND };
}

/** User + system CPU seconds a process has used so far. */
export function procCpuSeconds(pid: number): number {
  const { user, system } = procCpu(pid);
  return user + system;
}

/** `after - before`, field by field. */
export const cpuSince = (before: CpuTime, after: CpuTime): CpuTime => ({ user: after.user - before.user, system: after.system - before.system });
export const addCpu = (a: CpuTime, b: CpuTime): CpuTime => ({ user: a.user + b.user, system: a.system + b.system });

/** This process's own CPU seconds (user + system). */
export function selfCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export interface MachineCpu {
  /** user + nice + system: processes, ours and others. */
  processes: number;
  /** irq + softirq: the kernel's interrupt work (loopback networking lands partly here). */
  interrupts: number;
  /** Time the hypervisor gave our virtual CPUs to someone else. */
  steal: number;
}

/** CPU seconds the whole machine (all cores) has spent so far, from the first line of /proc/stat. */
export function machineCpuSeconds(): MachineCpu {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const seconds = (ticks: number) => ticks / CLOCK_TICKS_PER_SECOND;
  return { processes: seconds(user + nice + system), interrupts: seconds(irq + softirq), steal: seconds(steal) };
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync("/proc/loadavg", "utf8").split(" ", 1)[0]);
}

/**
 * CPU seconds of a process and its live children (PostgreSQL's backends).
 * Children that exit between two readings are missed: the parent's
 * cutime would count their whole lives, not the part between the readings.
 */
export function processTreeCpuSeconds(pid: number): number {
  const fieldsOf = (id: string) => {
    const stat = readFileSync(`/proc/${id}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  };
  const root = fieldsOf(String(pid));
  let ticks = Number(root[11]) + Number(root[12]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || entry === String(pid)) continue;
    try {
      const fields = fieldsOf(entry);
      if (Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone since readdir.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}
