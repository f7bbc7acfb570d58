/**
 * `firedrill …` as a user runs it (a fresh `node bin/firedrill.js` process),
 * timed from spawn to exit. Every child in flight is tracked so that the
 * bench's clean-up can interrupt it: SIGINT makes an `env up --detach` that
 * is still waiting stop the supervisor it started (src/cli/detach.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The command under test: the repository's bin/firedrill.js (tsx), unless
 * BENCH_ENV_FIREDRILL_BIN names another entry point, e.g. a compiled build,
 * to compare against. The in-process figures always come from src/.
 */
export const FIREDRILL_BIN = process.env.BENCH_ENV_FIREDRILL_BIN || fileURLToPath(new URL("../../bin/firedrill.js", import.meta.url));

export interface CliRun {
  args: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** performance.now() at spawn and at exit. */
  startedAt: number;
  endedAt: number;
  /** End to end: spawn to exit, Node and tsx start-up included. */
  ms: number;
}

const inFlight = new Set<ChildProcess>();

/** Runs `firedrill …args` to completion; rejects (after interrupting it) when it takes longer than `timeoutMs`. */
export function firedrill(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CliRun> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [FIREDRILL_BIN, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  inFlight.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let endedAt = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      interrupt(child);
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      inFlight.delete(child);
      reject(new Error(`firedrill ${args.join(" ")}: could not start: ${error.message}`));
    });
    // The time is taken at exit; the output is complete only once the pipes close.
    child.once("exit", () => (endedAt = performance.now()));
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      inFlight.delete(child);
      if (timedOut) {
        reject(new Error(`firedrill ${args.join(" ")}: not done within ${options.timeoutMs} ms (interrupted); stderr: ${stderr.trim()}`));
        return;
      }
      endedAt ||= performance.now();
      resolve({ args, code, signal, stdout, stderr, startedAt, endedAt, ms: endedAt - startedAt });
    });
  });
}

/** Like firedrill(), but a non-zero exit is an error. */
export async function firedrillOk(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CliRun> {
  const run = await firedrill(args, options);
  if (run.code !== 0) {
    throw new Error(`firedrill ${args.join(" ")} failed (${run.signal ?? `exit code ${run.code}`}): ${run.stderr.trim() || run.stdout.trim()}`);
  }
  return run;
}

/** SIGINT, then SIGKILL two seconds later if it is still there. */
function interrupt(child: ChildProcess): void {
  child.kill("SIGINT");
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }, 2_000).unref();
}

/** Interrupts every `firedrill` child still running and waits (up to `timeoutMs`) until they are gone. */
export async function interruptAllCli(timeoutMs = 5_000): Promise<void> {
  const children = [...inFlight];
  const gone = children.map((child) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve())),
  );
  for (const child of children) interrupt(child);
  await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
