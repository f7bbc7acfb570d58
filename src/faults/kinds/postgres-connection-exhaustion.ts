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
    try {
      const { rows } = await first.query<{ max: number; reserved: number; terminated: number }>(
        `SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved,
           (SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE $1 AND backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()) AS t)::int AS terminated`,
        [params.terminatePortalConnections],
      );
      const { max, reserved, terminated } = rows[0]!;
      const inUse = Number((await first.query<{ count: string }>("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")).rows[0]!.count);
      const wanted = Math.max(0, max - inUse - (params.leaveReserved ? reserved : 0));
      while (held.length - 1 < wanted) {
        const batch = Math.min(OPEN_BATCH, wanted - (held.length - 1));
        held.push(...(await Promise.all(Array.from({ length: batch }, () => open(url, params.applicationName)))));
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
