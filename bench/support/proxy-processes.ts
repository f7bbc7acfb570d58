/**
 * The benchmark's child processes (the proxy, the upstream servers): spawned,
 * tracked and always stopped, whatever way the bench ends.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Toxiproxy } from "toxiproxy-node-client";
import type { UpstreamReady } from "./proxy-upstream.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const OUTPUT_TAIL_CHARS = 4_000;
const children = new Set<ChildProcess>();
/** Children that exited before we asked them to stop: "firedrill proxy (pid 12) exited: signal SIGKILL". */
const unexpected: string[] = [];
let stopping = false;

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function track(child: ChildProcess, name: string): { output: () => string } {
  children.add(child);
  child.once("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) unexpected.push(`${name} (pid ${child.pid}) exited by itself: ${signal === null ? `code ${code}` : `signal ${signal}`}`);
  });
  child.on("error", () => {}); // reported through the exit / readiness checks
  let tail = "";
  const keep = (data: Buffer) => {
    tail = (tail + data.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { output: () => (tail === "" ? `(${name} printed nothing)` : tail.trimEnd()) };
}

/** What went wrong with the children so far (for the failure message). */
export function unexpectedExits(): readonly string[] {
  return unexpected;
}

/** Synchronous last resort (process "exit" handler): SIGKILL whatever is still running. */
export function killAllChildrenNow(): void {
  for (const child of children) if (!hasExited(child)) child.kill("SIGKILL");
}

/** SIGTERM every child, SIGKILL those still alive after `graceMs`; resolves once all have exited. */
export async function stopAllChildren(graceMs = 2_000): Promise<void> {
  stopping = true;
  await Promise.all(
    [...children].map(async (child) => {
      if (hasExited(child)) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** A port that was free a moment ago on 127.0.0.1 (the CLI needs a fixed --port). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** GET /version answers `{"version": "2.12.0"}` (Toxiproxy >= 2.6) or plain text (older). */
function versionOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { version?: unknown };
    if (typeof parsed.version === "string") return parsed.version;
  } catch {
    // plain text
  }
  return body.trim();
}

export interface ProxyProcess {
  readonly pid: number;
  readonly apiUrl: string;
  readonly client: Toxiproxy;
  readonly version: string;
  output(): string;
  exited(): boolean;
}

/**
 * `node [nodeArgs] bin/firedrill.js proxy --host 127.0.0.1 --port <free>`,
 * ready once GET /version answers. `nodeArgs` is for profiling (--cpu-prof).
 */
export async function spawnProxy(options: { nodeArgs?: readonly string[]; timeoutMs?: number } = {}): Promise<ProxyProcess> {
  const port = await freePort();
  const args = [...(options.nodeArgs ?? []), path.join(REPO_ROOT, "bin/firedrill.js"), "proxy", "--host", "127.0.0.1", "--port", String(port)];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const { output } = track(child, "firedrill proxy");
  const apiUrl = `http://127.0.0.1:${port}`;
  const client = new Toxiproxy(apiUrl);
  const deadline = performance.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (hasExited(child) || child.pid === undefined) {
      throw new Error(`firedrill proxy exited before its API answered (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`);
    }
    try {
      const version = versionOf(await client.getVersion());
      return { pid: child.pid, apiUrl, client, version, output, exited: () => hasExited(child) };
    } catch {
      if (performance.now() > deadline) throw new Error(`firedrill proxy: no answer on ${apiUrl}/version within ${options.timeoutMs ?? 20_000} ms:\n${output()}`);
      await sleep(50);
    }
  }
}

export interface UpstreamProcess extends UpstreamReady {
  readonly pid: number;
  exited(): boolean;
}

/** bench/support/proxy-upstream.ts in its own process: the sink and echo servers. */
export async function spawnUpstream(timeoutMs = 20_000): Promise<UpstreamProcess> {
  const script = path.join(REPO_ROOT, "bench/support/proxy-upstream.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const { output } = track(child, "upstream servers");
  const ready = await new Promise<UpstreamReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`upstream servers not ready within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve(message as UpstreamReady);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`upstream servers exited at start (code ${code}, signal ${signal}):\n${output()}`));
    });
  });
  // Keep the IPC channel open (the child exits when it closes) but let it not hold our event loop.
  child.unref();
  (child.channel as unknown as { unref?: () => void } | undefined)?.unref?.();
  return { ...ready, pid: child.pid as number, exited: () => hasExited(child) };
}
