import path from "node:path";
import pg from "pg";
import type { Drill } from "../drills/drill-schema.ts";
import { withRedis } from "../probes/redis-client.ts";
import type { RunningTraffic } from "../traffic/run.ts";
import type { DrillEnvironment } from "./drill-environment.ts";

async function post(url: string): Promise<void> {
  const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
}

/** Client sessions a previous drill may have left (not the portal's pool, not this check). */
async function terminateStrays(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: "firedrill-engine", connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name NOT IN ('customer-portal', 'firedrill-engine')
          AND datname = current_database()`,
    );
    return rowCount ?? 0;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The variables the target restarts with for a drill: the session's own,
 * the drill's setup on top, and every variable an earlier drill changed put
 * back (to the wiring's value, or empty: unset).
 */
export function targetVariablesFor(drill: Drill, current: Readonly<Record<string, string>>, base: Readonly<Record<string, string>>, wiring: Readonly<Record<string, string>>): Record<string, string> {
  const set: Record<string, string> = {};
  for (const key of Object.keys(current)) if (!(key in base)) set[key] = wiring[key] ?? "";
  return { ...set, ...base, ...drill.setup.targetEnv };
}

/**
 * Puts a reused environment back to a clean state for the next drill: no
 * toxics, mocks reset, Redis and PostgreSQL running, Redis emptied, stray
 * database sessions gone, the BFF restarted with the drill's variables.
 */
export async function resetEnvironment(environment: DrillEnvironment, drill: Drill): Promise<void> {
  const before = environment.descriptor();
  await post(`${before.proxy.apiUrl}/reset`);
  await post(`${before.mocks.controlUrl}/reset`);
  await environment.operator.startPart("redis");
  await environment.operator.startPart("postgres");
  await withRedis(before.services.redis.directUrl, 5_000, async (redis) => void (await redis.flushall()));
  await terminateStrays(before.services.postgres.directUrl);
  if (before.target !== undefined) {
    await environment.operator.restartPart("portal", targetVariablesFor(drill, before.target.overrides, environment.baseOverrides, before.env));
  }
}

/** Restores the target's variables to the session's own (the end of a session on someone else's environment). */
export async function restoreTarget(environment: DrillEnvironment): Promise<void> {
  const descriptor = environment.descriptor();
  if (descriptor.target === undefined) return;
  const { overrides } = descriptor.target;
  const changed = Object.keys(overrides).some((key) => overrides[key] !== environment.baseOverrides[key]) || Object.keys(environment.baseOverrides).some((key) => !(key in overrides));
  if (!changed) return;
  const set: Record<string, string> = {};
  for (const key of Object.keys(overrides)) if (!(key in environment.baseOverrides)) set[key] = descriptor.env[key] ?? "";
  await environment.operator.restartPart("portal", { ...set, ...environment.baseOverrides });
}

/** Default synthetic load during a drill; a drill's `setup.traffic` overrides any of these. */
export const DRILL_TRAFFIC = { rps: 10, customers: 20, eventsPerSecond: 2 } as const;

/**
 * Customers (and Salesforce publishing order events) against the target for
 * the drill; SLIs in <stateDir>/traffic/sli.jsonl, where the sli probe reads them.
 */
export async function startDrillTraffic(environment: DrillEnvironment, drill: Drill, maxDurationMs: number): Promise<RunningTraffic | undefined> {
  const descriptor = environment.descriptor();
  if (descriptor.target === undefined) return undefined;
  const { startTraffic, controlApiSink } = await import("../traffic/index.ts");
  const { eventsPerSecond, ...overrides } = { ...DRILL_TRAFFIC, ...(drill.setup.traffic as Record<string, unknown>) } as typeof DRILL_TRAFFIC & Record<string, unknown>;
  return startTraffic({
    ...overrides,
    targetUrl: descriptor.target.url,
    durationMs: maxDurationMs,
    name: descriptor.name,
    outDir: path.join(descriptor.stateDir, "traffic"),
    events: { sink: controlApiSink(descriptor.mocks.controlUrl), ratePerSecond: Number(eventsPerSecond) },
  });
}
