import path from "node:path";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Journal } from "../journal/journal.ts";
import { snapshotLog } from "./snapshot-logs.ts";
import { PostgresObserver } from "./snapshot-postgres.ts";
import { snapshotRedis } from "./snapshot-redis.ts";
import { type EnvironmentSnapshot, LOG_FILES, type LogSnapshot } from "./snapshot.ts";
import { advance, DEFAULT_DIFF_OPTIONS } from "./watch-diff.ts";

export interface WatchOptions {
  /** Read at every poll: pids and the portal's variables change as parts restart. */
  readonly descriptor: () => EnvironmentDescriptor;
  readonly journal: Journal;
  /** Who the observed actions are recorded for; default "trainee". */
  readonly actor?: string;
  /** Default 500. */
  readonly intervalMs?: number;
  /** True while firedrill itself acts on the environment (injecting or reverting a fault): what changes then is not the trainee's doing. */
  readonly ignore?: () => boolean;
  /** What a poll could not do (it never stops the watcher); default: nothing. */
  readonly onError?: (error: Error) => void;
}

export interface EnvironmentWatch extends AsyncDisposable {
  /** Stops polling and closes every connection; the poll under way finishes (and records) first. */
  stop(): Promise<void>;
  /** Resolves once a poll that began after this call has finished (at once when stopped): for callers that must know the watcher has seen a state. */
  nextPoll(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 500;
const SERVER_TIMEOUT_MS = 2_000;
/** How often `ignore` is sampled between polls: firedrill acting for less than a poll must still not be taken for the trainee. */
const IGNORE_SAMPLE_MS = 25;

async function takeSnapshot(descriptor: EnvironmentDescriptor, baseline: EnvironmentSnapshot | undefined, postgres: PostgresObserver): Promise<EnvironmentSnapshot> {
  const { redis, postgres: database } = descriptor.services;
  const target = descriptor.target;
  const logs = async (logDir: string) =>
    Object.fromEntries(await Promise.all(LOG_FILES.map(async (file) => [file, await snapshotLog(path.join(logDir, file), baseline?.logs[file])] as [string, LogSnapshot])));
  const [redisSnapshot, postgresSnapshot, logSnapshots] = await Promise.all([
    snapshotRedis(redis.directUrl, redis.pid, SERVER_TIMEOUT_MS),
    postgres.snapshot(database.directUrl, database.pid),
    target === undefined ? {} : logs(target.logDir),
  ]);
  return {
    redis: redisSnapshot,
    postgres: postgresSnapshot,
    portal: target === undefined ? undefined : { pid: target.pid, overrides: { ...target.overrides } },
    logs: logSnapshots,
  };
}

/**
 * Watches a live drill's environment and records, as observed `action`
 * events, the remediation the trainee takes with real tools: Redis started,
 * restarted, reconfigured or flushed; PostgreSQL started or restarted, a
 * client's sessions terminated; the portal restarted with changed variables;
 * a log truncated, deleted or rewritten. It polls and compares each poll
 * with the last (`diffSnapshots`); a stopped server is a state, not an error.
 */
export function watchEnvironment(options: WatchOptions): EnvironmentWatch {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const diffOptions = { ...DEFAULT_DIFF_OPTIONS, minSessionAgeMs: 2 * intervalMs };
  const ignore = () => {
    try {
      return options.ignore?.() === true;
    } catch {
      return true;
    }
  };
  const postgres = new PostgresObserver(SERVER_TIMEOUT_MS);
  let baseline: EnvironmentSnapshot | undefined;
  let stopped = false;
  let ignoredInWindow = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let waiting: (() => void)[] = [];

  const sampler = options.ignore === undefined ? undefined : setInterval(() => void (ignore() && (ignoredInWindow = true)), Math.min(IGNORE_SAMPLE_MS, intervalMs));

  const poll = async () => {
    const waiters = waiting;
    waiting = [];
    try {
      // The window since the previous poll began covers that poll's snapshot and the gap after it.
      const ignoredBefore = ignoredInWindow;
      ignoredInWindow = ignore();
      const snapshot = await takeSnapshot(options.descriptor(), baseline, postgres);
      if (ignore()) ignoredInWindow = true;
      const next = advance(baseline, snapshot, { ignored: ignoredBefore || ignoredInWindow, options: diffOptions });
      baseline = next.baseline;
      for (const action of next.actions) {
        options.journal.record({ kind: "action", actor: options.actor ?? "trainee", source: "observed", ok: true, ...action });
      }
    } catch (error) {
      options.onError?.(error as Error);
    } finally {
      for (const resolve of waiters) resolve();
    }
  };

  // One poll at a time: the next is scheduled when the last has finished, however long it took.
  const run = () => {
    polling = poll().finally(() => {
      polling = undefined;
      if (!stopped) timer = setTimeout(run, intervalMs);
    });
  };
  run();

  const stop = async () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(sampler);
    await polling;
    await postgres.close();
    for (const resolve of waiting) resolve();
    waiting = [];
  };
  return {
    stop,
    nextPoll: () => (stopped ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    [Symbol.asyncDispose]: stop,
  };
}
