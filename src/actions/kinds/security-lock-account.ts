import { FiredrillError } from "../../errors.ts";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";
import { customerIds, filled, RESPONDER, revokeSessions, withPortalDatabase } from "./security-sessions.ts";

/**
 * The runbook's "consider isolating affected systems" for an account: sets
 * customers.status to locked, so the portal refuses its logins with 403
 * "account locked", and revokes its sessions (PostgreSQL and the Redis
 * blacklist), since a lock that leaves a stolen token working isolates
 * nothing. Closed accounts stay closed. Recorded in audit_events; the
 * details keep each account's previous status, to undo it after the drill.
 */
export const securityLockAccount = defineAction({
  description: "lock customer accounts (logins answer 403 account locked) and revoke their sessions",
  params: s.object({ customers: customerIds }),
  async run({ descriptor, params }) {
    return withPortalDatabase(descriptor, async (client) => {
      const ids = [...new Set(filled<readonly number[]>("security.lock-account", "customers", params.customers))];
      const { rows } = await client.query<{ id: string; status: string }>("SELECT id, status FROM customers WHERE id = ANY($1::bigint[]) FOR UPDATE", [ids]);
      const found = new Map(rows.map((row) => [Number(row.id), row.status]));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new FiredrillError("NOT_FOUND", `security.lock-account: no customer ${missing.join(", ")} in the portal's database; check the ids (login_events and sessions name them)`);
      const toLock = ids.filter((id) => found.get(id) === "active");
      await client.query("UPDATE customers SET status = 'locked', updated_at = now() WHERE id = ANY($1::bigint[]) AND status = 'active'", [toLock]);
      const sessions = await revokeSessions(descriptor, client, { customerIds: ids });
      for (const id of toLock) {
        await client.query("INSERT INTO audit_events (actor, action, subject, details) VALUES ($1, 'customer.locked', $2, $3)", [RESPONDER, `customer:${id}`, JSON.stringify({ reason: "security incident" })]);
      }
      return {
        locked: toLock,
        previousStatus: Object.fromEntries(ids.map((id) => [id, found.get(id)])),
        revokedSessions: sessions.revoked,
        blacklisted: sessions.blacklisted,
      };
    });
  },
});
