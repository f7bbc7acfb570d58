import type pg from "pg";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { withPostgres } from "../../probes/postgres-client.ts";
import { withRedis } from "../../probes/redis-client.ts";
import { FiredrillError } from "../../errors.ts";
import { type Schema, s } from "../../schema/index.ts";
import { TokenBlacklist } from "../../target/auth/token-blacklist.ts";

/** Who the security actions say did it, in audit_events. */
export const RESPONDER = "staff:firedrill-responder";

const LIST = /^\s*\[?\s*\d+(\s*,\s*\d+)*\s*\]?\s*$/;
const PLACEHOLDER = /^\s*\{\{\s*[\w.-]+\s*\}\}\s*$/;

/**
 * `schema`, or a lone `{{placeholder}}` kept as it is: drills are checked
 * when they load, before the engine fills placeholders in; runAction checks
 * the filled-in value again, and `filled` refuses one left unfilled.
 */
export function orPlaceholder<T>(schema: Schema<T, "required">, expected: string): Schema<T | string, "required"> {
  return s.union([s.string({ pattern: PLACEHOLDER, patternHint: "a placeholder" }), schema], expected);
}

/** The value of an `orPlaceholder` param once placeholders are filled in; a placeholder still there is the caller's mistake. */
export function filled<T>(action: string, name: string, value: T | string): T {
  if (typeof value === "string" && PLACEHOLDER.test(value)) {
    throw new FiredrillError("CONFIG_INVALID", `${action}: params.${name} is still the placeholder ${value}; fill placeholders in before running the action (resolvePlaceholders)`);
  }
  return value as T;
}

/**
 * Customer ids as drills write them: a number, a list of numbers, or text
 * ("7", "1,2,3", or "[1, 2, 3]", which is what a `{{faults.<id>.…}}` list
 * placeholder may become). Normalised to a list, which it accepts again.
 */
export const customerIds = orPlaceholder(
  s.transform(
    s.union(
      [
        s.number({ integer: true, min: 1 }),
        s.array(s.number({ integer: true, min: 1 }), { minItems: 1 }),
        s.string({ pattern: LIST, patternHint: 'customer ids: a number, a list, or "1,2,3"' }),
      ],
      'customer ids: a number, a list of numbers, or "1,2,3"',
    ),
    (value): readonly number[] => (typeof value === "number" ? [value] : typeof value === "string" ? (value.match(/\d+/g) ?? []).map(Number) : value),
  ),
  'customer ids: a number, a list of numbers, "1,2,3", or a {{placeholder}}',
);

/** One direct (operator) connection to the portal's database, bypassing the fault proxy. */
export function withPortalDatabase<T>(descriptor: EnvironmentDescriptor, use: (client: pg.Client) => Promise<T>): Promise<T> {
  return withPostgres(descriptor.services.postgres.directUrl, { applicationName: "firedrill-responder", connectTimeoutMs: 5_000 }, use);
}

export interface RevokedSessions {
  /** Sessions this call marked revoked (revoked_at was null). */
  readonly revoked: string[];
  /** Unexpired sessions whose jti is now on the portal's Redis blacklist (revoked before or now). */
  readonly blacklisted: string[];
}

/**
 * Revokes sessions the way the portal's logout does: revoked_at in
 * PostgreSQL, and the jti on the Redis blacklist until the token would have
 * expired, so the portal refuses it on the next request. Sessions that were
 * revoked already are blacklisted again (harmless, and it heals a logout
 * whose blacklisting failed).
 */
export async function revokeSessions(descriptor: EnvironmentDescriptor, client: pg.Client, which: { jtis?: readonly string[]; customerIds?: readonly number[] }): Promise<RevokedSessions> {
  const filter = "(jti = ANY($1::uuid[]) OR customer_id = ANY($2::bigint[]))";
  const values = [which.jtis ?? [], which.customerIds ?? []];
  const revoked = await client.query<{ jti: string }>(`UPDATE sessions SET revoked_at = now() WHERE ${filter} AND revoked_at IS NULL RETURNING jti`, values);
  const live = await client.query<{ jti: string; exp: string }>(`SELECT jti, extract(epoch FROM expires_at)::bigint AS exp FROM sessions WHERE ${filter} AND expires_at > now()`, values);
  if (live.rows.length > 0) {
    await withRedis(descriptor.services.redis.directUrl, 5_000, async (redis) => {
      const blacklist = new TokenBlacklist(redis);
      for (const row of live.rows) await blacklist.revoke(row.jti, Number(row.exp));
    });
  }
  return { revoked: revoked.rows.map((row) => row.jti), blacklisted: live.rows.map((row) => row.jti) };
}
