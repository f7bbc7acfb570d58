import { HttpErrors } from "../errors.ts";
import type { Router } from "../http/router.ts";
import type { FeedListener, OrderStatusChange } from "../orders/order-status-feed.ts";
import type { PortalServices } from "../services.ts";
import { auditAccess } from "./data-access.ts";

/**
 * GET /orders/stream: server-sent events of the caller's order status
 * changes (`event: order-status`), fed through Redis pub/sub. The token may
 * come as ?access_token= (EventSource cannot set headers). When Redis goes
 * away the stream gets `event: error` and ends; until it is back, new
 * streams are refused with 503.
 */
export function orderStreamRoutes(router: Router, { auth, db, feed, config }: PortalServices): void {
  router.get("/orders/stream", async (context) => {
    const principal = await auth.authenticate(context, { allowQueryToken: true });
    await auditAccess(db, context, principal, "orders.stream", principal.customerId);
    const { response } = context;
    const write = (chunk: string) => {
      if (!response.writableEnded && !response.destroyed) response.write(chunk);
    };
    let heartbeat: NodeJS.Timeout | undefined;
    let stopListening: (() => void) | undefined;
    const finish = () => {
      clearInterval(heartbeat);
      stopListening?.();
    };
    const listener: FeedListener = {
      onChange: (change: OrderStatusChange) => {
        if (change.customerId === principal.customerId) write(`event: order-status\ndata: ${JSON.stringify(change)}\n\n`);
      },
      onDown: (reason) => {
        stopListening = undefined;
        context.annotations.streamEnd = `feed down: ${reason}`;
        context.log.warn(`SSE connection closed: order status feed down (${reason})`, { component: "order-stream", customerId: principal.customerId });
        write(`event: error\ndata: ${JSON.stringify({ error: "stream unavailable" })}\n\n`);
        finish();
        response.end();
      },
    };
    try {
      stopListening = feed.listen(listener);
    } catch (error) {
      context.log.warn("Order status stream refused: Redis pub/sub unavailable", { component: "order-stream", customerId: principal.customerId });
      throw HttpErrors.serviceUnavailable(error);
    }
    response.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    write(`retry: 2000\n: subscribed to order status changes\n\n`);
    heartbeat = setInterval(() => write(": ping\n\n"), config.sseHeartbeatMs);
    response.once("close", finish);
    return "streamed";
  });
}
