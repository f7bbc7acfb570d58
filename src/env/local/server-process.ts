import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { FiredrillError } from "../../errors.ts";
import type { Owner } from "./private-dir.ts";

/** One step of a graceful stop: send `signal`, then wait up to `waitMs` for the exit. */
export interface StopStep {
  signal: NodeJS.Signals;
  waitMs: number;
}

export interface ServerProcessOptions {
  /** Names the server in error messages: "redis", "postgres". */
  name: string;
  command: string;
  args: readonly string[];
  /** stdout and stderr are appended here, so the server never depends on our pipes. */
  logPath: string;
  cwd?: string;
  /** The server's environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Run as this user (PostgreSQL refuses to run as root). */
  owner?: Owner | undefined;
  /** Tried in order; SIGKILL follows if the server is still alive. */
  stopSequence: readonly StopStep[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const KILL_WAIT_MS = 5_000;

// Servers still running when this process exits. An "exit" listener cannot
// wait, but it can signal: a test runner or supervisor that exits without
// stopping its servers then leaves nothing running. (Unlike signal handlers,
// an "exit" listener changes nothing about how or when the process exits.)
const live = new Set<ServerProcess>();
let exitHookInstalled = false;

function signalLiveServersOnExit(): void {
  for (const server of live) {
    try {
      server.signal(server.lastResortSignal);
      server.signal("SIGCONT");
    } catch {
      // Exiting anyway; nothing left to do for this one.
    }
  }
}

/** A server we spawned: knows its pid, its log, whether it exited, and how to stop it for good. */
export class ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Settles when the process has exited and been reaped. */
  readonly exited: Promise<ExitStatus>;
  #exit: ExitStatus | undefined;
  #stopping: Promise<void> | undefined;
  readonly #stopSequence: readonly StopStep[];

  private constructor(options: ServerProcessOptions, pid: number, exited: Promise<ExitStatus>) {
    this.name = options.name;
    this.pid = pid;
    this.logPath = options.logPath;
    this.#stopSequence = options.stopSequence;
    this.exited = exited.then((status) => {
      live.delete(this);
      return (this.#exit = status);
    });
    live.add(this);
    if (!exitHookInstalled) {
      process.on("exit", signalLiveServersOnExit);
      exitHookInstalled = true;
    }
  }

  /** Spawns the server in its own process group, so a terminal's Ctrl-C reaches only the supervisor. */
  static async spawn(options: ServerProcessOptions): Promise<ServerProcess> {
    const log = await fs.open(options.logPath, "a");
    try {
      const child = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        detached: true,
        stdio: ["ignore", log.fd, log.fd],
        ...(options.owner ?? {}),
      });
      const exited = new Promise<ExitStatus>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        // `on`, not `once`: an error after spawn (a failed kill) must not go unhandled.
        child.on("error", (error) =>
          reject(
            new FiredrillError("PROCESS_FAILED", `${options.name}: could not start ${options.command}: ${error.message}`, {
              cause: error,
            }),
          ),
        );
      });
      return new ServerProcess(options, child.pid as number, exited);
    } finally {
      await log.close();
    }
  }

  /** The last step of the stop sequence: the quickest shutdown the server still does itself. */
  get lastResortSignal(): NodeJS.Signals {
    return this.#stopSequence.at(-1)?.signal ?? "SIGKILL";
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** Sends `signal` unless the process is gone already. */
  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }

  /** Freezes the server (SIGSTOP): it keeps its sockets open but answers nothing. */
  async pause(): Promise<void> {
    this.signal("SIGSTOP");
    await this.#waitForState((state) => state === "T" || state === "t", "stopped");
  }

  async resume(): Promise<void> {
    this.signal("SIGCONT");
    await this.#waitForState((state) => state !== "T" && state !== "t", "running");
  }

  // Signals arrive asynchronously; callers of pause() expect the freeze to be in effect.
  async #waitForState(matches: (state: string) => boolean, what: string): Promise<void> {
    const started = performance.now();
    while (this.running) {
      const state = await processState(this.pid);
      if (state === undefined || matches(state)) return;
      if (performance.now() - started > 1_000) {
        throw new FiredrillError("TIMEOUT", `${this.name} (pid ${this.pid}) not ${what} 1000ms after the signal (state ${state})`);
      }
      await sleep(2);
    }
  }

  /** Graceful stop sequence, then SIGKILL (to the server and every process it forked). Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    for (const step of this.#stopSequence) {
      if (!this.running) return;
      this.signal(step.signal);
      // A paused (SIGSTOP) server only acts on the signal once it runs again.
      this.signal("SIGCONT");
      if (await this.#exitsWithin(step.waitMs)) return;
    }
    if (!this.running) return;
    const forked = await descendantPids(this.pid);
    this.signal("SIGKILL");
    for (const pid of forked) killQuietly(pid);
    if (!(await this.#exitsWithin(KILL_WAIT_MS))) {
      throw new FiredrillError(
        "TIMEOUT",
        `${this.name} (pid ${this.pid}) did not exit ${KILL_WAIT_MS}ms after SIGKILL; it is probably stuck in the kernel (state D): check \`ps -o pid,stat,wchan -p ${this.pid}\``,
      );
    }
  }

  async #exitsWithin(ms: number): Promise<boolean> {
    const timeout = sleep(ms, false, { ref: false });
    return Promise.race([this.exited.then(() => true), timeout]);
  }

  /**
   * Polls `isReady` every `intervalMs` until it returns true. Fails with the
   * log tail when the server exits first or `timeoutMs` passes.
   */
  async waitUntilReady(isReady: () => Promise<boolean>, options: { timeoutMs: number; intervalMs?: number; what: string }): Promise<void> {
    const started = performance.now();
    let lastError: unknown;
    while (performance.now() - started < options.timeoutMs) {
      if (!this.running) throw await this.failure("PROCESS_FAILED", `exited (${describeExit(this.#exit)}) before ${options.what}`);
      try {
        if (await isReady()) return;
      } catch (error) {
        lastError = error;
      }
      await sleep(options.intervalMs ?? 10);
    }
    const last = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
    throw await this.failure("TIMEOUT", `${options.what} not seen after ${options.timeoutMs}ms${last}`);
  }

  /** An error that carries the last lines of the server's log, which usually say why. */
  async failure(code: "PROCESS_FAILED" | "TIMEOUT", condition: string): Promise<FiredrillError> {
    const tail = await logTail(this.logPath);
    return new FiredrillError(code, `${this.name} (pid ${this.pid}) ${condition}; log ${this.logPath} ends with:\n${tail}`);
  }
}

export async function logTail(path: string, maxLines = 15): Promise<string> {
  const text = await fs.readFile(path, "utf8").catch(() => "");
  const lines = text.trimEnd().split("\n").slice(-maxLines);
  return lines.length > 0 && lines[0] !== "" ? lines.map((line) => `  ${line}`).join("\n") : "  (empty)";
}

function describeExit(status: ExitStatus | undefined): string {
  if (status?.signal) return `signal ${status.signal}`;
  return `code ${status?.code ?? "unknown"}`;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** The one-letter state from /proc (R, S, T, Z…), or undefined where /proc is missing. */
async function processState(pid: number): Promise<string | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat === "" ? undefined : stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
}

/**
 * Every live process below `root`, from /proc. PostgreSQL's children leave the
 * postmaster's process group, so killing the group would miss them.
 */
export async function descendantPids(root: number): Promise<number[]> {
  const entries = await fs.readdir("/proc").catch(() => [] as string[]);
  const parentOf = new Map<number, number>();
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await fs.readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
        // Field 4 (ppid) follows the command name, which may itself contain spaces and parentheses.
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "");
        if (Number.isInteger(ppid)) parentOf.set(Number(entry), ppid);
      }),
  );
  const found: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}
