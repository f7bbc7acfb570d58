import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { controlOperator } from "../src/faults/operator.ts";
import { useEnvironment } from "../src/faults/testing.ts";
import { Journal } from "../src/journal/index.ts";
import { eventsOf } from "../src/journal/queries.ts";
import { type EnvironmentWatch, watchEnvironment } from "../src/live/watch.ts";
import { projectPath } from "../src/paths.ts";
import { withRedis } from "../src/probes/redis-client.ts";

/**
 * The watcher on a real environment: what a trainee does with real tools
 * (the control API, redis-cli, psql, a shell on the logs) is recorded as
 * observed actions, with the params the answer keys match on.
 */
const environment = useEnvironment("lw", { portal: true });

interface Watching {
  readonly journal: Journal;
  readonly watch: EnvironmentWatch;
  /** The observed actions so far, as name and params. */
  actions(): { action: string; params: unknown; destructive: unknown }[];
  /** Two polls that began after now have finished: the watcher has seen the current state. */
  settle(): Promise<void>;
  /** Until an action with this name is recorded (bounded). */
  until(action: string): Promise<void>;
}

async function watching(ignore?: () => boolean): Promise<Watching> {
  const journal = new Journal({ drill: "watch-test", runId: "watch-test", mode: "train" });
  const watch = watchEnvironment({ descriptor: environment, journal, intervalMs: 200, ...(ignore && { ignore }) });
  const actions = () => eventsOf(journal.events, "action").map(({ action, params, destructive }) => ({ action, params, destructive }));
  const settle = async () => {
    await watch.nextPoll();
    await watch.nextPoll();
  };
  await settle();
  return {
    journal,
    watch,
    actions,
    settle,
    async until(action) {
      const deadline = Date.now() + 20_000;
      while (!actions().some((each) => each.action === action)) {
        if (Date.now() > deadline) throw new Error(`no ${action} observed after 20000ms; observed: ${JSON.stringify(actions())}`);
        await watch.nextPoll();
      }
      await settle();
    },
  };
}

const redisConfig = (name: string, value: string) => withRedis(environment().services.redis.directUrl, 3_000, (redis) => redis.config("SET", name, value));
const withPostgres = async <T>(use: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
};
const logPath = (file: string) => path.join(environment().target!.logDir, file);

describe("watchEnvironment", () => {
  it("records one redis.restart when Redis is restarted, and redis.start when it comes back from a stop firedrill made", async () => {
    const operator = controlOperator(environment());
    let ignoring = false;
    const { watch, actions, until } = await watching(() => ignoring);
    try {
      await operator.restartPart("redis");
      await until("redis.restart");
      expect(actions()).toEqual([{ action: "redis.restart", params: {}, destructive: false }]);

      ignoring = true;
      await operator.stopPart("redis");
      await watch.nextPoll();
      ignoring = false;
      await watch.nextPoll();
      await operator.startPart("redis");
      await until("redis.start");
      expect(actions().map((each) => each.action)).toEqual(["redis.restart", "redis.start"]);
    } finally {
      await watch.stop();
    }
  });

  it("records postgres.start when PostgreSQL comes back from a stop firedrill made, and no terminated sessions with it", async () => {
    const operator = controlOperator(environment());
    let ignoring = false;
    const { watch, actions, until } = await watching(() => ignoring);
    try {
      ignoring = true;
      await operator.stopPart("postgres");
      await watch.nextPoll();
      ignoring = false;
      await watch.nextPoll();
      await operator.startPart("postgres");
      await until("postgres.start");
      expect(actions()).toEqual([{ action: "postgres.start", params: {}, destructive: false }]);
    } finally {
      await watch.stop();
    }
  });

  it("records CONFIG SET maxmemory-policy as redis.config-set with the new value", async () => {
    const { watch, actions, until } = await watching();
    try {
      await redisConfig("maxmemory-policy", "allkeys-lru");
      await until("redis.config-set");
      expect(actions()).toEqual([{ action: "redis.config-set", params: { "maxmemory-policy": "allkeys-lru" }, destructive: false }]);
    } finally {
      await watch.stop();
      await redisConfig("maxmemory-policy", "noeviction");
    }
  });

  it("records the terminated sessions of a job by application name, and not a client that disconnects by itself", async () => {
    const url = environment().services.postgres.directUrl;
    const job = new pg.Client({ connectionString: url, application_name: "nightly-report" });
    const tidy = new pg.Client({ connectionString: url, application_name: "nightly-export" });
    const admin = new pg.Client({ connectionString: url, application_name: "psql" });
    job.on("error", () => {});
    await Promise.all([job.connect(), tidy.connect(), admin.connect()]);
    const { watch, actions, settle, until } = await watching();
    try {
      await job.query("BEGIN");
      await job.query("SELECT count(*) FROM orders");
      // Old enough to count as held (two polls), and seen so by the watcher.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await settle();
      await tidy.end();
      await settle();
      expect(actions()).toEqual([]);

      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'nightly-report'");
      await until("postgres.terminate-backend");
      expect(actions()).toEqual([{ action: "postgres.terminate-backend", params: { applicationName: "nightly-report" }, destructive: false }]);
    } finally {
      await watch.stop();
      await Promise.all([job.end().catch(() => {}), admin.end()]);
    }
  });

  it("records a portal restart with the variables it set", async () => {
    const { watch, actions, until } = await watching();
    try {
      await controlOperator(environment()).restartPart("portal", { SF_EVENTS_REPLAY: "ALL" });
      await until("portal.restart");
      expect(actions()).toEqual([{ action: "portal.restart", params: { set: { SF_EVENTS_REPLAY: "ALL" } }, destructive: false }]);
    } finally {
      await watch.stop();
    }
  });

  it("records a truncated combined.log and a rewritten error.log as destructive, and lines appended as nothing", async () => {
    await appendFile(logPath("error.log"), "first error\nWHMCS error for customer 42\nthird error\n");
    const { watch, actions, settle, until } = await watching();
    try {
      await appendFile(logPath("error.log"), "fourth error\n");
      await settle();
      expect(actions()).toEqual([]);

      await truncate(logPath("combined.log"), 0);
      await until("log.truncate");
      const text = await readFile(logPath("error.log"), "utf8");
      await writeFile(logPath("error.log"), text.replace("WHMCS error for customer 42\n", ""));
      await until("log.rewrite");
      expect(actions()).toEqual([
        { action: "log.truncate", params: { file: "combined.log" }, destructive: true },
        { action: "log.rewrite", params: { file: "error.log" }, destructive: true },
      ]);
    } finally {
      await watch.stop();
    }
  });

  it("records nothing while firedrill itself acts", async () => {
    let ignoring = true;
    const { watch, actions, settle } = await watching(() => ignoring);
    try {
      await redisConfig("maxmemory-policy", "allkeys-lfu");
      await truncate(logPath("combined.log"), 0);
      await settle();
      ignoring = false;
      await settle();
      expect(actions()).toEqual([]);
    } finally {
      await watch.stop();
      await redisConfig("maxmemory-policy", "noeviction");
    }
  });

  it("leaves no timers or connections behind once stopped: a process that stopped it exits by itself", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "live-watch-"));
    const script = path.join(dir, "watch-once.mts");
    await writeFile(
      script,
      `import { Journal } from ${JSON.stringify(projectPath("src", "journal", "index.ts"))};
       import { watchEnvironment } from ${JSON.stringify(projectPath("src", "live", "watch.ts"))};
       const descriptor = JSON.parse(process.env.WATCH_DESCRIPTOR);
       const watch = watchEnvironment({ descriptor: () => descriptor, journal: new Journal({ drill: "d", runId: "r" }), intervalMs: 50, ignore: () => false });
       for (let poll = 0; poll < 5; poll++) await watch.nextPoll();
       await watch.stop();
       console.log("stopped");`,
    );
    try {
      const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, WATCH_DESCRIPTOR: JSON.stringify(environment()) }, stdio: ["ignore", "pipe", "inherit"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      const limit = new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 20_000).unref());
      const outcome = await Promise.race([exited, limit]);
      if (outcome === "still running") child.kill("SIGKILL");
      expect({ outcome, output: output.trim() }).toEqual({ outcome: 0, output: "stopped" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("closes its PostgreSQL session when stopped, and stopping twice is safe", async () => {
    const { watch } = await watching();
    const sessions = () =>
      withPostgres((client) => client.query("SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = 'firedrill-watch'")).then(({ rows }) => rows[0].count);
    expect(await sessions()).toBe(1);
    await watch.stop();
    await watch.stop();
    expect(await sessions()).toBe(0);
    await expect(watch.nextPoll()).resolves.toBeUndefined();
  });
});
