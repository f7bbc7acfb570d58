import type { BayeuxTransport } from "./cometd-transport.ts";
import { type Advice, BayeuxError, type BayeuxMessage, eventsOf, META, Messages, type PlatformEvent, replyTo } from "./messages.ts";

export interface BayeuxClientOptions {
  /** Bound for handshake, subscribe and disconnect. */
  readonly requestTimeoutMs: number;
  /** Added to the server's advice.timeout for a held /meta/connect. */
  readonly connectGraceMs: number;
  readonly signal: AbortSignal;
}

/** The server holds a connect this long when its advice says nothing (Salesforce: 110 s). */
const DEFAULT_CONNECT_TIMEOUT_MS = 110_000;

/**
 * A minimal Bayeux long-polling client, one session: handshake, subscribe
 * with a replay id, then connect again and again. Failed replies throw
 * BayeuxError; the caller decides whether to re-handshake, log in again or
 * give up.
 */
export class BayeuxClient {
  readonly #transport: BayeuxTransport;
  readonly #options: BayeuxClientOptions;
  #clientId: string | undefined;
  #advice: Advice = {};
  #nextId = 1;

  constructor(transport: BayeuxTransport, options: BayeuxClientOptions) {
    this.#transport = transport;
    this.#options = options;
  }

  get clientId(): string | undefined {
    return this.#clientId;
  }

  async handshake(): Promise<string> {
    const reply = await this.#request(Messages.handshake(this.#id()), META.handshake, this.#options.requestTimeoutMs);
    if (typeof reply.clientId !== "string") throw new BayeuxError("other", META.handshake, "/meta/handshake failed: no clientId in a successful reply");
    this.#clientId = reply.clientId;
    return reply.clientId;
  }

  /** Subscribes with a replay id (-1 new events, -2 all retained, or the last id seen); returns the id the server confirmed. */
  async subscribe(channel: string, replayId: number): Promise<void> {
    await this.#request(Messages.subscribe(this.#id(), this.#requireClientId(), channel, replayId), META.subscribe, this.#options.requestTimeoutMs);
  }

  /**
   * One long poll: the events the server delivered (maybe none) and, when
   * the connect itself failed, why. Events come first in a batch and count
   * as delivered even when the connect that carried them failed.
   */
  async connect(): Promise<{ events: PlatformEvent[]; failure?: BayeuxError }> {
    const id = this.#id();
    const timeoutMs = (this.#advice.timeout ?? DEFAULT_CONNECT_TIMEOUT_MS) + this.#options.connectGraceMs;
    const replies = await this.#transport.send([Messages.connect(id, this.#requireClientId())], { timeoutMs, signal: this.#options.signal });
    const ack = replyTo(replies, META.connect, id);
    this.#remember(ack);
    const events = eventsOf(replies);
    return ack.successful === true ? { events } : { events, failure: BayeuxError.of(ack) };
  }

  /** Ends the session on the server; best effort, never throws. */
  async disconnect(): Promise<void> {
    if (this.#clientId === undefined) return;
    const message = Messages.disconnect(this.#id(), this.#clientId);
    this.#clientId = undefined;
    await this.#transport.send([message], { timeoutMs: this.#options.requestTimeoutMs, signal: AbortSignal.timeout(this.#options.requestTimeoutMs) }).catch(() => {});
  }

  /** How long the server asks clients to wait before the next connect. */
  get intervalMs(): number {
    return this.#advice.interval ?? 0;
  }

  async #request(message: BayeuxMessage, channel: string, timeoutMs: number): Promise<BayeuxMessage> {
    const replies = await this.#transport.send([message], { timeoutMs, signal: this.#options.signal });
    const reply = replyTo(replies, channel, String(message.id));
    this.#remember(reply);
    if (reply.successful !== true) throw BayeuxError.of(reply);
    return reply;
  }

  #remember(reply: BayeuxMessage): void {
    if (reply.advice !== undefined) this.#advice = { ...this.#advice, ...reply.advice };
  }

  #requireClientId(): string {
    if (this.#clientId === undefined) throw new BayeuxError("unknown-client", META.connect, "no session: handshake first");
    return this.#clientId;
  }

  #id(): string {
    return String(this.#nextId++);
  }
}
