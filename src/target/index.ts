export { startPortal, type StartedPortal } from "./portal.ts";
export { loadConfig, HEALTH_CHECKS, REPLAY_MODES, type HealthCheckName, type PortalConfig, type ReplayMode } from "./config.ts";
export type { HealthReport, CheckResult } from "./health/health-service.ts";
export { replayKey } from "./events/replay-store.ts";
export { ORDER_STATUS_CHANNEL, type OrderStatusChange } from "./orders/order-status-feed.ts";
