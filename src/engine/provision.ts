import path from "node:path";
import { withPostgres } from "../probes/postgres-client.ts";
import type { Drill } from "../drills/drill-schema.ts";
import { withRedis } from "../probes/redis-client.ts";
import type { RunningTraffic } from "../traffic/run.ts";
import type { DrillEnvironment } from "./drill-environment.ts";

async function post(url: string): Promise<void> {
  const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
}

/**
 * The portal's database back to its seed: dropped (WITH FORCE: the portal's
 * pool and anything a drill left are disconnected) and created again from the
 * environment's seeded template. Orders are Pending Review again, no
 * account is locked, login and audit records start empty.
 */
async function recreateDatabase(directUrl: string, database: string, template: string): Promise<void> {
  const url = new URL(directUrl);
  url.pathname = "/postgres";
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await withPostgres(url.toString(), { applicationName: "firedrill-engine", connectTimeoutMs: 5_000 }, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quote(database)} TEMPLATE ${quote(template)}`);
  });
}

/**
 * The variables the target restarts with for a drill: the session's own,
 * the drill's setup on top, and every variable an earlier drill changed put
 * back (to its value when the session began, or empty: unset).
 */
export function targetVariablesFor(
  targetEnv: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  base: Readonly<Record<string, string>>,
  wiring: Readonly<Record<string, string>>,
): Record<string, string> {
  const set: Record<string, string> = {};
  for (const key of Object.keys(current)) if (!(key in base)) set[key] = wiring[key] ?? "";
  return { ...set, ...base, ...targetEnv };
}

/**
 * Puts a reused environment back to a clean state for the next drill: no
 * toxics, mocks reset to their fixtures, Redis and PostgreSQL running, Redis
 * emptied, the database re-created from its seed, the BFF restarted with the
 * drill's variables.
 */
export async function resetEnvironment(environment: DrillEnvironment, drill: Drill): Promise<void> {
  const before = environment.descriptor();
  // The BFF first: stopped before its database goes, it never waits on a connection that is being dropped.
  if (before.target !== undefined) await environment.operator.stopPart("portal");
  await post(`${before.proxy.apiUrl}/reset`);
  await post(`${before.mocks.controlUrl}/reset`);
  await environment.operator.startPart("redis");
  await environment.operator.startPart("postgres");
  await withRedis(before.services.redis.directUrl, 5_000, async (redis) => void (await redis.flushall()));
  const { directUrl, database, templateDatabase } = before.services.postgres;
  await recreateDatabase(directUrl, database, templateDatabase);
  if (before.target !== undefined) {
    await environment.operator.restartPart("portal", targetVariablesFor(drill.setup.targetEnv, before.target.overrides, environment.baseOverrides, environment.baseVariables));
  }
}

/** Restores the target's variables to the session's own (the end of a session on someone else's environment). */
export async function restoreTarget(environment: DrillEnvironment): Promise<void> {
  const descriptor = environment.descriptor();
  if (descriptor.target === undefined) return;
  const { overrides } = descriptor.target;
  const changed = Object.keys(overrides).some((key) => overrides[key] !== environment.baseOverrides[key]) || Object.keys(environment.baseOverrides).some((key) => !(key in overrides));
  if (!changed) return;
  await environment.operator.restartPart("portal", targetVariablesFor({}, overrides, environment.baseOverrides, environment.baseVariables));
}

/** Default synthetic load during a drill; a drill's `setup.traffic` overrides any of these. */
export const DRILL_TRAFFIC = { rps: 10, customers: 20, eventsPerSecond: 2, rollingMs: [5_000, 10_000, 20_000, 30_000] } as const;

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
