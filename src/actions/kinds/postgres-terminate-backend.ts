import { withPostgres } from "../../probes/postgres-client.ts";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";

/**
 * `SELECT pg_terminate_backend(pid)` — the runbook's "look for long-running
 * queries and kill if necessary". Picks backends by pid, application name,
 * state or age (all given conditions must hold); never the portal's own
 * pool unless named, never this session.
 */
export const postgresTerminateBackend = defineAction({
  description: "terminate PostgreSQL backends by pid, application name, state or age",
  params: s.refine(
    s.object({
      pid: s.optional(s.number({ integer: true, min: 1 })),
      applicationName: s.optional(s.string({ minLength: 1 })),
      state: s.optional(s.enumOf(["active", "idle", "idle in transaction", "idle in transaction (aborted)"] as const, "state")),
      olderThanMs: s.from("olderThan", s.optional(s.duration())),
    }),
    (value, at, issues) => {
      if (value.pid === undefined && value.applicationName === undefined && value.state === undefined && value.olderThanMs === undefined) {
        issues.push({ path: at, message: "name the backends to terminate: pid, applicationName, state or olderThan" });
      }
    },
  ),
  async run({ descriptor, params }) {
    return withPostgres(descriptor.services.postgres.directUrl, { applicationName: "firedrill-responder", connectTimeoutMs: 5_000 }, async (client) => {
      const { rows } = await client.query<{ pid: number; application_name: string; state: string; terminated: boolean }>(
        `SELECT pid, application_name, state, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
            AND ($1::int IS NULL OR pid = $1)
            AND ($2::text IS NULL OR application_name = $2)
            AND ($3::text IS NULL OR state = $3)
            AND ($4::float8 IS NULL OR coalesce(xact_start, query_start, backend_start) < now() - make_interval(secs => $4 / 1000))`,
        [params.pid ?? null, params.applicationName ?? null, params.state ?? null, params.olderThanMs ?? null],
      );
      return { terminated: rows.filter((row) => row.terminated).map((row) => ({ pid: row.pid, applicationName: row.application_name, state: row.state })) };
    });
  },
});
