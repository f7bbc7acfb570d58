import { FiredrillError } from "../../errors.ts";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";
import { customerIds, filled, orPlaceholder, RESPONDER, revokeSessions, withPortalDatabase } from "./security-sessions.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JTI_HINT = "a session id (a jti is a UUID; sessions.jti and audit_events.details->>'jti' hold them)";
/** One jti, several comma-separated, or a list; normalised to a list, which it accepts again. */
const jtis = orPlaceholder(
  s.transform(
    s.union([s.array(s.string({ pattern: UUID, patternHint: JTI_HINT }), { minItems: 1 }), s.string({ pattern: /^\s*[0-9a-f-]{36}(\s*,\s*[0-9a-f-]{36})*\s*$/i, patternHint: JTI_HINT })], "a jti, a list of them, or a {{placeholder}}"),
    (value): readonly string[] => (typeof value === "string" ? value.split(",") : value).map((jti) => jti.trim().toLowerCase()),
  ),
  "a jti, a list of them, or a {{placeholder}}",
);

/**
 * Ends sessions at once: by `jti` (one, or several comma-separated) or every
 * session of a `customer`. Marks them revoked in PostgreSQL and puts their
 * jti on the portal's Redis blacklist as its logout does, so the very next
 * request with the token gets 401. Recorded in audit_events.
 */
export const securityRevokeSessions = defineAction({
  description: "revoke sessions by jti or by customer (sessions.revoked_at and the Redis token blacklist)",
  params: s.refine(
    s.object({ jti: s.optional(jtis), customer: s.optional(customerIds) }),
    (value, at, issues) => {
      if ((value.jti === undefined) === (value.customer === undefined)) issues.push({ path: at, message: "name the sessions: give either jti or customer (not both)" });
    },
  ),
  async run({ descriptor, params: raw }) {
    const params = {
      jti: raw.jti === undefined ? undefined : filled<readonly string[]>("security.revoke-sessions", "jti", raw.jti),
      customer: raw.customer === undefined ? undefined : filled<readonly number[]>("security.revoke-sessions", "customer", raw.customer),
    };
    return withPortalDatabase(descriptor, async (client) => {
      if (params.jti !== undefined) {
        const { rows } = await client.query<{ jti: string }>("SELECT jti FROM sessions WHERE jti = ANY($1::uuid[])", [params.jti]);
        const missing = params.jti.filter((jti) => !rows.some((row) => row.jti === jti));
        if (missing.length > 0) throw new FiredrillError("NOT_FOUND", `security.revoke-sessions: no session ${missing.join(", ")} in the portal's sessions table; check the jti (audit_events.details->>'jti')`);
      }
      const sessions = await revokeSessions(descriptor, client, { ...(params.jti && { jtis: params.jti }), ...(params.customer && { customerIds: params.customer }) });
      const subject = params.customer === undefined ? `sessions:${params.jti!.join(",")}` : `customer:${params.customer.join(",")}`;
      // "sessions", not "jti": a drill's probe that follows one jti through audit_events must not count the responder's record.
      await client.query("INSERT INTO audit_events (actor, action, subject, details) VALUES ($1, 'auth.sessions_revoked', $2, $3)", [RESPONDER, subject, JSON.stringify({ sessions: sessions.blacklisted })]);
      return { revokedSessions: sessions.revoked, blacklisted: sessions.blacklisted };
    });
  },
});
