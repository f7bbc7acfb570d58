import pg from "pg";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";

const OPEN_BATCH = 10;

async function open(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 5_000 });
  // A responder terminating these backends surfaces here; the revert then has less to close.
  client.on("error", () => {});
  await client.connect();
  return client;
}

const closeAll = (clients: readonly pg.Client[]) => Promise.all(clients.map((client) => client.end().catch(() => {})));

/**
 * A runaway job (a "nightly report") takes every free connection and holds
 * it, idle or idle in transaction. With `leaveReserved`, the superuser
 * reserved slots stay free, so an administrator can still get in; with
 * `terminatePortalConnections`, the database's other client sessions are
 * terminated first, so the portal's pool has to reconnect into a full server.
 * The revert closes every held connection.
 */
export const postgresConnectionExhaustion = defineFault({
  description: "hold every free PostgreSQL connection until reverted",
  params: s.object({
    applicationName: s.withDefault(s.string({ minLength: 1 }), "firedrill-hog"),
    state: s.withDefault(s.enumOf(["idle", "idle in transaction"] as const, "state"), "idle in transaction"),
    leaveReserved: s.withDefault(s.boolean(), true),
    terminatePortalConnections: s.withDefault(s.boolean(), false),
  }),
  async inject({ descriptor, params }) {
    const url = descriptor.services.postgres.directUrl;
    const first = await open(url, params.applicationName);
    const held = [first];
    const count = async (sql: string, values: unknown[] = []) => Number((await first.query<{ count: string }>(sql, values)).rows[0]!.count);
    try {
      const { rows } = await first.query<{ max: number; reserved: number }>(
        "SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved",
      );
      const { max, reserved } = rows[0]!;
      const capacity = max - (params.leaveReserved ? reserved : 0);
      /** Opens connections until the server holds `capacity` client sessions (or refuses more: 53300). */
      const fill = async (): Promise<void> => {
        for (;;) {
          const missing = capacity - (await count("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"));
          if (missing <= 0) return;
          const opened = await Promise.allSettled(Array.from({ length: Math.min(OPEN_BATCH, missing) }, () => open(url, params.applicationName)));
          let full = false;
          for (const result of opened) {
            if (result.status === "fulfilled") held.push(result.value);
            // Others (the portal's pool, growing) took the last slots first: the server is full, which is the point.
            else if ((result.reason as { code?: string }).code === "53300") full = true;
            else throw result.reason;
          }
          if (full) return;
        }
      };
      await fill();
      let terminated = 0;
      // The portal's pool keeps the connections it had: take them from it, and take their slots before it reconnects.
      // Superusers' sessions (administrators, firedrill's own checks) are left alone, as the reserved slots are.
      for (let round = 0; params.terminatePortalConnections && round < 10; round++) {
        const killed = await count(
          `SELECT count(*) FROM (SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
             WHERE a.backend_type = 'client backend' AND NOT r.rolsuper AND a.application_name <> $1) AS t`,
          [params.applicationName],
        );
        terminated += killed;
        await fill();
        if (killed === 0) break;
      }
      if (params.state === "idle in transaction") await Promise.all(held.map((client) => client.query("BEGIN")));
      return faultHandle({ applicationName: params.applicationName, state: params.state, held: held.length, maxConnections: max, reserved, terminated }, () =>
        closeAll(held).then(() => {}),
      );
    } catch (error) {
      await closeAll(held);
      throw error;
    }
  },
});
