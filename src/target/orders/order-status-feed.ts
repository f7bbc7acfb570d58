import type { Redis } from "ioredis";
import { messageOf } from "../errors.ts";
import type { Logger } from "../log/logger.ts";

export const ORDER_STATUS_CHANNEL = "portal:orders:status";

export interface OrderStatusChange {
  readonly orderId: number;
  readonly customerId: number;
  readonly from: string;
  readonly to: string;
  /** ISO 8601. */
  readonly at: string;
}

export interface FeedListener {
  onChange(change: OrderStatusChange): void;
  /** The feed lost Redis: the listener is dropped and must end its stream. */
  onDown(reason: string): void;
}

/**
 * Order status changes through Redis pub/sub, so every portal instance's SSE
 * streams see every change. While Redis is unreachable the feed is down:
 * listeners are told and dropped (their streams end), new ones are refused.
 * A heartbeat notices a hung Redis that keeps its connection open.
 */
export class OrderStatusFeed {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #log: Logger;
  readonly #listeners = new Set<FeedListener>();
  readonly #heartbeat: NodeJS.Timeout;
  #up = false;

  constructor(publisher: Redis, subscriber: Redis, logger: Logger, heartbeatMs: number) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#log = logger.child({ component: "order-stream" });
    subscriber.on("message", (channel: string, message: string) => this.#dispatch(channel, message));
    subscriber.on("close", () => this.#down("Redis connection closed"));
    // Subscribing again after a reconnect is harmless, and needed when Redis was down at start.
    subscriber.on("ready", () => void this.start());
    this.#heartbeat = setInterval(() => void this.#beat(), heartbeatMs);
    this.#heartbeat.unref();
  }

  get up(): boolean {
    return this.#up && this.#subscriber.status === "ready";
  }

  /** Subscribes to the channel; false when Redis is unreachable now (the feed comes up by itself once it is back). */
  async start(): Promise<boolean> {
    try {
      await this.#subscriber.subscribe(ORDER_STATUS_CHANNEL);
      this.#up = true;
      return true;
    } catch (error) {
      this.#log.warn(`Order status feed not subscribed yet: ${messageOf(error)}`);
      return false;
    }
  }

  /** Adds a listener; throws when the feed is down. Returns the function that removes it. */
  listen(listener: FeedListener): () => void {
    if (!this.up) throw new Error("order status feed is down: Redis pub/sub unavailable");
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Publishes a change; a lost change is logged, never thrown (the order itself changed in PostgreSQL). */
  async publish(change: OrderStatusChange): Promise<void> {
    try {
      await this.#publisher.publish(ORDER_STATUS_CHANNEL, JSON.stringify(change));
    } catch (error) {
      this.#log.warn(`Order ${change.orderId} status change to ${change.to} not published: ${messageOf(error)}`, { orderId: change.orderId });
    }
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.#down("portal shutting down");
  }

  async #beat(): Promise<void> {
    if (this.#listeners.size === 0 || !this.#up) return;
    try {
      await this.#subscriber.ping();
    } catch (error) {
      this.#down(`Redis heartbeat failed: ${messageOf(error)}`);
      // A hung server keeps the socket open: reconnect so "ready" says when it answers again.
      this.#subscriber.disconnect(true);
    }
  }

  #down(reason: string): void {
    this.#up = false;
    if (this.#listeners.size === 0) return;
    this.#log.warn(`Order status feed down (${reason}): closing ${this.#listeners.size} SSE stream(s)`, { streams: this.#listeners.size });
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener.onDown(reason);
  }

  #dispatch(channel: string, message: string): void {
    if (channel !== ORDER_STATUS_CHANNEL) return;
    let change: OrderStatusChange;
    try {
      change = JSON.parse(message) as OrderStatusChange;
    } catch {
      return;
    }
    for (const listener of this.#listeners) listener.onChange(change);
  }
}
