import type { Queryable } from "./database.ts";

/** A login's record: the token's jti, so logout (and investigations) can find it. */
export async function createSession(db: Queryable, session: { jti: string; customerId: number; expiresAt: Date }): Promise<void> {
  await db.query("INSERT INTO sessions (jti, customer_id, expires_at) VALUES ($1, $2, $3)", [session.jti, session.customerId, session.expiresAt]);
}

export async function revokeSession(db: Queryable, jti: string): Promise<void> {
  await db.query("UPDATE sessions SET revoked_at = now() WHERE jti = $1 AND revoked_at IS NULL", [jti]);
}
