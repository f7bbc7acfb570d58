import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { withPostgres } from "../../probes/postgres-client.ts";
import { parseInfo, withRedis } from "../../probes/redis-client.ts";
import { type LogStats, logStats, parseLog } from "./log-stats.ts";

/** The BFF's /health as the responder reads it. */
export interface HealthReading {
  readonly reachable: boolean;
  readonly status?: string;
  /** Names of the checks whose status is not "ok" (database, cache, salesforce, whmcs, freebit). */
  readonly failing: readonly string[];
}

export interface RedisReading {
  readonly reachable: boolean;
  readonly usedMemory?: number;
  readonly maxmemory?: number;
  readonly policy?: string;
}

export interface PostgresReading {
  readonly reachable: boolean;
  readonly error?: string;
  /** SQLSTATE of the failure: 53300 "too many clients" is exhaustion, not an outage. */
  readonly code?: string;
  readonly connections?: number;
  readonly maxConnections?: number;
  readonly reserved?: number;
  /** Client sessions by application, largest first (not the portal's pool, not the responder's own). */
  readonly holders: readonly { readonly applicationName: string; readonly count: number; readonly state: string }[];
  /** Sessions that block others' queries, with how many wait on each and since when. */
  readonly blockers: readonly { readonly pid: number; readonly applicationName: string; readonly blocked: number; readonly ageMs: number }[];
}

export interface SecurityReading {
  /** Failed logins since the incident began from the busiest /24 network. */
  readonly bruteForce?: { readonly network: string; readonly failures: number; readonly customerIds: readonly number[] };
  /** The session that read (or was refused) the most distinct customers' records since the incident began. */
  readonly exfiltration?: { readonly jti: string; readonly customerId: number; readonly distinctCustomers: number };
}

export interface Observations {
  readonly health: HealthReading;
  readonly redis: RedisReading;
  readonly postgres: PostgresReading;
  readonly security: SecurityReading;
  readonly log: LogStats;
  /** The BFF's variables that matter to the runbook's checks (SF_EVENTS_ENABLED, …), as it runs now. */
  readonly targetVariables: Readonly<Record<string, string>>;
  /** When the sweep was taken (epoch ms). */
  readonly atMs: number;
}

const TIMEOUT_MS = 3_000;
const RESPONDER_CONNECTION = { applicationName: "firedrill-responder", connectTimeoutMs: TIMEOUT_MS, queryTimeoutMs: TIMEOUT_MS } as const;

async function readHealth(descriptor: EnvironmentDescriptor): Promise<HealthReading> {
  if (descriptor.target === undefined) return { reachable: false, failing: [] };
  try {
    const response = await fetch(descriptor.target.healthUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.json()) as { status?: string; checks?: Record<string, { status?: string }> };
    const failing = Object.entries(body.checks ?? {}).flatMap(([name, check]) => (check.status === "ok" || check.status === "skipped" ? [] : [name]));
    return { reachable: true, ...(body.status !== undefined && { status: body.status }), failing };
  } catch {
    return { reachable: false, failing: [] };
  }
}

async function readRedis(descriptor: EnvironmentDescriptor): Promise<RedisReading> {
  try {
    return await withRedis(descriptor.services.redis.directUrl, TIMEOUT_MS, async (redis) => {
      const info = parseInfo(await redis.info("memory"));
      return { reachable: true, usedMemory: Number(info.used_memory), maxmemory: Number(info.maxmemory), ...(info.maxmemory_policy !== undefined && { policy: info.maxmemory_policy }) };
    });
  } catch {
    return { reachable: false };
  }
}

async function readPostgres(client: pg.Client): Promise<PostgresReading> {
  const settings = (
    await client.query<{ max: number; reserved: number; connections: number }>(
      `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved,
         (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend') AS connections`,
    )
  ).rows[0]!;
  const holders = await client.query<{ application_name: string; count: number; state: string }>(
    `SELECT application_name, count(*)::int AS count, max(coalesce(state, '')) AS state FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name NOT IN ('customer-portal', 'firedrill-responder', 'firedrill-engine')
      GROUP BY application_name ORDER BY count DESC`,
  );
  const blockers = await client.query<{ pid: number; application_name: string; blocked: number; age_ms: number }>(
    `SELECT b.pid, b.application_name, count(*)::int AS blocked,
            (extract(epoch FROM now() - coalesce(b.xact_start, b.query_start, b.backend_start)) * 1000)::float8 AS age_ms
       FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
       JOIN pg_stat_activity b ON b.pid = blocking.pid
      GROUP BY b.pid, b.application_name, b.xact_start, b.query_start, b.backend_start ORDER BY blocked DESC`,
  );
  return {
    reachable: true,
    connections: settings.connections,
    maxConnections: settings.max,
    reserved: settings.reserved,
    holders: holders.rows.map((row) => ({ applicationName: row.application_name, count: row.count, state: row.state })),
    blockers: blockers.rows.map((row) => ({ pid: row.pid, applicationName: row.application_name, blocked: row.blocked, ageMs: Math.round(row.age_ms) })),
  };
}

async function readSecurity(client: pg.Client, since: Date): Promise<SecurityReading> {
  try {
    const brute = (
      await client.query<{ network: string; failures: number; customer_ids: (number | string | null)[] }>(
        `SELECT set_masklen(ip, 24)::cidr::text AS network, count(*)::int AS failures, array_agg(DISTINCT customer_id) AS customer_ids
           FROM login_events WHERE NOT success AND at >= $1 GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
        [since],
      )
    ).rows[0];
    const exfil = (
      await client.query<{ jti: string; actor: string; distinct_customers: number }>(
        `SELECT details->>'jti' AS jti, min(actor) AS actor, count(DISTINCT subject)::int AS distinct_customers FROM audit_events
          WHERE action IN ('customer.read', 'customer.read_denied') AND at >= $1 AND details ? 'jti'
          GROUP BY 1 ORDER BY 3 DESC LIMIT 1`,
        [since],
      )
    ).rows[0];
    return {
      ...(brute !== undefined && { bruteForce: { network: brute.network, failures: brute.failures, customerIds: brute.customer_ids.filter((id) => id !== null).map(Number) } }),
      ...(exfil !== undefined && { exfiltration: { jti: exfil.jti, customerId: Number(exfil.actor.replace(/^customer:/, "")), distinctCustomers: exfil.distinct_customers } }),
    };
  } catch {
    // The portal's tables may be unreadable (a lock): the security checks see nothing then.
    return {};
  }
}

/**
 * PostgreSQL and the security tables over one superuser connection: when the
 * server is full, only its reserved slots are left, so the responder takes one.
 */
async function readDatabase(descriptor: EnvironmentDescriptor, since: Date): Promise<{ postgres: PostgresReading; security: SecurityReading }> {
  try {
    return await withPostgres(descriptor.services.postgres.directUrl, RESPONDER_CONNECTION, async (client) => ({ postgres: await readPostgres(client), security: await readSecurity(client, since) }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      postgres: { reachable: false, error: error instanceof Error ? error.message : String(error), ...(code !== undefined && { code }), holders: [], blockers: [] },
      security: {},
    };
  }
}

async function readLog(descriptor: EnvironmentDescriptor, since: Date): Promise<LogStats> {
  const text = descriptor.target === undefined ? "" : await readFile(path.join(descriptor.target.logDir, "combined.log"), "utf8").catch(() => "");
  return logStats(parseLog(text, since));
}

const WATCHED_VARIABLES = ["SF_EVENTS_ENABLED", "SF_EVENTS_REPLAY", "CIRCUIT_BREAKER_ENABLED", "AUTH_BLACKLIST_FAIL_CLOSED"];

/**
 * One sweep of the on-call engineer's checks, all at once: the health
 * endpoint, Redis and PostgreSQL themselves, the security tables, the BFF's
 * log since the incident began and its configuration.
 */
export async function observeEnvironment(descriptor: EnvironmentDescriptor, since: Date): Promise<Observations> {
  const [health, redis, { postgres, security }, log] = await Promise.all([readHealth(descriptor), readRedis(descriptor), readDatabase(descriptor, since), readLog(descriptor, since)]);
  const variables = { ...descriptor.env, ...(descriptor.target?.overrides ?? {}) };
  const targetVariables = Object.fromEntries(WATCHED_VARIABLES.flatMap((name) => (variables[name] === undefined ? [] : [[name, variables[name]!]])));
  return { health, redis, postgres, security, log, targetVariables, atMs: Date.now() };
}
