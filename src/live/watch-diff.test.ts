import { describe, expect, it } from "vitest";
import type { Backend, EnvironmentSnapshot, LogPresent, PostgresUp, RedisUp } from "./snapshot.ts";
import { advance, diffSnapshots } from "./watch-diff.ts";

const redis = (changes: Partial<RedisUp> = {}): RedisUp => ({
  state: "up",
  runId: "run-1",
  pid: 100,
  config: { maxmemory: "0", "maxmemory-policy": "noeviction" },
  flushCalls: 0,
  keys: 40,
  ...changes,
});
const backend = (changes: Partial<Backend> = {}): Backend => ({
  pid: 300,
  connectedAt: "2026-01-01 09:00:00+00",
  applicationName: "nightly-report",
  state: "idle in transaction",
  sessionAgeMs: 10_000,
  stateAgeMs: 10_000,
  ...changes,
});
const postgres = (changes: Partial<PostgresUp> = {}): PostgresUp => ({
  state: "up",
  startedAt: "2026-01-01 08:00:00+00",
  pid: 200,
  sessionsKilled: 0,
  backends: [],
  ...changes,
});
/** A log the previous poll saw at 100 bytes ("h100"); by default, what is read now starts with those bytes unchanged. */
const log = (changes: Partial<LogPresent> = {}): LogPresent => {
  const size = changes.size ?? 100;
  return { state: "present", ino: 7, size, hash: "h100", head: "first", prefix: size >= 100 ? { size: 100, hash: "h100" } : undefined, ...changes };
};
const snapshot = (changes: Partial<EnvironmentSnapshot> = {}): EnvironmentSnapshot => ({
  redis: redis(),
  postgres: postgres(),
  portal: { pid: 400, overrides: {} },
  logs: { "combined.log": log(), "error.log": log({ ino: 8 }) },
  ...changes,
});
const names = (before: EnvironmentSnapshot, after: EnvironmentSnapshot) => diffSnapshots(before, after).map(({ action, params }) => ({ action, params }));

describe("diffSnapshots", () => {
  it("sees nothing when nothing changed, and takes appended log lines for what logs do", () => {
    const appended = snapshot({ logs: { "combined.log": log({ size: 180, hash: "h180" }), "error.log": log({ ino: 8 }) } });
    expect(diffSnapshots(snapshot(), snapshot())).toEqual([]);
    expect(diffSnapshots(snapshot(), appended)).toEqual([]);
  });

  it("tells a Redis restart by its run id, and a configuration change or a flush on the same server", () => {
    expect(names(snapshot(), snapshot({ redis: redis({ runId: "run-2", config: {}, keys: 0 }) }))).toEqual([{ action: "redis.restart", params: {} }]);
    expect(names(snapshot(), snapshot({ redis: redis({ config: { maxmemory: "0", "maxmemory-policy": "allkeys-lru" } }) }))).toEqual([
      { action: "redis.config-set", params: { "maxmemory-policy": "allkeys-lru" } },
    ]);
    expect(diffSnapshots(snapshot(), snapshot({ redis: redis({ flushCalls: 1, keys: 0 }) }))).toEqual([{ action: "redis.flushdb", params: {}, destructive: true }]);
    // Keys expiring are not a flush; without command counters, only an emptied keyspace is.
    expect(names(snapshot(), snapshot({ redis: redis({ keys: 3 }) }))).toEqual([]);
    expect(names(snapshot({ redis: redis({ flushCalls: undefined }) }), snapshot({ redis: redis({ flushCalls: undefined, keys: 0 }) }))).toEqual([
      { action: "redis.flushdb", params: {} },
    ]);
  });

  it("says start for a server that was down before the trainee acted, restart for one the trainee took down", () => {
    const up = snapshot();
    for (const [since, expected] of [
      ["firedrill", "redis.start"],
      ["watch-start", "redis.start"],
      ["trainee", "redis.restart"],
    ] as const) {
      expect(names(snapshot({ redis: { state: "down", since } }), up)).toEqual([{ action: expected, params: {} }]);
    }
    expect(names(snapshot({ postgres: { state: "down", since: "firedrill" } }), up)).toEqual([{ action: "postgres.start", params: {} }]);
    expect(names(up, snapshot({ postgres: postgres({ startedAt: "2026-01-01 10:00:00+00" }) }))).toEqual([{ action: "postgres.restart", params: {} }]);
    // Going down is not an action yet, and a server that could not be read says nothing.
    expect(names(up, snapshot({ redis: { state: "down" }, postgres: { state: "unknown", reason: "timeout" } }))).toEqual([]);
    expect(names(snapshot({ redis: { state: "unknown", reason: "timeout" } }), up)).toEqual([]);
  });

  it("takes the held sessions of an application that went while PostgreSQL counted sessions killed for a terminate-backend by name", () => {
    const held = postgres({ backends: [backend(), backend({ pid: 301 }), backend({ pid: 302, applicationName: "customer-portal" })] });
    const killed = postgres({ sessionsKilled: 2, backends: [backend({ pid: 302, applicationName: "customer-portal" })] });
    expect(names(snapshot({ postgres: held }), snapshot({ postgres: killed }))).toEqual([{ action: "postgres.terminate-backend", params: { applicationName: "nightly-report" } }]);
    // The same sessions closing by themselves: nothing was killed.
    expect(names(snapshot({ postgres: held }), snapshot({ postgres: { ...killed, sessionsKilled: 0 } }))).toEqual([]);
    // An unnamed client's sessions are named by pid.
    const unnamed = postgres({ backends: [backend({ applicationName: "" })] });
    expect(names(snapshot({ postgres: unnamed }), snapshot({ postgres: postgres({ sessionsKilled: 1 }) }))).toEqual([{ action: "postgres.terminate-backend", params: { pid: 300 } }]);
  });

  it("does not take short-lived clients, the portal's pool or firedrill's own sessions for terminated ones", () => {
    const before = postgres({
      backends: [
        backend({ applicationName: "psql", state: "idle", sessionAgeMs: 300, stateAgeMs: 300 }),
        backend({ pid: 301, applicationName: "customer-portal" }),
        backend({ pid: 302, applicationName: "firedrill-probe" }),
      ],
    });
    expect(names(snapshot({ postgres: before }), snapshot({ postgres: postgres({ sessionsKilled: 3 }) }))).toEqual([]);
    // A session that was busy for long enough counts however young it is.
    const busy = postgres({ backends: [backend({ sessionAgeMs: 500, stateAgeMs: 2_500, state: "active" })] });
    expect(names(snapshot({ postgres: busy }), snapshot({ postgres: postgres({ sessionsKilled: 1 }) }))).toHaveLength(1);
  });

  it("without the killed-sessions counter, takes only an application whose every session went at once", () => {
    const before = postgres({ sessionsKilled: undefined, backends: [backend(), backend({ pid: 301 })] });
    const oneLeft = postgres({ sessionsKilled: undefined, backends: [backend({ pid: 301 })] });
    expect(names(snapshot({ postgres: before }), snapshot({ postgres: oneLeft }))).toEqual([]);
    expect(names(snapshot({ postgres: before }), snapshot({ postgres: postgres({ sessionsKilled: undefined }) }))).toHaveLength(1);
    // A pid reused by a new session is not the old session still there.
    const reused = postgres({ sessionsKilled: undefined, backends: [backend({ connectedAt: "2026-01-01 09:05:00+00" })] });
    expect(names(snapshot({ postgres: postgres({ sessionsKilled: undefined, backends: [backend()] }) }), snapshot({ postgres: reused }))).toHaveLength(0);
  });

  it("records a portal restart with the variables it changed", () => {
    const before = snapshot({ portal: { pid: 400, overrides: { SF_EVENTS_ENABLED: "true" } } });
    const after = snapshot({ portal: { pid: 401, overrides: { SF_EVENTS_ENABLED: "true", SF_EVENTS_REPLAY: "ALL" } } });
    expect(names(before, after)).toEqual([{ action: "portal.restart", params: { set: { SF_EVENTS_REPLAY: "ALL" } } }]);
    expect(names(before, snapshot({ portal: { pid: 0, overrides: {} } }))).toEqual([]);
  });

  it("tells a truncated log, a rewritten one and a deleted one apart, all destructive", () => {
    const combined = (after: Partial<LogPresent> | { state: "absent" }) =>
      diffSnapshots(snapshot(), snapshot({ logs: { "combined.log": "state" in after && after.state === "absent" ? { state: "absent" } : log(after as Partial<LogPresent>), "error.log": log({ ino: 8 }) } }));
    expect(combined({ size: 0, hash: "empty", head: undefined })).toEqual([{ action: "log.truncate", params: { file: "combined.log" }, destructive: true }]);
    // Emptied, then written to again before the poll: the first line is a new one.
    expect(combined({ size: 40, hash: "new", head: "newer first" })).toEqual([{ action: "log.truncate", params: { file: "combined.log" }, destructive: true }]);
    // A line edited or removed: the first line stays, what follows differs.
    expect(combined({ size: 90, hash: "h90" })).toEqual([{ action: "log.rewrite", params: { file: "combined.log" }, destructive: true }]);
    expect(combined({ size: 120, hash: "h120", prefix: { size: 100, hash: "other" } })).toEqual([{ action: "log.rewrite", params: { file: "combined.log" }, destructive: true }]);
    expect(combined({ state: "absent" })).toEqual([{ action: "log.delete", params: { file: "combined.log" }, destructive: true }]);
    expect(combined({ ino: 9, size: 10, hash: "h10", head: "another" })).toEqual([{ action: "log.delete", params: { file: "combined.log" }, destructive: true }]);
  });

  it("lets a restarting portal start a new log", () => {
    const after = snapshot({ portal: { pid: 401, overrides: {} }, logs: { "combined.log": log({ ino: 9, size: 10, hash: "h10", head: "new" }), "error.log": log({ ino: 8 }) } });
    expect(names(snapshot(), after)).toEqual([{ action: "portal.restart", params: { set: {} } }]);
  });
});

describe("advance", () => {
  it("records nothing on the first poll or while firedrill acts, and remembers who took a server down", () => {
    const first = advance(undefined, snapshot(), { ignored: false });
    expect(first.actions).toEqual([]);
    const injected = advance(first.baseline, snapshot({ redis: { state: "down" } }), { ignored: true });
    expect(injected).toMatchObject({ actions: [], baseline: { redis: { state: "down", since: "firedrill" } } });
    // Still down on the next polls: it stays firedrill's doing.
    const still = advance(injected.baseline, snapshot({ redis: { state: "down" } }), { ignored: false });
    expect(still.baseline.redis).toEqual({ state: "down", since: "firedrill" });
    expect(advance(still.baseline, snapshot({ redis: redis({ runId: "run-2" }) }), { ignored: false }).actions.map((each) => each.action)).toEqual(["redis.start"]);
    const byTrainee = advance(first.baseline, snapshot({ redis: { state: "down" } }), { ignored: false });
    expect(advance(byTrainee.baseline, snapshot({ redis: redis({ runId: "run-2" }) }), { ignored: false }).actions.map((each) => each.action)).toEqual(["redis.restart"]);
  });

  it("keeps the last view of what a poll could not read, and a stopped portal's variables", () => {
    const first = advance(undefined, snapshot(), { ignored: false });
    const blind = advance(first.baseline, snapshot({ postgres: { state: "unknown", reason: "timeout" }, portal: { pid: 0, overrides: { A: "1" } } }), { ignored: false });
    expect(blind.baseline.postgres).toEqual(first.baseline.postgres);
    expect(blind.baseline.portal).toEqual({ pid: 400, overrides: {} });
    const back = advance(blind.baseline, snapshot({ portal: { pid: 401, overrides: { A: "1" } } }), { ignored: false });
    expect(back.actions.map(({ action, params }) => ({ action, params }))).toEqual([{ action: "portal.restart", params: { set: { A: "1" } } }]);
  });
});
