import { setTimeout as sleep } from "node:timers/promises";
import type { ReplayMode } from "../config.ts";
import { ExternalCallError, messageOf } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { BayeuxError, type BayeuxFailureKind, type PlatformEvent, REPLAY_ALL, REPLAY_LATEST } from "./bayeux/messages.ts";
import { failureLine } from "./failure-line.ts";

export type SubscriptionState = "connecting" | "connected" | "disconnected" | "stopped";

export interface SubscriptionStatus {
  readonly state: SubscriptionState;
  readonly channel: string;
  /** ISO 8601: when the state last changed. */
  readonly since: string;
  readonly lastEventAt: string | undefined;
  /** The last replay id processed and stored. */
  readonly replayId: number | undefined;
  readonly lastError: string | undefined;
  /** Consecutive failed attempts; the subscriber gives up at maxAttempts. */
  readonly failedAttempts: number;
}

/** One Bayeux session as the subscriber uses it (BayeuxClient, or a fake in tests). */
export interface EventSession {
  handshake(): Promise<string>;
  subscribe(channel: string, replayId: number): Promise<void>;
  connect(): Promise<{ events: PlatformEvent[]; failure?: BayeuxError }>;
  disconnect(): Promise<void>;
  readonly intervalMs: number;
}

export interface SubscriberOptions {
  readonly channel: string;
  readonly replay: ReplayMode;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Logs in and opens a new session; `invalidateAuth` forgets the login after an auth failure. */
  readonly open: (signal: AbortSignal) => Promise<{ session: EventSession; invalidateAuth(): void }>;
  readonly replayStore: { load(): Promise<number | undefined>; save(replayId: number): Promise<void>; clear(): Promise<void> };
  readonly onEvent: (event: PlatformEvent) => Promise<void>;
  readonly logger: Logger;
}

/**
 * Keeps a Platform Event subscription alive: log in, handshake, subscribe
 * from the stored replay id (or -1 / -2 per SF_EVENTS_REPLAY), long-poll,
 * hand each event on, store its replay id. On `403::Unknown client` it
 * re-handshakes at once; other failures back off exponentially, and after
 * maxAttempts consecutive failures it stops until the portal restarts.
 */
/** How long stop() waits for an event being handled. */
const STOP_GRACE_MS = 1_000;

export class PlatformEventSubscriber {
  readonly #options: SubscriberOptions;
  readonly #log: Logger;
  readonly #stop = new AbortController();
  #running: Promise<void> | undefined;
  #session: EventSession | undefined;
  #state: SubscriptionState = "connecting";
  #since = new Date().toISOString();
  #lastEventAt: string | undefined;
  #replayId: number | undefined;
  #lastError: string | undefined;
  #failedAttempts = 0;

  constructor(options: SubscriberOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: "platform-events", channel: options.channel });
  }

  start(): void {
    this.#running ??= this.#run();
  }

  status(): SubscriptionStatus {
    return {
      state: this.#state,
      channel: this.#options.channel,
      since: this.#since,
      lastEventAt: this.#lastEventAt,
      replayId: this.#replayId,
      lastError: this.#lastError,
      failedAttempts: this.#failedAttempts,
    };
  }

  /** Stops polling, lets the event in hand finish, and ends the session on the server. */
  /**
   * Stops polling. An event still being handled (provisioning waits on
   * WHMCS and Freebit) gets STOP_GRACE_MS to finish; past it the portal
   * shuts down without it — its replay id was not stored, so Salesforce
   * delivers it again on the next subscription.
   */
  async stop(): Promise<void> {
    this.#stop.abort();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.#running?.then(() => true) ?? Promise.resolve(true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!finished) this.#log.warn(`Platform Event handling still in progress at shutdown after ${STOP_GRACE_MS}ms; its replay id is not stored, so the event is delivered again on the next subscription`);
    await this.#session?.disconnect();
    this.#setState("stopped");
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      let opened: Awaited<ReturnType<SubscriberOptions["open"]>> | undefined;
      try {
        this.#setState("connecting");
        opened = await this.#options.open(signal);
        this.#session = opened.session;
        const clientId = await opened.session.handshake();
        this.#log.info("Platform Event handshake ok", { clientId });
        const from = await this.#subscribe(opened.session);
        this.#failedAttempts = 0;
        this.#setState("connected");
        this.#log.info(`Platform Event subscribed to ${this.#options.channel}`, { clientId, replayFrom: from });
        await this.#poll(opened.session, signal);
      } catch (error) {
        if (signal.aborted) break;
        const kind = kindOf(error);
        if (kind === "auth") opened?.invalidateAuth();
        this.#failedAttempts += 1;
        this.#lastError = messageOf(error);
        this.#setState("disconnected");
        if (this.#failedAttempts >= this.#options.maxAttempts) {
          this.#log.error(`Platform Event subscription stopped after ${this.#failedAttempts} failed attempts: ${this.#lastError}; restart the portal to subscribe again`, { failure: kind });
          return;
        }
        const delayMs = kind === "unknown-client" && this.#failedAttempts === 1 ? 0 : this.#backoffMs();
        const retry = `retrying in ${delayMs}ms (attempt ${this.#failedAttempts} of ${this.#options.maxAttempts})`;
        const [level, msg] = failureLine(kind, this.#lastError, this.#replayId, retry);
        this.#log.log(level, msg, { failure: kind, attempt: this.#failedAttempts });
        await sleep(delayMs, undefined, { signal }).catch(() => {});
      }
    }
  }

  async #subscribe(session: EventSession): Promise<number> {
    const { channel, replay } = this.#options;
    const fallback = replay === "ALL" ? REPLAY_ALL : REPLAY_LATEST;
    let stored: number | undefined;
    try {
      stored = await this.#options.replayStore.load();
    } catch (error) {
      this.#log.warn(`Platform Event replay id unreadable (${messageOf(error)}); subscribing per SF_EVENTS_REPLAY=${replay} (${fallback})`);
    }
    if (stored === undefined) {
      await session.subscribe(channel, fallback);
      return fallback;
    }
    try {
      await session.subscribe(channel, stored);
      this.#replayId = stored;
      return stored;
    } catch (error) {
      if (!(error instanceof BayeuxError && error.kind === "invalid-replay")) throw error;
      const lost = replay === "LATEST" ? "; events published since it will not be replayed (set SF_EVENTS_REPLAY=ALL to replay every retained event)" : "";
      this.#log.error(`Platform Event replay id ${stored} rejected: ${error.message}; falling back to SF_EVENTS_REPLAY=${replay} (${fallback})${lost}`, { replayId: stored });
      await this.#options.replayStore.clear().catch(() => {});
      await session.subscribe(channel, fallback);
      return fallback;
    }
  }

  async #poll(session: EventSession, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const { events, failure } = await session.connect();
      for (const event of events) await this.#deliver(event);
      if (failure !== undefined) throw failure;
      if (session.intervalMs > 0) await sleep(session.intervalMs, undefined, { signal }).catch(() => {});
    }
  }

  async #deliver(event: PlatformEvent): Promise<void> {
    this.#lastEventAt = new Date().toISOString();
    this.#log.info(`Platform Event received on ${event.channel}`, { replayId: event.replayId, eventUuid: event.eventUuid });
    try {
      await this.#options.onEvent(event);
    } catch (error) {
      this.#log.error(`Platform Event ${event.replayId} not handled: ${messageOf(error)}`, { replayId: event.replayId });
    }
    try {
      await this.#options.replayStore.save(event.replayId);
      this.#replayId = event.replayId;
    } catch (error) {
      this.#log.error(`Platform Event replay id ${event.replayId} not stored: ${messageOf(error)}`, { replayId: event.replayId });
    }
  }

  #backoffMs(): number {
    return Math.min(this.#options.retryMaxMs, this.#options.retryBaseMs * 2 ** (this.#failedAttempts - 1));
  }

  #setState(state: SubscriptionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#since = new Date().toISOString();
  }
}

function kindOf(error: unknown): BayeuxFailureKind {
  if (error instanceof BayeuxError) return error.kind;
  if (error instanceof ExternalCallError) return error.failure === "auth" ? "auth" : "unavailable";
  return "other";
}
