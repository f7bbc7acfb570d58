/**
 * The sample portal in a process of its own, as the environment runs it
 * (`firedrill bff`, the bundled CLI): its RSS and CPU are its own, and the
 * load generator does not share its event loop.
 */
import { spawn } from "node:child_process";
import { projectPath } from "../../src/paths.ts";

export interface PortalProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export async function startPortalProcess(env: Record<string, string>, nodeArgs: readonly string[] = [], readyTimeoutMs = 30_000): Promise<PortalProcess> {
  const child = spawn(process.execPath, [...nodeArgs, projectPath("bin", "firedrill.js"), "bff"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`portal process: no "portal listening on" line within ${readyTimeoutMs}ms; stderr: ${stderr}`)), readyTimeoutMs);
      const onData = () => {
        const found = /portal listening on (http:\/\/\S+)/.exec(stdout)?.[1];
        if (found === undefined) return;
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(found);
      };
      child.stdout.on("data", onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`portal process exited with ${child.exitCode ?? child.signalCode} before it was ready: ${stderr.trim()}`));
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
