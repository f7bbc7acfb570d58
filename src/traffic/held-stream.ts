import type { TrafficClock } from "./clock.ts";
import type { OpenedStream } from "./portal-client.ts";
import { SseParser } from "./sse.ts";

/** How a stream ended: the customer closed it, or it was taken away (the portal's `event: error`, its end, a lost connection). */
export type StreamEnd = "closed" | "dropped";

export interface HeldStreamHooks {
  /** An `order-status` event arrived. */
  onMessage(): void;
  /** Called once. */
  onEnd(end: StreamEnd): void;
}

/**
 * An open GET /orders/stream that a customer keeps for `holdMs`, as a
 * browser tab does with an EventSource, then closes. Anything else that ends
 * it first is a drop — the runbook's "SSE connections dropping".
 */
export class HeldStream {
  readonly #opened: OpenedStream;
  readonly #hooks: HeldStreamHooks;
  readonly #cancelHold: () => void;
  #ended = false;

  constructor(opened: OpenedStream & { response: NonNullable<OpenedStream["response"]> }, options: { holdMs: number; clock: TrafficClock }, hooks: HeldStreamHooks) {
    this.#opened = opened;
    this.#hooks = hooks;
    this.#cancelHold = options.clock.setTimer(options.holdMs, () => this.close());
    const parser = new SseParser();
    const { response } = opened;
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      for (const event of parser.push(chunk)) {
        if (event === "order-status") this.#hooks.onMessage();
        else if (event === "error") this.#end("dropped");
      }
    });
    // Whatever ends it first — the portal's end, a lost connection — is a drop, unless the customer closed it.
    response.on("end", () => this.#end("dropped"));
    response.on("error", () => this.#end("dropped"));
    response.on("close", () => this.#end("dropped"));
  }

  /** The customer closes the stream (hold over, logout, traffic stopping). */
  close(): void {
    this.#end("closed");
  }

  #end(end: StreamEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#cancelHold();
    this.#opened.abort();
    this.#hooks.onEnd(end);
  }
}
