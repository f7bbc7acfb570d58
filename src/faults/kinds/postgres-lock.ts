import pg from "pg";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";

export const LOCK_MODES = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;

/**
 * A session (a "manual migration") opens a transaction, locks a table and
 * sits on it. It connects directly, not through the proxy: it is another
 * client of the database, not the portal. The revert rolls back and closes;
 * a session a responder already terminated counts as reverted.
 */
export const postgresLock = defineFault({
  description: "hold a transaction with LOCK TABLE on a table until reverted",
  params: s.object({
    table: s.string({ pattern: /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/, patternHint: "a table name such as orders or public.orders" }),
    mode: s.withDefault(s.enumOf(LOCK_MODES, "lock mode"), "ACCESS EXCLUSIVE"),
    applicationName: s.withDefault(s.string({ minLength: 1 }), "firedrill-lock"),
  }),
  async inject({ descriptor, params }) {
    const client = new pg.Client({ connectionString: descriptor.services.postgres.directUrl, application_name: params.applicationName, connectionTimeoutMillis: 5_000 });
    // A terminated backend surfaces here; the revert then has nothing left to undo.
    client.on("error", () => {});
    await client.connect();
    const table = params.table.split(".").map((part) => client.escapeIdentifier(part)).join(".");
    try {
      await client.query("BEGIN");
      await client.query(`LOCK TABLE ${table} IN ${params.mode} MODE`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    return faultHandle({ table: params.table, mode: params.mode, applicationName: params.applicationName, pid: rows[0]!.pid }, async () => {
      await client.query("ROLLBACK").catch(() => {});
      await client.end().catch(() => {});
    });
  },
});
