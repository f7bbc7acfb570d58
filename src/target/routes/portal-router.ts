import { Router } from "../http/router.ts";
import type { PortalServices } from "../services.ts";
import { authRoutes } from "./auth-routes.ts";
import { billingRoutes } from "./billing-routes.ts";
import { customerRoutes } from "./customer-routes.ts";
import { healthRoutes } from "./health-routes.ts";
import { orderStreamRoutes } from "./order-stream-routes.ts";

/** Every route the portal serves. */
export function portalRouter(services: PortalServices): Router {
  const router = new Router();
  for (const routes of [healthRoutes, authRoutes, customerRoutes, billingRoutes, orderStreamRoutes]) routes(router, services);
  return router;
}
