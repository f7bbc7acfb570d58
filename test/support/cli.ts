import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const FIREDRILL_BIN = fileURLToPath(new URL("../../bin/firedrill.js", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `firedrill …` to completion. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [FIREDRILL_BIN, ...args], { env: { ...process.env, ...options.env } });
  return waitForExit(child, options.timeoutMs ?? 20_000);
}

/** Starts `firedrill …` in the background; resolves once a stdout line matches `ready`. */
export async function startCli(args: string[], ready: RegExp, timeoutMs = 20_000, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, [FIREDRILL_BIN, ...args], { env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`firedrill ${args.join(" ")}: no line matching ${ready} after ${timeoutMs}ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk;
      const found = stdout.match(ready);
      if (found !== null) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`firedrill ${args.join(" ")} exited with ${code} before ready; stderr: ${stderr}`));
    });
  });
  return { child, match, output: () => stdout + stderr };
}

export function waitForExit(child: ChildProcess, timeoutMs = 20_000): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`process did not exit within ${timeoutMs}ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
