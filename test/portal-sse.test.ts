import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StartedRedis, startRedis } from "../src/env/local/redis.ts";
import { ORDER_STATUS_CHANNEL } from "../src/target/index.ts";
import { eventually, http, login, messages, type PortalWorld, requestProvisioning, startPortalWorld, subscribed } from "./support/portal.ts";
import { type OpenStream, openOrderStream } from "./support/sse.ts";

// GET /orders/stream: order status over server-sent events, fed through Redis pub/sub.
let world: PortalWorld;
const streams: OpenStream[] = [];
const privateRedis: StartedRedis[] = [];

beforeAll(async () => {
  world = await startPortalWorld();
});
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});
afterAll(async () => {
  await Promise.allSettled(privateRedis.map((redis) => redis.stop()));
  await world?.close();
});

async function stream(...args: Parameters<typeof openOrderStream>) {
  const opened = await openOrderStream(...args);
  streams.push(opened);
  return opened;
}

describe("order status stream", () => {
  it("a customer's stream receives their order's change from Pending Review to Provisioned", async () => {
    const { portal } = await world.portalOnFreshDatabase({ SF_EVENTS_ENABLED: "true" });
    await subscribed(portal);
    const token = await login(portal, "sota.takahashi@example.com");
    const orders = await stream(portal, token);
    expect(orders.status).toBe(200);
    requestProvisioning(world, 4);
    const change = await orders.next("order-status");
    expect(change.data).toMatchObject({ orderId: 4, customerId: 4, from: "Pending Review", to: "Provisioned", at: expect.any(String) });
  });

  it("sends a customer only their own orders' changes", async () => {
    const portal = await world.portal();
    const mine = await stream(portal, await login(portal, "ren.ito@example.com"));
    const publisher = world.redisClient();
    await publisher.connect();
    await publisher.publish(ORDER_STATUS_CHANNEL, JSON.stringify({ orderId: 1, customerId: 1, from: "Approved", to: "Provisioned", at: new Date().toISOString() }));
    await publisher.publish(ORDER_STATUS_CHANNEL, JSON.stringify({ orderId: 6, customerId: 6, from: "Approved", to: "Provisioning", at: new Date().toISOString() }));
    expect((await mine.next("order-status")).data).toMatchObject({ orderId: 6, to: "Provisioning" });
    expect(mine.frames.map((frame) => frame.data.orderId)).toEqual([6]);
  });
});

describe("SSE connections dropping when Redis goes away", () => {
  async function portalWithOwnRedis() {
    const redis = await startRedis({ baseDir: world.dir });
    privateRedis.push(redis);
    const portal = await world.portal({ REDIS_URL: redis.url, AUTH_BLACKLIST_FAIL_CLOSED: "false" });
    return { redis, portal };
  }

  it("Redis stopped: open streams get an error event and end, new ones are refused with 503", async () => {
    const { redis, portal } = await portalWithOwnRedis();
    const token = await login(portal, "mei.yamamoto@example.com");
    const orders = await stream(portal, token);
    await redis.stop();
    expect((await orders.next("error", 3_000)).data).toEqual({ error: "stream unavailable" });
    await orders.ended;
    expect(await http(portal, "/orders/stream", { token })).toMatchObject({ status: 503, body: { error: "service unavailable" } });
    expect(await messages(portal, "SSE connection closed: order status feed down")).toHaveLength(1);
    const [line] = (await messages(portal, "GET /orders/stream 200"));
    expect(line).toBeDefined();
  });

  it("Redis hung: the heartbeat notices, the stream ends, and streaming works again once Redis answers", async () => {
    const { redis, portal } = await portalWithOwnRedis();
    const token = await login(portal, "yuto.nakamura@example.com");
    const orders = await stream(portal, token);
    await redis.pause();
    try {
      const started = performance.now();
      await orders.next("error", 5_000);
      await orders.ended;
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await messages(portal, "Order status feed down (Redis heartbeat failed")).toHaveLength(1);
    } finally {
      await redis.resume();
    }
    const again = await eventually("a new stream", async () => {
      const opened = await stream(portal, token);
      return opened.status === 200 ? opened : undefined;
    }, 10_000, 200);
    expect(again.status).toBe(200);
  });
});
