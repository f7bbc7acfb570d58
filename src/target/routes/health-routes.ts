import type { Router } from "../http/router.ts";
import type { PortalServices } from "../services.ts";

/** GET /health: 200 with status "ok", or 503 with status "fail" and the failing checks' errors. */
export function healthRoutes(router: Router, { health }: PortalServices): void {
  router.get("/health", async () => {
    const report = await health.report();
    return { status: report.status === "ok" ? 200 : 503, body: report };
  });
}
