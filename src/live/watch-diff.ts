import { actionKinds, isActionKind } from "../actions/registry.ts";
import {
  type Backend,
  type Down,
  type DownSince,
  type EnvironmentSnapshot,
  LOG_FILES,
  type LogFile,
  type LogSnapshot,
  type ObservedAction,
  type PortalSnapshot,
  type PostgresUp,
  type RedisUp,
  type Unknown,
} from "./snapshot.ts";

export interface DiffOptions {
  /** A session of another application counts as held (its end worth a look) once it is this old; the watcher passes two polls. */
  readonly minSessionAgeMs: number;
  /** …or once it has been active or idle in transaction for this long. */
  readonly minBusyMs: number;
}

export const DEFAULT_DIFF_OPTIONS: DiffOptions = { minSessionAgeMs: 1_000, minBusyMs: 2_000 };

/** The portal's pool and firedrill's own sessions (probes, faults' defaults, this watcher) are not the trainee's to terminate. */
const NOT_WATCHED_APPLICATION = /^(customer-portal$|firedrill)/;
const BUSY_STATES = new Set(["active", "idle in transaction", "idle in transaction (aborted)"]);
/** Without INFO commandstats, a keyspace that drops from at least this many keys to none is taken as a FLUSHDB. */
const FLUSHED_FROM_KEYS = 10;

function observed(action: string, params: Record<string, unknown> = {}): ObservedAction {
  const destructive = isActionKind(action) && (actionKinds[action] as { destructive?: boolean }).destructive === true;
  return { action, params, destructive };
}

/** The entries of `after` whose value differs from `before`'s; undefined when none did. */
function changedEntries(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const changed = Object.entries(after).filter(([key, value]) => before[key] !== value);
  return changed.length === 0 ? undefined : Object.fromEntries(changed);
}

/** A server seen up again after being down: started when it was down before the trainee acted, restarted when the trainee took it down. */
function cameBack(part: "redis" | "postgres", before: Down): ObservedAction {
  return observed(before.since === "trainee" ? `${part}.restart` : `${part}.start`);
}

function diffRedis(before: RedisUp | Down | Unknown, after: RedisUp | Down | Unknown): ObservedAction[] {
  if (before.state === "unknown" || after.state !== "up") return [];
  if (before.state === "down") return [cameBack("redis", before)];
  // A restart resets the configuration and the command counters: nothing else to compare.
  if (before.runId !== after.runId) return [observed("redis.restart")];
  const actions: ObservedAction[] = [];
  const config = changedEntries(before.config, after.config);
  if (config !== undefined) actions.push(observed("redis.config-set", config));
  const flushed =
    before.flushCalls !== undefined && after.flushCalls !== undefined ? after.flushCalls > before.flushCalls : before.keys >= FLUSHED_FROM_KEYS && after.keys === 0;
  if (flushed) actions.push(observed("redis.flushdb"));
  return actions;
}

const sessionKey = (backend: Backend) => `${backend.pid}@${backend.connectedAt}`;

function held(backend: Backend, options: DiffOptions): boolean {
  if (NOT_WATCHED_APPLICATION.test(backend.applicationName)) return false;
  return backend.sessionAgeMs >= options.minSessionAgeMs || (BUSY_STATES.has(backend.state) && backend.stateAgeMs >= options.minBusyMs);
}

/**
 * Sessions ended by pg_terminate_backend. The terminate itself is not
 * visible, so: held sessions of another application that are gone while the
 * server stayed up, and PostgreSQL counted sessions killed in between
 * (sessions_killed). Without that counter, only an application whose every
 * session went at once counts: a client closing one of its connections is not
 * a termination.
 */
function terminatedSessions(before: PostgresUp, after: PostgresUp, options: DiffOptions): ObservedAction[] {
  const counted = before.sessionsKilled !== undefined && after.sessionsKilled !== undefined;
  if (counted && after.sessionsKilled! <= before.sessionsKilled!) return [];
  const remaining = new Set(after.backends.map(sessionKey));
  const gone = before.backends.filter((backend) => !remaining.has(sessionKey(backend)) && held(backend, options));
  const applications = [...new Set(gone.map((backend) => backend.applicationName))].filter(
    (name) => counted || !after.backends.some((backend) => backend.applicationName === name),
  );
  return applications.flatMap((name) =>
    name === ""
      ? gone.filter((backend) => backend.applicationName === "").map((backend) => observed("postgres.terminate-backend", { pid: backend.pid }))
      : [observed("postgres.terminate-backend", { applicationName: name })],
  );
}

function diffPostgres(before: PostgresUp | Down | Unknown, after: PostgresUp | Down | Unknown, options: DiffOptions): ObservedAction[] {
  if (before.state === "unknown" || after.state !== "up") return [];
  if (before.state === "down") return [cameBack("postgres", before)];
  if (before.startedAt !== after.startedAt) return [observed("postgres.restart")];
  return terminatedSessions(before, after, options);
}

function diffPortal(before: PortalSnapshot | undefined, after: PortalSnapshot | undefined): ObservedAction[] {
  if (before === undefined || after === undefined || after.pid === 0 || after.pid === before.pid) return [];
  return [observed("portal.restart", { set: changedEntries(before.overrides, after.overrides) ?? {} })];
}

/**
 * A log emptied (and perhaps written to again since) is truncated; one whose
 * earlier content changed while its first line stayed is rewritten; one gone,
 * or replaced by another file, is deleted. Appending is what logs do.
 */
function diffLog(file: LogFile, before: LogSnapshot | undefined, after: LogSnapshot | undefined, portalRestarted: boolean): ObservedAction[] {
  if (before?.state !== "present" || after === undefined || after.state === "unknown") return [];
  if (after.state === "absent") return [observed("log.delete", { file })];
  const kept = after.prefix !== undefined && after.prefix.size === before.size && after.prefix.hash === before.hash;
  if (kept) return [];
  const headKept = before.head !== undefined && after.head === before.head;
  if (after.ino !== before.ino) {
    // A BFF of the user's own may start a new log when it starts.
    if (portalRestarted) return [];
    return [observed(headKept ? "log.rewrite" : "log.delete", { file })];
  }
  const truncated = after.size === 0 || (before.head !== undefined ? !headKept : after.size < before.size);
  return [observed(truncated ? "log.truncate" : "log.rewrite", { file })];
}

/** What the trainee did between two polls, as actions of the vocabulary with the params the answer keys match on. */
export function diffSnapshots(before: EnvironmentSnapshot, after: EnvironmentSnapshot, options: DiffOptions = DEFAULT_DIFF_OPTIONS): ObservedAction[] {
  const portal = diffPortal(before.portal, after.portal);
  return [
    ...diffRedis(before.redis, after.redis),
    ...diffPostgres(before.postgres, after.postgres, options),
    ...portal,
    ...LOG_FILES.flatMap((file) => diffLog(file, before.logs[file], after.logs[file], portal.length > 0)),
  ];
}

function carryServer<T extends { readonly state: string }>(before: T | Down | Unknown | undefined, after: T | Down | Unknown, since: DownSince): T | Down | Unknown {
  if (after.state === "unknown") return before ?? after;
  if (after.state === "down") return { state: "down", since: before?.state === "down" ? ((before as Down).since ?? since) : since };
  return after;
}

/**
 * The next baseline: what a poll could not see (a timeout, a stopped
 * portal's variables) stays as last seen, and a server seen down keeps who
 * took it down.
 */
function carry(before: EnvironmentSnapshot | undefined, after: EnvironmentSnapshot, since: DownSince): EnvironmentSnapshot {
  const logs = Object.fromEntries(
    LOG_FILES.flatMap((file) => {
      const log = after.logs[file]?.state === "unknown" ? (before?.logs[file] ?? after.logs[file]) : after.logs[file];
      return log === undefined ? [] : [[file, log]];
    }),
  );
  return {
    redis: carryServer(before?.redis, after.redis, since),
    postgres: carryServer(before?.postgres, after.postgres, since),
    portal: after.portal?.pid === 0 && before?.portal !== undefined ? before.portal : after.portal,
    logs,
  };
}

/**
 * One poll: the actions to record (none on the first poll, or when firedrill
 * itself acted in between) and the baseline the next poll compares with.
 */
export function advance(
  before: EnvironmentSnapshot | undefined,
  after: EnvironmentSnapshot,
  context: { readonly ignored: boolean; readonly options?: DiffOptions },
): { readonly baseline: EnvironmentSnapshot; readonly actions: readonly ObservedAction[] } {
  const since: DownSince = before === undefined ? "watch-start" : context.ignored ? "firedrill" : "trainee";
  const baseline = carry(before, after, since);
  if (before === undefined || context.ignored) return { baseline, actions: [] };
  return { baseline, actions: diffSnapshots(before, after, context.options) };
}
