import type { AuthService } from "./auth/auth-service.ts";
import type { WhmcsClient } from "./clients/whmcs-client.ts";
import type { PortalConfig } from "./config.ts";
import type { HealthService } from "./health/health-service.ts";
import type { OrderStatusFeed } from "./orders/order-status-feed.ts";
import type { ReadThroughCache } from "./store/cache.ts";
import type { Database } from "./store/database.ts";

/** What the routes use: built once at start, closed at shutdown by the portal. */
export interface PortalServices {
  readonly config: PortalConfig;
  readonly db: Database;
  readonly auth: AuthService;
  readonly cache: ReadThroughCache;
  readonly whmcs: WhmcsClient;
  readonly feed: OrderStatusFeed;
  readonly health: HealthService;
}
