import type { Principal } from "../auth/auth-service.ts";
import type { RequestContext } from "../http/request-context.ts";
import type { Database } from "../store/database.ts";
import { audit } from "../store/security-records.ts";

/**
 * Records one authenticated read of a customer's data in audit_events, with
 * the session (jti): an investigation can then find one session reading
 * many customers' records. Runs before the data is returned: no audit, no data.
 */
export async function auditAccess(db: Database, context: RequestContext, principal: Principal, action: string, customerId: number, allowed = true): Promise<void> {
  await audit(db, {
    actor: `customer:${principal.customerId}`,
    action: allowed ? action : `${action}_denied`,
    subject: `customer:${customerId}`,
    details: { jti: principal.jti, ip: context.ip, path: context.path, requestId: context.requestId },
  });
}
