/**
 * How much CPU other processes on the machine took while the bench ran: on a
 * shared machine the figures are only as good as the machine was quiet.
 *
 * "Ours" is this process and every process that inherited the marker
 * variable (the `firedrill` commands, their detached supervisors, redis,
 * PostgreSQL and its children, the helpers they exec). Everything else
 * except kernel threads is "other". Sampled every `intervalMs` (and not
 * during the timed sections, see quietly()): a process that lives between
 * two samples is missed, whoever it belongs to.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";

const TICKS_PER_SECOND = 100;
export const MARKER_VARIABLE = "FIREDRILL_BENCH_ENV_RUN";

interface Seen {
  startTime: string;
  ours: boolean;
  name: string;
  cpuTicks: number;
}

export interface NoiseWindow {
  wallSeconds: number;
  /** CPU seconds used by other processes in the window. */
  otherCpuSeconds: number;
  /** The heaviest other processes, "name cpu-seconds". */
  top: string[];
}

async function readStat(pid: string): Promise<{ state: string; startTime: string; ppid: number; cpuTicks: number } | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), startTime: fields[19] ?? "" };
}

async function describe(pid: string): Promise<string> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const args = raw.split("\0").filter(Boolean);
  const shown = args.slice(0, 3).map((arg) => (arg.length > 40 ? `…${arg.slice(-39)}` : arg));
  return shown.join(" ") || pid;
}

export class NoiseMeter {
  readonly #marker = randomBytes(6).toString("hex");
  readonly #seen = new Map<string, Seen>();
  #byName = new Map<string, number>();
  #windowStarted = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> | undefined;
  #baseline = true;

  /**
   * Sets the marker in this process's environment, so every child inherits it.
   * `ourDir`: processes working below it are ours too (PostgreSQL and
   * redis-server rewrite their process title over their environment).
   */
  constructor(
    readonly ourDir: string,
    readonly intervalMs = 250,
  ) {
    process.env[MARKER_VARIABLE] = this.#marker;
  }

  async start(): Promise<void> {
    await this.#sample();
    this.#baseline = false;
    this.#windowStarted = performance.now();
    this.#schedule();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Runs `action` without sampling (a sample costs this process ~10-20 ms of
   * file reads on the libuv pool): for the timed sections. Long-lived other
   * processes are still accounted at the next sample; only one that starts
   * and ends within `action` is missed.
   */
  async quietly<T>(action: () => Promise<T>): Promise<T> {
    const wasRunning = this.#timer !== undefined;
    this.stop();
    await this.#sampling;
    try {
      return await action();
    } finally {
      if (wasRunning) this.#schedule();
    }
  }

  #schedule(): void {
    this.#timer = setInterval(() => {
      this.#sampling ??= this.#sample().finally(() => (this.#sampling = undefined));
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** What other processes used since the previous window() (or start()). */
  async window(): Promise<NoiseWindow> {
    await this.#sampling;
    await this.#sample();
    const byName = [...this.#byName.entries()].sort((a, b) => b[1] - a[1]);
    const result: NoiseWindow = {
      wallSeconds: (performance.now() - this.#windowStarted) / 1_000,
      otherCpuSeconds: byName.reduce((total, [, ticks]) => total + ticks, 0) / TICKS_PER_SECOND,
      top: byName.slice(0, 3).filter(([, ticks]) => ticks >= 10).map(([name, ticks]) => `${name} ${(ticks / TICKS_PER_SECOND).toFixed(1)} s`),
    };
    this.#byName = new Map();
    this.#windowStarted = performance.now();
    return result;
  }

  async #isOurs(pid: string, ppid: number): Promise<boolean> {
    if (Number(pid) === process.pid || this.#seen.get(String(ppid))?.ours) return true;
    const environ = await fs.readFile(`/proc/${pid}/environ`, "latin1").catch(() => "");
    if (environ.includes(`${MARKER_VARIABLE}=${this.#marker}`)) return true;
    const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => "");
    return `${cwd}/`.startsWith(`${this.ourDir}/`);
  }

  async #sample(): Promise<void> {
    const pids = (await fs.readdir("/proc").catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry));
    const alive = new Set(pids);
    const stats = await Promise.all(pids.map(async (pid) => ({ pid, stat: await readStat(pid) })));
    // Ascending pids: a parent is classified before the children it forked since the last sample.
    stats.sort((a, b) => Number(a.pid) - Number(b.pid));
    for (const { pid, stat } of stats) {
      // Kernel threads (children of kthreadd) work for everyone.
      if (stat === undefined || stat.ppid === 2 || pid === "2") continue;
      let seen = this.#seen.get(pid);
      if (seen === undefined || seen.startTime !== stat.startTime) {
        // A zombie first seen dead (it lived between two samples) can no longer be told apart: left out, like any process that lives between samples.
        const ours = stat.state === "Z" || (await this.#isOurs(pid, stat.ppid));
        seen = { startTime: stat.startTime, ours, name: await describe(pid), cpuTicks: this.#baseline ? stat.cpuTicks : 0 };
        this.#seen.set(pid, seen);
      }
      const delta = stat.cpuTicks - seen.cpuTicks;
      seen.cpuTicks = stat.cpuTicks;
      if (!seen.ours && delta > 0) this.#byName.set(seen.name, (this.#byName.get(seen.name) ?? 0) + delta);
    }
    for (const pid of this.#seen.keys()) if (!alive.has(pid)) this.#seen.delete(pid);
  }
}
