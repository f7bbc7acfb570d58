import { HttpErrors } from "../errors.ts";
import type { Router } from "../http/router.ts";
import type { PortalServices } from "../services.ts";
import { findCustomerById, publicCustomer } from "../store/customers.ts";
import { listOrders } from "../store/orders.ts";
import { auditAccess } from "./data-access.ts";

/** A customer's own record and orders; reading anyone else's is refused, and recorded. */
export function customerRoutes(router: Router, { auth, db }: PortalServices): void {
  router.get("/customers/:id", async (context) => {
    const principal = await auth.authenticate(context);
    const id = Number(context.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw HttpErrors.badRequest("customer id must be a positive integer");
    const own = id === principal.customerId;
    await auditAccess(db, context, principal, "customer.read", id, own);
    if (!own) throw HttpErrors.forbidden("customers can read only their own record");
    const customer = await findCustomerById(db, id);
    if (customer === undefined) throw HttpErrors.notFound();
    return { status: 200, body: publicCustomer(customer) };
  });

  router.get("/orders", async (context) => {
    const principal = await auth.authenticate(context);
    await auditAccess(db, context, principal, "orders.read", principal.customerId);
    return { status: 200, body: { orders: await listOrders(db, principal.customerId) } };
  });
}
