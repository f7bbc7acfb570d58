import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.ts";
import { controlApiSink, OrderEventPublisher, type OrderEventSink } from "./publisher.ts";
import { PENDING_REVIEW_ORDERS } from "./seed.ts";
import { SliRecorder } from "./sli/recorder.ts";
import { NO_GAUGES } from "./sli/window.ts";

function publisher(options: { ratePerSecond: number; durationMs: number; fail?: (orderId: number) => boolean }) {
  const clock = new ManualClock(0);
  const published: { at: number; event: string; payload: Record<string, unknown> }[] = [];
  const sink: OrderEventSink = {
    async publish(event, payload) {
      published.push({ at: clock.now(), event, payload });
      if (options.fail?.(payload.Portal_Order_Id__c as number)) throw new Error("mocks control answered 500");
    },
  };
  const recorder = new SliRecorder({ clock, windowMs: 1_000, retainWindows: 60, gauges: () => NO_GAUGES });
  const events = new OrderEventPublisher({ sink, orders: PENDING_REVIEW_ORDERS, ratePerSecond: options.ratePerSecond, durationMs: options.durationMs, clock, recorder }).start();
  return { clock, published, recorder, events };
}

describe("OrderEventPublisher (Salesforce's side)", () => {
  it("approves each seeded Pending Review order once, at the rate, naming it both ways", async () => {
    const { clock, published, recorder, events } = publisher({ ratePerSecond: 2, durationMs: 60_000 });
    clock.advance(10_000);
    await events.finished();
    expect(published.map((event) => event.at)).toEqual([0, 500, 1_000, 1_500, 2_000, 2_500]);
    expect(published[0]).toEqual({ at: 0, event: "OrderProvisionRequested__e", payload: { Order_Id__c: "801Dr0000000004AAA", Portal_Order_Id__c: 4 } });
    expect(published.map((event) => event.payload.Portal_Order_Id__c)).toEqual([4, 10, 15, 21, 27, 38]);
    expect(recorder.total().events).toEqual({ published: 6, failed: 0 });
  });

  it("stops with the duration, and counts the publishes the mocks refused", async () => {
    const { clock, published, recorder, events } = publisher({ ratePerSecond: 1, durationMs: 3_000, fail: (orderId) => orderId === 10 });
    clock.advance(10_000);
    await events.finished();
    expect(published).toHaveLength(3);
    expect(recorder.total().events).toEqual({ published: 2, failed: 1 });
  });

  it("publishes through a mocks control API on this machine only", () => {
    expect(() => controlApiSink("http://203.0.113.9:9000")).toThrow('traffic: the mocks control URL must be http:// on loopback, got "http://203.0.113.9:9000"');
    expect(controlApiSink("http://127.0.0.1:9000/")).toBeDefined();
  });
});
