import pg from "pg";
import type { Backend, Down, PostgresUp, Unknown } from "./snapshot.ts";

/** Refused, or the server starting or shutting down (57P03, 57P01): down. A full server (53300) or a timeout: Unknown. */
const DOWN = /ECONNREFUSED|ECONNRESET|ENOENT|the database system is (starting up|shutting down|in recovery)|terminating connection due to administrator command|Connection terminated/i;

interface ActivityRow {
  pid: number;
  application_name: string;
  state: string | null;
  connected_at: string;
  session_age_ms: number;
  state_age_ms: number;
}

/**
 * Reads PostgreSQL for the watcher on one long-lived session, opened again
 * when the server restarts: a session already held still gets in when a
 * runaway job has taken every free connection.
 */
export class PostgresObserver {
  readonly #timeoutMs: number;
  #client: pg.Client | undefined;
  #url: string | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  async snapshot(url: string, descriptorPid: number): Promise<PostgresUp | Down | Unknown> {
    if (descriptorPid === 0) {
      await this.close();
      return { state: "down" };
    }
    try {
      const reused = this.#client !== undefined && this.#url === url;
      // A session held from an earlier poll may have been ended (a restart, a trainee terminating every backend): try once on a new one.
      return await this.#read(url, descriptorPid).catch(async (error: unknown) => {
        if (!reused) throw error;
        await this.close();
        return this.#read(url, descriptorPid);
      });
    } catch (error) {
      await this.close();
      const message = (error as Error).message;
      return DOWN.test(message) || (error as { code?: string }).code === "57P03" ? { state: "down" } : { state: "unknown", reason: message };
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connected(url: string): Promise<pg.Client> {
    if (this.#client !== undefined && this.#url === url) return this.#client;
    await this.close();
    const client = new pg.Client({ connectionString: url, application_name: "firedrill-watch", connectionTimeoutMillis: this.#timeoutMs, query_timeout: this.#timeoutMs });
    // A server going down surfaces here between polls; the next query fails and the next poll reconnects.
    client.on("error", () => {});
    client.on("end", () => {
      if (this.#client === client) this.#client = undefined;
    });
    this.#client = client;
    this.#url = url;
    await client.connect();
    return client;
  }

  async #read(url: string, descriptorPid: number): Promise<PostgresUp> {
    const client = await this.#connected(url);
    const server = await client.query<{ started_at: string; version: number }>(
      "SELECT pg_postmaster_start_time()::text AS started_at, current_setting('server_version_num')::int AS version",
    );
    const { started_at: startedAt, version } = server.rows[0]!;
    // Activity first, then the counter: a session that has left pg_stat_activity was counted before it left.
    const activity = await client.query<ActivityRow>(
      `SELECT pid, application_name, state, backend_start::text AS connected_at,
              (extract(epoch FROM now() - backend_start) * 1000)::float8 AS session_age_ms,
              (extract(epoch FROM now() - coalesce(state_change, backend_start)) * 1000)::float8 AS state_age_ms
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    );
    const killed = version >= 140_000 ? await client.query<{ killed: string }>("SELECT coalesce(sum(sessions_killed), 0)::text AS killed FROM pg_stat_database") : undefined;
    const backends: Backend[] = activity.rows.map((row) => ({
      pid: row.pid,
      connectedAt: row.connected_at,
      applicationName: row.application_name,
      state: row.state ?? "",
      sessionAgeMs: row.session_age_ms,
      stateAgeMs: row.state_age_ms,
    }));
    return { state: "up", startedAt, pid: descriptorPid, sessionsKilled: killed === undefined ? undefined : Number(killed.rows[0]!.killed), backends };
  }
}
