/**
 * The portal the runbook was written for reaches PostgreSQL through Prisma,
 * and its responders grep for Prisma's connection errors ("Prisma connection
 * errors in logs"). The sample portal uses `pg`, so it reports connection
 * failures with the code and words Prisma uses for the same condition.
 */
export interface DbFailure {
  /** Prisma's error code: P1001, P1008, P1017, P2024, P2037. */
  readonly code: string;
  readonly message: string;
}

export interface PoolFacts {
  readonly host: string;
  readonly port: string;
  readonly poolSize: number;
  readonly poolTimeoutMs: number;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EAI_AGAIN"]);

/** Prisma's code and message for a connection-level failure; undefined for anything else (a SQL error). */
export function describeDbError(error: unknown, pool: PoolFacts): DbFailure | undefined {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const message = error instanceof Error ? error.message : String(error);
  const at = `${pool.host}:${pool.port}`;
  if (UNREACHABLE.has(code)) return { code: "P1001", message: `Can't reach database server at \`${at}\`` };
  if (/timeout exceeded when trying to connect/i.test(message)) {
    return {
      code: "P2024",
      message: `Timed out fetching a new connection from the connection pool. (Current connection pool timeout: ${pool.poolTimeoutMs / 1000}, connection limit: ${pool.poolSize})`,
    };
  }
  if (code === "53300" || /too many clients|too many connections/i.test(message)) return { code: "P2037", message: `Too many database connections opened: ${message}` };
  if (code === "57P01" || code === "ECONNRESET" || code === "EPIPE" || /connection terminated|server closed the connection|Client has encountered a connection error/i.test(message)) {
    return { code: "P1017", message: "Server has closed the connection." };
  }
  if (code === "57P03" || code === "57P02") return { code: "P1001", message: `Can't reach database server at \`${at}\` (${message})` };
  if (code === "57014" || /query read timeout/i.test(message)) return { code: "P1008", message: `Operations timed out: ${message}` };
  return undefined;
}
