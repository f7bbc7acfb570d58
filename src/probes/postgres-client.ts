import pg from "pg";

/**
 * One short-lived connection, ended whatever happens: what probes, actions,
 * the responder and the engine use to reach PostgreSQL directly.
 * `queryTimeoutMs` bounds each query too (a probe must not hang on a lock).
 */
export async function withPostgres<T>(
  url: string,
  options: { readonly applicationName: string; readonly connectTimeoutMs: number; readonly queryTimeoutMs?: number },
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectTimeoutMs,
    ...(options.queryTimeoutMs !== undefined && { query_timeout: options.queryTimeoutMs }),
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}
