import { describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.ts";
import { BayeuxEngine, type BayeuxRequest } from "./bayeux-engine.ts";
import { EventBus } from "./event-bus.ts";

const CHANNEL = "/event/OrderProvisionRequested__e";

function setup() {
  const clock = new ManualClock(0);
  const bus = new EventBus(clock, 60_000);
  const engine = new BayeuxEngine(bus, clock, { connectTimeoutMs: 5_000, sessionIdleMs: 60_000, isEventChannel: (channel) => channel === CHANNEL });
  const signal = new AbortController().signal;
  const request = (messages: BayeuxRequest["messages"], browserId?: string, authenticated = true) => engine.process({ messages, authenticated, browserId, signal });
  return { clock, bus, engine, request };
}

async function handshake(request: ReturnType<typeof setup>["request"]) {
  const { replies, browserId } = await request([{ channel: "/meta/handshake", id: "1" }]);
  return { clientId: replies[0]!.clientId as string, browserId: browserId! };
}

describe("BayeuxEngine", () => {
  it("answers a subscribe sent in one batch with a connect at once, connect last, replayed events before its ack", async () => {
    const { bus, request } = setup();
    bus.publish(CHANNEL, "s", { n: 1 });
    const { clientId, browserId } = await handshake(request);
    const { replies } = await request(
      [
        { channel: "/meta/connect", clientId, connectionType: "long-polling", id: "3" },
        { channel: "/meta/subscribe", clientId, subscription: CHANNEL, id: "2", ext: { replay: { [CHANNEL]: -2 } } },
      ],
      browserId,
    );
    expect(replies.map((reply) => reply.channel)).toEqual(["/meta/subscribe", CHANNEL, "/meta/connect"]);
    expect(replies[0]).toMatchObject({ successful: true, ext: { replay: { [CHANNEL]: -2 } } });
    expect(replies[2]).toMatchObject({ successful: true, advice: { reconnect: "retry", interval: 0, timeout: 5_000 } });
  });

  it("holds a lone connect until an event is published", async () => {
    const { bus, request } = setup();
    const { clientId, browserId } = await handshake(request);
    await request([{ channel: "/meta/subscribe", clientId, subscription: CHANNEL }], browserId);
    await request([{ channel: "/meta/connect", clientId }], browserId);
    let answered = false;
    const held = request([{ channel: "/meta/connect", clientId }], browserId).then((response) => ((answered = true), response));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    bus.publish(CHANNEL, "s", { n: 2 });
    expect((await held).replies.map((reply) => reply.channel)).toEqual([CHANNEL, "/meta/connect"]);
  });

  it("does not know a client whose request lacks its BAYEUX_BROWSER cookie", async () => {
    const { request } = setup();
    const { clientId } = await handshake(request);
    const { replies } = await request([{ channel: "/meta/subscribe", clientId, subscription: CHANNEL }], undefined);
    expect(replies[0]).toMatchObject({ successful: false, error: "403::Unknown client", advice: { reconnect: "handshake" } });
  });

  it("denies a handshake without a valid session, and answers 401 when the session ends", async () => {
    const { request } = setup();
    expect((await request([{ channel: "/meta/handshake" }], undefined, false)).replies[0]).toMatchObject({ error: "403::Handshake denied", advice: { reconnect: "none" } });
    const { clientId, browserId } = await handshake(request);
    expect((await request([{ channel: "/meta/connect", clientId }], browserId, false)).replies[0]).toMatchObject({ error: "401::Authentication invalid" });
  });

  it("rejects unknown channels and invalid replay ids with Salesforce's messages", async () => {
    const { request } = setup();
    const { clientId, browserId } = await handshake(request);
    const subscribe = (subscription: string, replay?: unknown) =>
      request([{ channel: "/meta/subscribe", clientId, subscription, ...(replay !== undefined && { ext: { replay: { [subscription]: replay } } }) }], browserId).then((r) => r.replies[0]!);
    expect((await subscribe("/event/Nope__e")).error).toBe("400::The channel you requested to subscribe to does not exist {/event/Nope__e}");
    expect((await subscribe(CHANNEL, 12)).error).toMatch(/^400::The replayId \{12\} you provided was invalid/);
    expect((await subscribe(CHANNEL, "abc")).error).toMatch(/^400::The replayId \{abc\} you provided was invalid/);
  });

  it("forgets idle sessions, and drops every session on demand", async () => {
    const { clock, engine, request } = setup();
    const first = await handshake(request);
    clock.advance(61_000);
    await handshake(request);
    expect(engine.sessionCount).toBe(1);
    expect((await request([{ channel: "/meta/connect", clientId: first.clientId }], first.browserId)).replies[0]!.error).toBe("403::Unknown client");
    expect(engine.dropAll("unknown-client")).toBe(1);
  });
});
