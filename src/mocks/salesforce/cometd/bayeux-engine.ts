import type { Clock } from "../../clock.ts";
import { Conditions } from "../../conditions.ts";
import { BayeuxSession } from "./bayeux-session.ts";
import type { EventBus } from "./event-bus.ts";
import { type BayeuxMessage, echo, Failures, META } from "./messages.ts";

export interface BayeuxRequest {
  readonly messages: readonly BayeuxMessage[];
  /** Whether the request's Authorization header still names a valid session. */
  readonly authenticated: boolean;
  /** The BAYEUX_BROWSER cookie the client sent, if any. */
  readonly browserId: string | undefined;
  readonly signal: AbortSignal;
}

export interface BayeuxResponse {
  readonly replies: BayeuxMessage[];
  /** Set on a successful handshake: the client must send it back. */
  readonly browserId?: string;
}

export interface BayeuxEngineOptions {
  readonly connectTimeoutMs: number;
  /** Sessions with no connect for this long are forgotten (their next message gets 403::Unknown client). */
  readonly sessionIdleMs: number;
  /** Whether `/event/<name>` names a Platform Event of the org. */
  readonly isEventChannel: (channel: string) => boolean;
}

/**
 * Salesforce's CometD server for Platform Events: handshake, subscribe with
 * replay, long-polling connect, unsubscribe, disconnect. A batch's
 * /meta/connect is processed last (faye sends it with its subscribes), and is
 * held only when it came alone, so other replies are never delayed.
 */
export class BayeuxEngine {
  readonly subscribeDenials = new Conditions<true>();
  readonly #sessions = new Map<string, BayeuxSession>();
  readonly #bus: EventBus;
  readonly #clock: Clock;
  readonly #options: BayeuxEngineOptions;

  constructor(bus: EventBus, clock: Clock, options: BayeuxEngineOptions) {
    this.#bus = bus;
    this.#clock = clock;
    this.#options = options;
    bus.onPublish((event) => {
      for (const session of this.#sessions.values()) if (session.subscriptions.has(event.channel)) session.enqueue(event.message);
    });
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  async process(request: BayeuxRequest): Promise<BayeuxResponse> {
    const replies: BayeuxMessage[] = [];
    const connects: BayeuxMessage[] = [];
    let browserId: string | undefined;
    for (const message of request.messages) {
      const channel = message.channel;
      if (channel === META.connect) connects.push(message);
      else if (channel === META.handshake) {
        const { reply, session } = this.#handshake(message, request.authenticated);
        browserId = session?.browserId ?? browserId;
        replies.push(reply);
      } else replies.push(this.#other(message, request));
    }
    for (const [index, connect] of connects.entries()) {
      const canHold = replies.length === 0 && index === connects.length - 1;
      replies.push(...(await this.#connect(connect, request, canHold)));
    }
    return { replies, ...(browserId !== undefined && { browserId }) };
  }

  /** Forgets every client; held connects answer `reason` now, the rest get it on their next message. */
  dropAll(reason: "unknown-client" | "revoked"): number {
    const count = this.#sessions.size;
    for (const session of this.#sessions.values()) session.wake(reason);
    this.#sessions.clear();
    return count;
  }

  /** Lets every held connect go (the server is closing). */
  close(): void {
    for (const session of this.#sessions.values()) session.wake("closed");
    this.#sessions.clear();
  }

  #handshake(message: BayeuxMessage, authenticated: boolean): { reply: BayeuxMessage; session?: BayeuxSession } {
    if (!authenticated) return { reply: Failures.handshakeDenied(message) };
    this.#sweep();
    const session = new BayeuxSession(this.#clock.now());
    this.#sessions.set(session.clientId, session);
    const reply = {
      channel: META.handshake,
      ...echo(message, session.clientId),
      successful: true,
      version: "1.0",
      minimumVersion: "1.0",
      supportedConnectionTypes: ["long-polling"],
      advice: this.#advice(),
      ext: { replay: true, "payload.format": true },
    };
    return { reply, session };
  }

  #session(message: BayeuxMessage, request: BayeuxRequest): BayeuxSession | undefined {
    const session = typeof message.clientId === "string" ? this.#sessions.get(message.clientId) : undefined;
    return session !== undefined && session.browserId === request.browserId ? session : undefined;
  }

  #other(message: BayeuxMessage, request: BayeuxRequest): BayeuxMessage {
    const channel = typeof message.channel === "string" ? message.channel : undefined;
    if (channel === undefined) return Failures.badMessage(message);
    const session = this.#session(message, request);
    if (session === undefined) return Failures.unknownClient(channel, message);
    if (!request.authenticated) return Failures.authenticationInvalid(channel, message);
    session.lastSeenMs = this.#clock.now();
    if (channel === META.subscribe) return this.#subscribe(session, message);
    if (channel === META.unsubscribe) {
      if (typeof message.subscription === "string") session.subscriptions.delete(message.subscription);
      return { channel, ...echo(message, session.clientId), successful: true };
    }
    if (channel === META.disconnect) {
      this.#sessions.delete(session.clientId);
      session.wake("closed");
      return { channel, ...echo(message, session.clientId), successful: true };
    }
    return Failures.publishDenied(channel, message);
  }

  #subscribe(session: BayeuxSession, message: BayeuxMessage): BayeuxMessage {
    const channel = message.subscription;
    if (typeof channel !== "string") return Failures.badMessage(message);
    if (!this.#options.isEventChannel(channel)) return Failures.noSuchChannel(message, channel);
    if (this.subscribeDenials.active) return Failures.subscribeDenied(message);
    const requested = ((message.ext as BayeuxMessage | undefined)?.replay as BayeuxMessage | undefined)?.[channel];
    const replayId = requested === undefined ? -1 : typeof requested === "string" && /^-?\d+$/.test(requested) ? Number(requested) : requested;
    if (typeof replayId !== "number" || !Number.isSafeInteger(replayId)) return Failures.invalidReplayId(message, requested);
    const replayed = this.#bus.replayFrom(channel, replayId);
    if (replayed === "invalid") return Failures.invalidReplayId(message, requested);
    session.subscriptions.add(channel);
    if (!this.#bus.stalled) for (const event of replayed) session.enqueue(event.message);
    return { channel: META.subscribe, ...echo(message, session.clientId), successful: true, ext: { replay: { [channel]: replayId } } };
  }

  async #connect(message: BayeuxMessage, request: BayeuxRequest, canHold: boolean): Promise<BayeuxMessage[]> {
    const session = this.#session(message, request);
    if (session === undefined) return [Failures.unknownClient(META.connect, message)];
    if (!request.authenticated) return [Failures.authenticationInvalid(META.connect, message)];
    session.lastSeenMs = this.#clock.now();
    const ack = () => ({ channel: META.connect, ...echo(message, session.clientId), successful: true, advice: this.#advice() });
    if (!session.connected || !canHold || session.queued > 0) {
      session.connected = true;
      return [...session.drain(), ack()];
    }
    const reason = await session.hold(this.#options.connectTimeoutMs, request.signal);
    session.lastSeenMs = this.#clock.now();
    if (reason === "unknown-client") return [Failures.unknownClient(META.connect, message)];
    if (reason === "revoked") return [Failures.authenticationInvalid(META.connect, message)];
    if (request.signal.aborted) return [];
    // A newer connect took over: its response delivers whatever is queued.
    if (reason === "replaced") return [ack()];
    return [...session.drain(), ack()];
  }

  #advice(): BayeuxMessage {
    return { interval: 0, timeout: this.#options.connectTimeoutMs, reconnect: "retry" };
  }

  #sweep(): void {
    const idleSinceMs = this.#clock.now() - this.#options.sessionIdleMs;
    for (const [clientId, session] of this.#sessions) {
      if (!session.holding && session.lastSeenMs < idleSinceMs) this.#sessions.delete(clientId);
    }
  }
}
