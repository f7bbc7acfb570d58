/**
 * Everything the environment bench creates, and how it all goes away on
 * every path (normal end, failure, SIGINT/SIGTERM, the deadline): a private
 * state root, template caches, environments held in this process, and
 * environments held by detached supervisors.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { collectGarbage, reapEnvironment, supervisorAlive } from "../../src/env/gc.ts";
import { defaultBaseDirSync } from "../../src/env/local/private-dir.ts";
import { isAlive, processesOf, terminate } from "../../src/env/processes.ts";
import { EnvironmentState } from "../../src/env/state.ts";
import type { Supervised } from "../../src/env/supervisor.ts";
import { interruptAllCli } from "./env-cli.ts";

export interface CleanupResult {
  /** Environments that were still up when clean-up began (none after a normal run). */
  stoppedEnvironments: string[];
  /** Processes below the state root still alive after clean-up (should be none). */
  leftoverProcesses: number[];
  errors: string[];
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Live `firedrill env supervise` processes started for `root` (they inherit
 * FIREDRILL_STATE_DIR from the command that detached them), including any
 * still starting up, before they have a directory to be found by.
 */
export async function supervisorsOf(root: string): Promise<number[]> {
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return undefined;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      if (!cmdline.includes("\0env\0supervise\0")) return undefined;
      const environ = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
      return `\0${environ}`.includes(`\0FIREDRILL_STATE_DIR=${root}\0`) && isAlive(pid) ? pid : undefined;
    }),
  );
  return found.filter((pid): pid is number => pid !== undefined);
}

export class BenchLifetime {
  #closing = false;
  #cleanup: Promise<CleanupResult> | undefined;
  readonly #held = new Set<Supervised>();
  readonly #starting = new Set<Promise<void>>();
  readonly #tempDirs: string[] = [];

  /** Where the caches go: the OS temp directory when the bench started (same file system as ~/.cache here). */
  readonly #cacheBase = os.tmpdir();

  /**
   * `root`/tmp: TMPDIR for cold runs. Building the template works in a private
   * directory under $TMPDIR (else /dev/shm), outside any environment's
   * directory; pointed here, what an interrupted build leaves goes with the root.
   */
  readonly scratchDir: string;

  private constructor(readonly root: string) {
    this.scratchDir = path.join(root, "tmp");
  }

  /**
   * A private state root on tmpfs (where the real default lives), 0755 so
   * that PostgreSQL, which runs as "postgres" when we are root, can reach
   * its directories below it (as test/support/env.ts does).
   */
  static async create(): Promise<BenchLifetime> {
    const root = await mkdtemp(path.join(defaultBaseDirSync(), "firedrill-bench-env-"));
    await chmod(root, 0o755);
    const lifetime = new BenchLifetime(root);
    await mkdir(lifetime.scratchDir, { mode: 0o755 });
    await chmod(lifetime.scratchDir, 0o755);
    return lifetime;
  }

  /** Environment variables that make `firedrill` use this root (and, if given, this XDG cache and the scratch TMPDIR). */
  cliEnv(xdgCacheHome?: string, options: { scratch?: boolean } = {}): NodeJS.ProcessEnv {
    return {
      FIREDRILL_STATE_DIR: this.root,
      ...(xdgCacheHome === undefined ? {} : { XDG_CACHE_HOME: xdgCacheHome }),
      ...(options.scratch ? { TMPDIR: this.scratchDir } : {}),
    };
  }

  /** Runs `action` with TMPDIR pointing at the scratch directory (for an in-process cold start). */
  async withScratchTmpdir<T>(action: () => Promise<T>): Promise<T> {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = this.scratchDir;
    try {
      return await action();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }

  /** An empty directory to use as XDG_CACHE_HOME, on the same file system as the default (~/.cache), removed at the end. */
  async tempCacheHome(label: string): Promise<string> {
    const dir = await mkdtemp(path.join(this.#cacheBase, `firedrill-bench-cache-${label}-`));
    this.#tempDirs.push(dir);
    return dir;
  }

  /** Throws once clean-up has begun, so that no new environment starts behind its back. */
  assertOpen(): void {
    if (this.#closing) throw new Error("the bench is stopping");
  }

  /**
   * Runs `start` (a supervise() call in this process) and holds what it
   * returns until release(). If clean-up began meanwhile, the environment is
   * taken down as soon as it is up, and clean-up waits for that.
   */
  supervising(start: () => Promise<Supervised>): Promise<Supervised> {
    this.assertOpen();
    const run = (async () => {
      const supervised = await start();
      if (this.#closing) {
        await supervised.down();
        throw new Error("the bench is stopping");
      }
      this.#held.add(supervised);
      return supervised;
    })();
    const tracked = run.then(
      () => undefined,
      () => undefined,
    );
    this.#starting.add(tracked);
    void tracked.finally(() => this.#starting.delete(tracked));
    return run;
  }

  release(supervised: Supervised): void {
    this.#held.delete(supervised);
  }

  /** Idempotent; bounded (every step has a timeout); never throws. */
  cleanup(): Promise<CleanupResult> {
    this.#closing = true;
    this.#cleanup ??= this.#run();
    return this.#cleanup;
  }

  async #run(): Promise<CleanupResult> {
    const result: CleanupResult = { stoppedEnvironments: [], leftoverProcesses: [], errors: [] };
    const attempt = async (what: string, action: () => Promise<unknown>, ms: number) => {
      try {
        await withTimeout(action(), ms, what);
      } catch (error) {
        result.errors.push(`${what}: ${(error as Error).message}`);
      }
    };

    // 1. `firedrill` children still running: SIGINT makes a waiting `env up --detach` stop its supervisor.
    await attempt("interrupting firedrill commands", () => interruptAllCli(5_000), 8_000);

    // 2. Environments this process holds or is bringing up (supervise() cannot be interrupted; wait for it).
    await attempt("environments starting in this process", () => Promise.all([...this.#starting]), 30_000);
    for (const supervised of this.#held) {
      result.stoppedEnvironments.push(supervised.descriptor.name);
      await attempt(`down() of ${supervised.descriptor.name}`, () => supervised.down(), 15_000);
    }
    this.#held.clear();

    // 3. Detached supervisors of this root and whatever has a directory under it, as
    //    `firedrill gc` would reap it. In passes: a supervisor that was still starting
    //    (no directory yet to find it by) may claim its name, finish or crash after a pass.
    const stopped = new Set<string>();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const supervisors = await supervisorsOf(this.root);
      // A supervisor tears its environment down on SIGTERM (one still in supervise() just dies; its servers are reaped below).
      for (const pid of supervisors) signal(pid, "SIGTERM");
      const waitUntil = Date.now() + 10_000;
      while (supervisors.some(isAlive) && Date.now() < waitUntil) await sleep(25);
      const names = await readdir(path.join(this.root, "envs")).catch(() => [] as string[]);
      await Promise.all(
        names.map((name) =>
          attempt(
            `stopping environment ${name}`,
            async () => {
              stopped.add(name);
              const state = new EnvironmentState(name, this.root);
              const recorded = await state.supervisor();
              if (recorded?.pid === process.pid) {
                // Ours, but supervise() had not returned yet: end its servers directly (reapEnvironment would signal us).
                await terminate(await processesOf(`${state.dir}/`));
                await state.remove();
              } else if ((await supervisorAlive(state)) !== undefined) {
                await reapEnvironment(state, { force: true });
              }
            },
            20_000,
          ),
        ),
      );
      await attempt("collectGarbage", () => collectGarbage(this.root), 20_000);
      const left = {
        supervisors: await supervisorsOf(this.root),
        names: await readdir(path.join(this.root, "envs")).catch(() => [] as string[]),
        processes: await processesOf(`${this.root}/`),
      };
      if (left.supervisors.length + left.names.length + left.processes.length === 0) break;
      if (Date.now() > deadline) {
        result.errors.push(`still there after clean-up: supervisors [${left.supervisors.join(", ")}], environments [${left.names.join(", ")}]`);
        break;
      }
      await sleep(250);
    }
    result.stoppedEnvironments.push(...stopped);

    result.leftoverProcesses = await processesOf(`${this.root}/`);
    if (result.leftoverProcesses.length > 0) {
      log(`clean-up: processes still below ${this.root}: ${result.leftoverProcesses.join(", ")}; ending them`);
      await attempt("terminating leftovers", () => terminate(result.leftoverProcesses), 10_000);
    }
    for (const dir of [this.root, ...this.#tempDirs]) {
      await attempt(`removing ${dir}`, () => rm(dir, { recursive: true, force: true, maxRetries: 3 }), 10_000);
    }
    return result;
  }
}
