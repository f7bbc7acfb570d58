import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import type { Logger } from "../log/logger.ts";
import { type DbFailure, describeDbError, type PoolFacts } from "./db-errors.ts";

/** A query that failed because the database could not be reached or used; the message is Prisma's. */
export class DatabaseUnavailableError extends Error {
  readonly code: string;

  constructor(failure: DbFailure, cause: unknown) {
    super(`${failure.code}: ${failure.message}`, { cause });
    this.name = "DatabaseUnavailableError";
    this.code = failure.code;
  }
}

export interface Queryable {
  query<R extends pg.QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * The pg pool, sized by DATABASE_URL's connection_limit. Every query that
 * fails for want of a database logs one "Prisma connection error" line and
 * throws DatabaseUnavailableError; other errors pass through unchanged.
 */
export class Database implements Queryable {
  readonly pool: pg.Pool;
  readonly #facts: PoolFacts;
  readonly #log: Logger;

  constructor(config: DatabaseConfig, logger: Logger) {
    const url = new URL(config.url);
    this.#facts = { host: url.hostname, port: url.port || "5432", poolSize: config.poolSize, poolTimeoutMs: config.poolTimeoutMs };
    this.#log = logger.child({ component: "database" });
    this.pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      connectionTimeoutMillis: config.poolTimeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: config.statementTimeoutMs,
      query_timeout: config.statementTimeoutMs + 1_000,
      application_name: "customer-portal",
    });
    // An idle pooled connection that dies (server restarted) must not crash the process.
    this.pool.on("error", (error) => this.#fail(error));
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params as unknown[])).rows;
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /** Runs `work` in a transaction on one connection; rolls back when it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.#fail(error);
    }
    const tx: Queryable = { query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows };
    let failed: unknown;
    try {
      await client.query("BEGIN");
      const result = await work(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      failed = this.#fail(error);
      throw failed;
    } finally {
      // A connection that broke mid-transaction is destroyed, not handed to the next request.
      client.release(failed instanceof DatabaseUnavailableError ? failed : undefined);
    }
  }

  /** Connections in use and waiting, for the health check. */
  get poolStats(): { total: number; idle: number; waiting: number; max: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount, max: this.#facts.poolSize };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  #fail(error: unknown): unknown {
    if (error instanceof DatabaseUnavailableError) return error;
    const failure = describeDbError(error, this.#facts);
    if (failure === undefined) return error;
    this.#log.error(`Prisma connection error ${failure.code}: ${failure.message}`, { code: failure.code, cause: error });
    return new DatabaseUnavailableError(failure, error);
  }
}
