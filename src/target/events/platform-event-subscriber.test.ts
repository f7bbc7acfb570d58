import { describe, expect, it } from "vitest";
import { Logger, MemorySink } from "../log/logger.ts";
import { BayeuxError, type PlatformEvent } from "./bayeux/messages.ts";
import { type EventSession, PlatformEventSubscriber } from "./platform-event-subscriber.ts";

const CHANNEL = "/event/OrderProvisionRequested__e";
type ConnectResult = { events: PlatformEvent[]; failure?: BayeuxError };

const event = (replayId: number): PlatformEvent => ({ channel: CHANNEL, replayId, eventUuid: `u${replayId}`, payload: { Portal_Order_Id__c: replayId } });

/** One scripted CometD session: connects answer from `connects`, then hold until the subscriber stops. */
class FakeSession implements EventSession {
  readonly subscribes: number[] = [];
  handshakes = 0;
  disconnected = false;
  intervalMs = 0;

  constructor(
    private readonly signal: AbortSignal,
    private readonly connects: ConnectResult[],
    private readonly subscribeFailure?: (replayId: number) => BayeuxError | undefined,
    private readonly handshakeFailure?: Error,
  ) {}

  async handshake(): Promise<string> {
    this.handshakes++;
    if (this.handshakeFailure) throw this.handshakeFailure;
    return "client-1";
  }

  async subscribe(_channel: string, replayId: number): Promise<void> {
    this.subscribes.push(replayId);
    const failure = this.subscribeFailure?.(replayId);
    if (failure) throw failure;
  }

  connect(): Promise<ConnectResult> {
    const next = this.connects.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => this.signal.addEventListener("abort", () => resolve({ events: [] }), { once: true }));
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}

function harness(options: { stored?: number; replay?: "LATEST" | "ALL"; maxAttempts?: number; failOn?: number; sessions: ((signal: AbortSignal) => FakeSession)[] }) {
  const sink = new MemorySink();
  const handled: number[] = [];
  const opened: FakeSession[] = [];
  const store = { value: options.stored, cleared: 0 };
  let invalidations = 0;
  const subscriber = new PlatformEventSubscriber({
    channel: CHANNEL,
    replay: options.replay ?? "LATEST",
    maxAttempts: options.maxAttempts ?? 5,
    retryBaseMs: 5,
    retryMaxMs: 20,
    logger: new Logger(sink),
    replayStore: {
      load: async () => store.value,
      save: async (replayId) => void (store.value = replayId),
      clear: async () => {
        store.cleared++;
        store.value = undefined;
      },
    },
    onEvent: async (received) => {
      if (received.replayId === options.failOn) throw new Error("boom");
      handled.push(received.replayId);
    },
    open: async (signal) => {
      const make = options.sessions.shift();
      if (make === undefined) throw new Error("no more sessions scripted");
      const session = make(signal);
      opened.push(session);
      return { session, invalidateAuth: () => void invalidations++ };
    },
  });
  const messages = () => sink.records().map((record) => String(record.msg));
  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    if (!check()) throw new Error(`${what} never happened; log: ${messages().join(" | ")}`);
  };
  return { subscriber, handled, opened, store, messages, until, invalidations: () => invalidations };
}

describe("PlatformEventSubscriber", () => {
  it("subscribes from the stored replay id, hands events on in order and stores each id", async () => {
    const h = harness({ stored: 100, sessions: [(signal) => new FakeSession(signal, [{ events: [event(101), event(105)] }])] });
    h.subscriber.start();
    await h.until("two events handled", () => h.handled.length === 2);
    expect(h.opened[0]!.subscribes).toEqual([100]);
    expect(h.handled).toEqual([101, 105]);
    expect(h.store.value).toBe(105);
    expect(h.subscriber.status()).toMatchObject({ state: "connected", replayId: 105, failedAttempts: 0 });
    expect(h.messages()).toContain("Platform Event received on /event/OrderProvisionRequested__e");
    await h.subscriber.stop();
    expect(h.opened[0]!.disconnected).toBe(true);
    expect(h.subscriber.status().state).toBe("stopped");
  });

  it.each([
    ["LATEST", -1],
    ["ALL", -2],
  ] as const)("without a stored id subscribes per SF_EVENTS_REPLAY=%s (%i)", async (replay, expected) => {
    const h = harness({ replay, sessions: [(signal) => new FakeSession(signal, [])] });
    h.subscriber.start();
    await h.until("subscribed", () => h.subscriber.status().state === "connected");
    expect(h.opened[0]!.subscribes).toEqual([expected]);
    await h.subscriber.stop();
  });

  it("falls back per SF_EVENTS_REPLAY when Salesforce rejects the stored replay id, and forgets it", async () => {
    const invalid = (replayId: number) => (replayId === 100 ? new BayeuxError("invalid-replay", "/meta/subscribe", "/meta/subscribe failed: 400::The replayId {100} you provided was invalid.") : undefined);
    const h = harness({ stored: 100, replay: "ALL", sessions: [(signal) => new FakeSession(signal, [], invalid)] });
    h.subscriber.start();
    await h.until("subscribed", () => h.subscriber.status().state === "connected");
    expect(h.opened[0]!.subscribes).toEqual([100, -2]);
    expect(h.store.cleared).toBe(1);
    expect(h.messages().some((msg) => /^Platform Event replay id 100 rejected: .*falling back to SF_EVENTS_REPLAY=ALL \(-2\)$/.test(msg))).toBe(true);
    await h.subscriber.stop();
  });

  it("re-handshakes at once after 403::Unknown client and resubscribes from the last id it stored", async () => {
    const unknown = new BayeuxError("unknown-client", "/meta/connect", "/meta/connect failed: 403::Unknown client", { reconnect: "handshake" });
    const h = harness({
      stored: 100,
      sessions: [(signal) => new FakeSession(signal, [{ events: [event(103)], failure: unknown }]), (signal) => new FakeSession(signal, [{ events: [event(108)] }])],
    });
    h.subscriber.start();
    await h.until("the event after the re-handshake", () => h.handled.length === 2);
    expect(h.opened[1]!.subscribes).toEqual([103]);
    expect(h.messages()).toContainEqual(expect.stringMatching(/^Platform Event session lost \(\/meta\/connect failed: 403::Unknown client\); re-handshaking and resubscribing from replay id 103, retrying in 0ms/));
    expect(h.subscriber.status()).toMatchObject({ state: "connected", failedAttempts: 0 });
    await h.subscriber.stop();
  });

  it("backs off on auth failures, forgets the login each time, and gives up after maxAttempts", async () => {
    const denied = () => new BayeuxError("auth", "/meta/handshake", "/meta/handshake failed: 403::Handshake denied (401::Authentication invalid)");
    const h = harness({ maxAttempts: 3, sessions: [1, 2, 3].map(() => (signal: AbortSignal) => new FakeSession(signal, [], undefined, denied())) });
    h.subscriber.start();
    await h.until("giving up", () => h.messages().some((msg) => msg.startsWith("Platform Event subscription stopped")));
    expect(h.invalidations()).toBe(3);
    expect(h.messages().filter((msg) => msg.startsWith("Platform Event authentication failed: /meta/handshake failed"))).toHaveLength(2);
    expect(h.messages().at(-1)).toMatch(/^Platform Event subscription stopped after 3 failed attempts: .*; restart the portal to subscribe again$/);
    expect(h.subscriber.status()).toMatchObject({ state: "disconnected", failedAttempts: 3 });
    await h.subscriber.stop();
  });

  it("logs an event its handler failed on and moves past it", async () => {
    const h = harness({ failOn: 1, sessions: [(signal) => new FakeSession(signal, [{ events: [event(1), event(2)] }])] });
    h.subscriber.start();
    await h.until("the second event stored", () => h.store.value === 2);
    expect(h.handled).toEqual([2]);
    expect(h.messages()).toContain("Platform Event 1 not handled: boom");
    await h.subscriber.stop();
  });
});
