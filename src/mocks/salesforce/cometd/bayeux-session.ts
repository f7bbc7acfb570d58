import { randomBytes } from "node:crypto";
import type { BayeuxMessage } from "./messages.ts";

/** Why a held /meta/connect was let go. */
export type WakeReason = "events" | "timeout" | "aborted" | "replaced" | "unknown-client" | "revoked" | "closed";

const MAX_QUEUED = 10_000;

/** One CometD client: its subscriptions, its queue of undelivered events, its held connect. */
export class BayeuxSession {
  readonly clientId = randomBytes(12).toString("base64url");
  /** The BAYEUX_BROWSER cookie value: requests without it reach "another server" and get 403::Unknown client. */
  readonly browserId = randomBytes(16).toString("hex");
  readonly subscriptions = new Set<string>();
  /** The first /meta/connect is answered at once, as CometD does. */
  connected = false;
  lastSeenMs: number;
  #queue: BayeuxMessage[] = [];
  #wake: ((reason: WakeReason) => void) | undefined;

  constructor(nowMs: number) {
    this.lastSeenMs = nowMs;
  }

  get holding(): boolean {
    return this.#wake !== undefined;
  }

  get queued(): number {
    return this.#queue.length;
  }

  enqueue(message: BayeuxMessage): void {
    this.#queue.push(message);
    if (this.#queue.length > MAX_QUEUED) this.#queue.shift();
    this.wake("events");
  }

  drain(): BayeuxMessage[] {
    const messages = this.#queue;
    this.#queue = [];
    return messages;
  }

  /** Holds a connect until events arrive, `timeoutMs` passes, the client goes away or the session ends. */
  hold(timeoutMs: number, signal: AbortSignal): Promise<WakeReason> {
    this.wake("replaced");
    if (signal.aborted) return Promise.resolve("aborted");
    return new Promise<WakeReason>((resolve) => {
      const onAbort = () => this.wake("aborted");
      const timer = setTimeout(() => this.wake("timeout"), timeoutMs);
      const wake = (reason: WakeReason) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.#wake === wake) this.#wake = undefined;
        resolve(reason);
      };
      this.#wake = wake;
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  wake(reason: WakeReason): void {
    this.#wake?.(reason);
  }
}
