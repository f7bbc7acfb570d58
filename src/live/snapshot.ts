/**
 * What the watcher sees of an environment at one poll: plain data, so that
 * telling what changed between two polls (`diffSnapshots`) is a pure function.
 */

/** Why a server was down when it came back: it decides redis.start (it was down) from redis.restart (someone took it down and up). */
export type DownSince = "watch-start" | "firedrill" | "trainee";

/** Not reachable for a reason that says nothing about the server (a timeout, a full server): the previous view stands. */
export interface Unknown {
  readonly state: "unknown";
  readonly reason: string;
}

export interface Down {
  readonly state: "down";
  /** Filled in by `advance` from the poll that first saw it down. */
  readonly since?: DownSince;
}

export interface RedisUp {
  readonly state: "up";
  /** INFO server run_id: new at every start of the server, so a restart between two polls is seen even when the pid is reused. */
  readonly runId: string;
  readonly pid: number;
  /** CONFIG GET maxmemory*: maxmemory, maxmemory-policy, … */
  readonly config: Readonly<Record<string, string>>;
  /** Calls of FLUSHDB and FLUSHALL since the server started (INFO commandstats); undefined when it is not reported. */
  readonly flushCalls: number | undefined;
  /** Keys in all databases (INFO keyspace). */
  readonly keys: number;
}

export interface Backend {
  readonly pid: number;
  /** backend_start: with the pid, which session this is (pids are reused). */
  readonly connectedAt: string;
  readonly applicationName: string;
  /** pg_stat_activity.state: active, idle, idle in transaction, … */
  readonly state: string;
  /** Since the session connected. */
  readonly sessionAgeMs: number;
  /** Since it entered its current state. */
  readonly stateAgeMs: number;
}

export interface PostgresUp {
  readonly state: "up";
  /** pg_postmaster_start_time(): new at every start of the server. */
  readonly startedAt: string;
  readonly pid: number;
  /** Sum of pg_stat_database.sessions_killed (PostgreSQL >= 14): sessions ended by pg_terminate_backend. */
  readonly sessionsKilled: number | undefined;
  /** Client backends, the watcher's own session left out. */
  readonly backends: readonly Backend[];
}

export interface PortalSnapshot {
  /** 0 while stopped. */
  readonly pid: number;
  readonly overrides: Readonly<Record<string, string>>;
}

export interface LogPresent {
  readonly state: "present";
  readonly ino: number;
  readonly size: number;
  /** Hash of the whole file (its first `size` bytes). */
  readonly hash: string;
  /** Hash of the first line (up to 4 KiB), when the file has one: it tells a log emptied and written again from one edited. */
  readonly head: string | undefined;
  /** Hash of this file's first `prefix.size` bytes, the size the previous poll saw: compared with that poll's `hash`. */
  readonly prefix: { readonly size: number; readonly hash: string } | undefined;
}

export type LogSnapshot = LogPresent | { readonly state: "absent" } | Unknown;

export const LOG_FILES = ["combined.log", "error.log"] as const;
export type LogFile = (typeof LOG_FILES)[number];

export interface EnvironmentSnapshot {
  readonly redis: RedisUp | Down | Unknown;
  readonly postgres: PostgresUp | Down | Unknown;
  /** Absent when the environment runs without a BFF. */
  readonly portal: PortalSnapshot | undefined;
  readonly logs: Readonly<Partial<Record<LogFile, LogSnapshot>>>;
}

/** An action the watcher saw the trainee take, as the journal's `action` event names it. */
export interface ObservedAction {
  readonly action: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** As the action vocabulary says (FLUSHDB, touching the logs). */
  readonly destructive: boolean;
}
