import { mkdir } from "node:fs/promises";
import path from "node:path";
import { projectPath } from "../../paths.ts";
import { freePort, LOOPBACK } from "../ports.ts";
import type { Part } from "./parts.ts";
import { ServerProcess } from "./server-process.ts";

export interface PortalPartOptions {
  /** The environment's directory: the portal's logs and working directory go in `<dir>/portal`. */
  envDir: string;
  /** The wiring: DATABASE_URL, REDIS_URL, WHMCS_API_URL, SF_*, FREEBIT_* … (through the proxies). */
  env: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /** A user's own BFF: run this shell command instead of the sample portal. */
  command?: string;
  /** Where readiness and health are checked; default `<url>/health`. */
  healthUrl?: string;
  readyTimeoutMs?: number;
}

export interface PortalPart extends Part {
  readonly url: string;
  readonly healthUrl: string;
  readonly logDir: string;
  /** Variables set by operators since the environment started (`env restart portal --set K=V`). */
  readonly overrides: Readonly<Record<string, string>>;
  /** Restart with these variables changed, as a responder does after editing the BFF's environment. */
  restartWith(overrides: Record<string, string>): Promise<void>;
}

/**
 * The target BFF as an environment part: the sample portal (`firedrill bff`,
 * so the runbook's `pgrep -f "node.*bff"` finds it) or a user's own command,
 * with the environment's wiring. Ready once its health URL answers at all:
 * an unhealthy portal is a state to observe, not a failure to start.
 */
export async function portalPart(options: PortalPartOptions): Promise<PortalPart> {
  const port = options.port ?? (await freePort());
  const url = `http://${LOOPBACK}:${port}`;
  const healthUrl = options.healthUrl ?? `${url}/health`;
  const dir = path.join(options.envDir, "portal");
  const logDir = path.join(dir, "logs");
  await mkdir(logDir, { recursive: true });
  const overrides: Record<string, string> = {};
  let current: ServerProcess | undefined;

  const start = async () => {
    const env = { ...process.env, ...options.env, PORT: String(port), HOST: LOOPBACK, LOG_DIR: logDir, ...overrides };
    const [command, args] =
      options.command === undefined
        ? [process.execPath, [projectPath("bin", "firedrill.js"), "bff", "--env-dir", options.envDir]]
        : ["/bin/sh", ["-c", options.command]];
    const server = await ServerProcess.spawn({
      name: "portal",
      command,
      args,
      env,
      cwd: dir,
      logPath: path.join(dir, "portal.out"),
      stopSequence: [{ signal: "SIGTERM", waitMs: 5_000 }],
    });
    try {
      await server.waitUntilReady(async () => (await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) })).status > 0, {
        timeoutMs: options.readyTimeoutMs ?? 30_000,
        intervalMs: 50,
        what: `an answer from ${healthUrl}`,
      });
    } catch (error) {
      await server.stop();
      throw error;
    }
    current = server;
  };
  // A user's command runs under `sh -c`, which may fork rather than exec it: signal the whole process
  // group (the BFF is its leader's group, spawned detached), or the BFF outlives its shell and keeps the port.
  const signalGroup = (pgid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // Gone already.
    }
  };
  const stopServer = async () => {
    const stopping = current;
    current = undefined;
    if (stopping === undefined) return;
    signalGroup(stopping.pid, "SIGTERM");
    await stopping.stop();
    signalGroup(stopping.pid, "SIGKILL");
  };
  await start();
  return {
    port,
    url,
    healthUrl,
    logDir,
    overrides,
    get pid() {
      return current?.running ? current.pid : 0;
    },
    get running() {
      return current?.running ?? false;
    },
    stopServer,
    startServer: async () => {
      if (current?.running) return;
      await start();
    },
    restartWith: async (changes) => {
      await stopServer();
      Object.assign(overrides, changes);
      await start();
    },
    [Symbol.asyncDispose]: stopServer,
  };
}
