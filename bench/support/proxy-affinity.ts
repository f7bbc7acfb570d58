/**
 * CPU placement of whole processes (every thread), through util-linux
 * `taskset`. On a small VM, a wake-up that crosses to another vCPU costs far
 * more than the proxy's own work, and where the scheduler happens to put the
 * three processes swings the round trip several-fold; pinning them to one
 * core for the ping-pongs shows the proxy's own cost.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The CPUs a process may run on, as a list ("0-1"). */
export function allowedCpus(pid: number): string {
  const match = /^Cpus_allowed_list:\s+(\S+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (match === null) throw new Error(`/proc/${pid}/status has no Cpus_allowed_list`);
  return match[1]!;
}

/** Sets the CPU list of every thread of `pid`. */
export function pinProcess(pid: number, cpuList: string): void {
  execFileSync("taskset", ["-a", "-p", "-c", cpuList, String(pid)], { stdio: "ignore" });
}

/** Pins `pids` to `cpuList` while `work` runs, then gives each its former CPUs back. */
export async function withPinned<T>(pids: readonly number[], cpuList: string, work: () => Promise<T>): Promise<T> {
  const before = pids.map((pid) => [pid, allowedCpus(pid)] as const);
  try {
    for (const pid of pids) pinProcess(pid, cpuList);
    return await work();
  } finally {
    for (const [pid, cpus] of before) pinProcess(pid, cpus);
  }
}
