import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { FiredrillError } from "../../errors.ts";
import { assertPortFree, bindFailureAsPortInUse, LOOPBACK } from "../ports.ts";
import type { PgBinaries } from "./pg-binaries.ts";
import type { Owner } from "./private-dir.ts";
import { ServerProcess } from "./server-process.ts";

export interface PgServerOptions {
  binaries: PgBinaries;
  dataDir: string;
  port: number;
  /** Unix socket and log go here, never to the shared /tmp. */
  runDir: string;
  owner?: Owner | undefined;
  /** Extra `-c name=value` settings; they override the defaults below. */
  settings?: Record<string, string> | undefined;
  readyTimeoutMs: number;
  /** How long a fast shutdown (SIGINT) may take before SIGQUIT, then SIGKILL. */
  stopTimeoutMs: number;
}

// A drill database is thrown away after the drill: durability buys nothing and
// costs most of the time CREATE DATABASE takes.
const EPHEMERAL_SETTINGS: Record<string, string> = {
  fsync: "off",
  full_page_writes: "off",
};

/** Starts `postgres` on an existing data directory; resolves once postmaster.pid says "ready". */
export async function startPgServer(options: PgServerOptions): Promise<ServerProcess> {
  await assertPortFree(options.port, LOOPBACK, "postgres");
  const settings = {
    ...EPHEMERAL_SETTINGS,
    ...options.settings,
    listen_addresses: LOOPBACK,
    unix_socket_directories: options.runDir,
  };
  const server = await ServerProcess.spawn({
    name: "postgres",
    command: options.binaries.postgres,
    args: ["-D", options.dataDir, "-p", String(options.port), ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])],
    logPath: path.join(options.runDir, "postgres.log"),
    owner: options.owner,
    stopSequence: [
      { signal: "SIGINT", waitMs: options.stopTimeoutMs },
      { signal: "SIGQUIT", waitMs: 2_000 },
    ],
  });
  try {
    const isReady = async (): Promise<boolean> => {
      const lock = await readPostmasterPid(options.dataDir);
      return lock?.pid === server.pid && lock.status === "ready";
    };
    await server.waitUntilReady(isReady, {
      timeoutMs: options.readyTimeoutMs,
      what: `"ready" in ${path.join(options.dataDir, "postmaster.pid")}`,
    });
    return server;
  } catch (error) {
    await server.stop();
    throw explain(bindFailureAsPortInUse(error, options.port, "postgres"), options);
  }
}

function explain(error: unknown, options: PgServerOptions): unknown {
  if (!(options.owner && error instanceof FiredrillError && error.message.includes("Permission denied"))) return error;
  return new FiredrillError(
    "CONFIG_INVALID",
    `postgres runs as uid ${options.owner.uid} (PostgreSQL refuses root) and that user cannot reach ${options.runDir}; let it search every directory above (\`chmod o+x DIR\`) or choose another base directory\n${error.message}`,
    { cause: error },
  );
}

/**
 * The lock file the postmaster writes: line 1 is its pid, line 8 its status
 * ("starting", "ready", "stopping"), which is what pg_ctl waits on too.
 */
export async function readPostmasterPid(dataDir: string): Promise<{ pid: number; status: string } | undefined> {
  const text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
  const lines = text?.split("\n") ?? [];
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, status: (lines[7] ?? "").trim() } : undefined;
}

export interface PgLogin {
  port: number;
  user: string;
  password: string;
}

/** Runs `work` with a short-lived client on `database`, and always ends the client. */
export async function withClient<T>(login: PgLogin, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: LOOPBACK, port: login.port, user: login.user, password: login.password, database });
  // A server stopped under an idle client emits "error"; the caller sees failures through `work`.
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}
