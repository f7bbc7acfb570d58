import type http from "node:http";
import type { RequestContext } from "./request-context.ts";

/** One request as the layer in front of MSW sees it: the raw socket is still reachable. */
export interface Exchange {
  readonly context: RequestContext;
  readonly request: http.IncomingMessage;
  readonly response: http.ServerResponse;
  /** Closes the connection without an answer (journaled as "dropped"). */
  drop(): void;
}

/** "continue" passes the exchange on (eventually to MSW); "handled" means the interceptor answered or dropped it. */
export type InterceptResult = "continue" | "handled";
export type Interceptor = (exchange: Exchange) => InterceptResult | Promise<InterceptResult>;

/**
 * Faults that must act below HTTP semantics — latency, hangs, dropped
 * connections — run here, before MSW: a resolver cannot destroy a socket
 * (HttpResponse.error() breaks http-middleware).
 */
export class InterceptorChain {
  readonly #interceptors = new Map<symbol, Interceptor>();

  get size(): number {
    return this.#interceptors.size;
  }

  /** Adds an interceptor after the existing ones; returns its removal (idempotent). */
  add(interceptor: Interceptor): () => void {
    const key = Symbol("interceptor");
    this.#interceptors.set(key, interceptor);
    return () => {
      this.#interceptors.delete(key);
    };
  }

  clear(): void {
    this.#interceptors.clear();
  }

  async run(exchange: Exchange): Promise<InterceptResult> {
    for (const interceptor of [...this.#interceptors.values()]) {
      if (exchange.response.destroyed) return "handled";
      if ((await interceptor(exchange)) === "handled") return "handled";
    }
    return exchange.response.destroyed ? "handled" : "continue";
  }
}
