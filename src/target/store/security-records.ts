import type { Queryable } from "./database.ts";

export type LoginReason = "ok" | "bad_password" | "unknown_email" | "locked" | "rate_limited";

/** One login attempt in login_events, as security reviews read them. */
export async function recordLogin(
  db: Queryable,
  attempt: { email: string; customerId: number | undefined; ip: string; success: boolean; reason: LoginReason },
): Promise<void> {
  await db.query("INSERT INTO login_events (email, customer_id, ip, success, reason) VALUES ($1, $2, $3, $4, $5)", [
    attempt.email.slice(0, 320),
    attempt.customerId ?? null,
    attempt.ip,
    attempt.success,
    attempt.reason,
  ]);
}

/**
 * One row in audit_events. `actor` is "customer:<id>", "staff:<name>" or
 * "system:<component>"; `subject` what was acted on ("customer:7", "order:12").
 */
export async function audit(db: Queryable, event: { actor: string; action: string; subject: string; details?: Record<string, unknown> }): Promise<void> {
  await db.query("INSERT INTO audit_events (actor, action, subject, details) VALUES ($1, $2, $3, $4)", [
    event.actor,
    event.action,
    event.subject,
    JSON.stringify(event.details ?? {}),
  ]);
}
