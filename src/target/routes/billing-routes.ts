import type { Principal } from "../auth/auth-service.ts";
import { ExternalCallError, HttpErrors } from "../errors.ts";
import type { RequestContext } from "../http/request-context.ts";
import type { Reply, Router } from "../http/router.ts";
import type { PortalServices } from "../services.ts";
import { findCustomerById } from "../store/customers.ts";
import { auditAccess } from "./data-access.ts";

/**
 * Billing pages from WHMCS, cached in Redis for BILLING_CACHE_TTL_SECONDS.
 * When WHMCS fails (down, erroring, circuit open) they answer 503
 * `{"error":"service unavailable"}`; the WHMCS error line is in error.log.
 */
export function billingRoutes(router: Router, services: PortalServices): void {
  const { auth, db, cache, whmcs, config } = services;

  const page = (action: string, kind: string, load: (clientId: number) => Promise<unknown>) => async (context: RequestContext): Promise<Reply> => {
    const principal: Principal = await auth.authenticate(context);
    await auditAccess(db, context, principal, `${kind}.read`, principal.customerId);
    const customer = await findCustomerById(db, principal.customerId);
    if (customer?.whmcsClientId == null) throw HttpErrors.notFound();
    const clientId = customer.whmcsClientId;
    try {
      const { value, cache: outcome } = await cache.get(`cache:whmcs:${kind}:${clientId}`, config.billingCacheTtlSeconds, () => load(clientId));
      context.annotations.cache = outcome;
      return { status: 200, body: value, headers: { "X-Cache": outcome.toUpperCase() } };
    } catch (error) {
      if (error instanceof ExternalCallError) {
        context.annotations.whmcsAction = action;
        throw HttpErrors.serviceUnavailable(error);
      }
      throw error;
    }
  };

  router.get("/billing/invoices", page("GetInvoices", "invoices", async (clientId) => ({ invoices: await whmcs.getInvoices(clientId) })));
  router.get("/billing/payment-methods", page("GetPayMethods", "payment_methods", async (clientId) => ({ paymentMethods: await whmcs.getPayMethods(clientId) })));
}
