import pg from "pg";
import { s } from "../../schema/index.ts";
import { compare, comparisonParams } from "../compare.ts";
import { withPostgres } from "../postgres-client.ts";
import { defineProbe, observing } from "../probe.ts";

const common = {
  url: s.optional(s.describe(s.string({ minLength: 1 }), "default: {{services.postgres.url}}, through the proxy, as the portal sees PostgreSQL")),
  timeoutMs: s.withDefault(s.number({ integer: true, min: 1, max: 60_000 }), 3_000),
};
const percent = s.number({ min: 0, max: 100 });
const olderThan = s.describe(s.duration(), "how long a query has been running, e.g. 10s");

/** Queries that run for longer than $1 ms, other than this probe's own. */
const LONG_QUERIES = `SELECT count(*)::int AS value FROM pg_stat_activity
  WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
    AND query_start < now() - make_interval(secs => $1::double precision / 1000)`;
const BLOCKED_QUERIES = `SELECT count(*)::int AS value FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock'`;
const CONNECTIONS = `SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
  current_setting('max_connections')::int AS max`;

/** A probe's connection: its timeout bounds the connect and every query. */
const probeConnection = (timeoutMs: number) => ({ applicationName: "firedrill-probe", connectTimeoutMs: timeoutMs, queryTimeoutMs: timeoutMs });

async function scalar(client: pg.Client, sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await client.query(sql, values);
  const first = rows[0] === undefined ? undefined : Object.values(rows[0] as object)[0];
  const value = Number(first);
  if (!Number.isFinite(value)) throw new Error(`query returned ${JSON.stringify(first ?? null)}, not a number: ${sql}`);
  return value;
}

/**
 * PostgreSQL as the runbook's `psql` diagnostics see it: `select-1`,
 * `connections` (a share of max_connections), `long-queries`,
 * `blocked-queries` (lock waits), or any `query` returning one number.
 */
export const postgresProbe = defineProbe({
  description: "PostgreSQL: SELECT 1, connection use, long-running and blocked queries, a query's value",
  params: s.discriminated("check", {
    "select-1": s.object({ check: s.literal("select-1"), expect: s.withDefault(s.enumOf(["ok", "fail"] as const, "expectation"), "ok"), ...common }),
    connections: s.object({ check: s.literal("connections"), atLeastPercentOfMax: s.optional(percent), belowPercentOfMax: s.optional(percent), ...common }),
    "long-queries": s.object({ check: s.literal("long-queries"), olderThanMs: s.from("olderThan", olderThan), ...comparisonParams, ...common }),
    "blocked-queries": s.object({ check: s.literal("blocked-queries"), ...comparisonParams, ...common }),
    query: s.object({ check: s.literal("query"), sql: s.string({ minLength: 1 }), ...comparisonParams, ...common }),
  }),
  check: observing(async ({ descriptor, params }) => {
    const url = params.url ?? descriptor.services.postgres.url;
    switch (params.check) {
      case "select-1": {
        const reply = await withPostgres(url, probeConnection(params.timeoutMs), (client) => scalar(client, "SELECT 1")).then(
          () => "SELECT 1",
          (error: Error) => `error: ${error.message}`,
        );
        return { matched: (reply === "SELECT 1") === (params.expect === "ok"), output: reply };
      }
      case "connections": {
        const { rows } = await withPostgres(url, probeConnection(params.timeoutMs), (client) => client.query<{ used: number; max: number }>(CONNECTIONS));
        const { used, max } = rows[0]!;
        const usedPercent = (used / max) * 100;
        const matched =
          (params.atLeastPercentOfMax === undefined || usedPercent >= params.atLeastPercentOfMax) &&
          (params.belowPercentOfMax === undefined || usedPercent < params.belowPercentOfMax);
        return { matched, output: { used, max, usedPercent: Math.round(usedPercent * 10) / 10 } };
      }
      case "long-queries":
      case "blocked-queries":
      case "query": {
        const [sql, values] = params.check === "long-queries" ? [LONG_QUERIES, [params.olderThanMs]] : params.check === "blocked-queries" ? [BLOCKED_QUERIES, []] : [params.sql, []];
        const value = await withPostgres(url, probeConnection(params.timeoutMs), (client) => scalar(client, sql, values));
        return { matched: compare(value, params), output: value };
      }
    }
  }),
});
