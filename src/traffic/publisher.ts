import { FiredrillError } from "../errors.ts";
import type { TrafficClock } from "./clock.ts";
import { isLoopbackUrl } from "./loopback.ts";
import { OpenLoopScheduler } from "./scheduler.ts";
import type { SeededOrder } from "./seed.ts";
import type { SliRecorder } from "./sli/recorder.ts";

export const ORDER_EVENT = "OrderProvisionRequested__e";

/** Where Salesforce's side publishes a Platform Event; rejects when it was not accepted. */
export interface OrderEventSink {
  publish(event: string, payload: Record<string, unknown>): Promise<void>;
}

/** Through the mocks' control API, POST <controlUrl>/events: the mocks run in another process (on this machine). */
export function controlApiSink(controlUrl: string, timeoutMs = 5_000): OrderEventSink {
  if (!isLoopbackUrl(controlUrl)) throw new FiredrillError("CONFIG_INVALID", `traffic: the mocks control URL must be http:// on loopback, got "${controlUrl}"`);
  const url = `${controlUrl.replace(/\/+$/, "")}/events`;
  return {
    async publish(event, payload) {
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ event, payload }), signal: AbortSignal.timeout(timeoutMs) });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 200)}`);
    },
  };
}

/** Straight into mocks started in this process (StartedMocks.publishEvent). */
export function mocksSink(mocks: { publishEvent(event: string, payload: Record<string, unknown>): unknown }): OrderEventSink {
  return {
    async publish(event, payload) {
      mocks.publishEvent(event, payload);
    },
  };
}

/** The event Salesforce publishes when an order is approved, naming it both ways. */
export function orderEventPayload(order: SeededOrder): Record<string, unknown> {
  return { Order_Id__c: order.sfOrderId, Portal_Order_Id__c: order.orderId };
}

export interface OrderEventPublisherOptions {
  readonly sink: OrderEventSink;
  /** Each is approved once, in this order. */
  readonly orders: readonly SeededOrder[];
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly clock: TrafficClock;
  readonly recorder: SliRecorder;
}

/**
 * Salesforce's side of the drill: approves the seeded "Pending Review"
 * orders one by one, publishing OrderProvisionRequested__e for each at
 * `ratePerSecond` (open loop, like the customers), until the orders or the
 * duration run out. Each publish is counted as published or failed.
 */
export class OrderEventPublisher {
  readonly #options: OrderEventPublisherOptions;
  readonly #scheduler: OpenLoopScheduler;
  readonly #pending = new Set<Promise<void>>();

  constructor(options: OrderEventPublisherOptions) {
    this.#options = options;
    this.#scheduler = new OpenLoopScheduler({
      ratePerSecond: options.ratePerSecond,
      durationMs: options.durationMs,
      maxArrivals: options.orders.length,
      clock: options.clock,
      onArrival: (_dueMs, index) => this.#publish(options.orders[index]!),
    });
  }

  start(): this {
    this.#scheduler.start();
    return this;
  }

  /** Resolves once every order is published (or the duration is over) and the last publish has been answered. */
  async finished(): Promise<void> {
    await this.#scheduler.finished;
    await Promise.all(this.#pending);
  }

  /** Publishes no more; waits for the publishes under way. */
  async stop(): Promise<void> {
    this.#scheduler.stop();
    await this.finished();
  }

  #publish(order: SeededOrder): void {
    const { sink, recorder } = this.#options;
    const publishing = sink.publish(ORDER_EVENT, orderEventPayload(order)).then(
      () => recorder.event(true),
      () => recorder.event(false),
    );
    this.#pending.add(publishing);
    void publishing.finally(() => this.#pending.delete(publishing));
  }
}
