import { describe, expect, it } from "vitest";
import { BayeuxClient } from "./bayeux-client.ts";
import type { BayeuxTransport } from "./cometd-transport.ts";
import type { BayeuxMessage } from "./messages.ts";

/** A server script: each send gets the next answer, built from what was sent. */
function scripted(...answers: ((sent: readonly BayeuxMessage[]) => BayeuxMessage[])[]) {
  const sent: { messages: readonly BayeuxMessage[]; timeoutMs: number }[] = [];
  const transport: BayeuxTransport = {
    send: async (messages, options) => {
      sent.push({ messages, timeoutMs: options.timeoutMs });
      const answer = answers.shift();
      if (answer === undefined) throw new Error("unexpected send");
      return answer(messages);
    },
  };
  const client = new BayeuxClient(transport, { requestTimeoutMs: 1_000, connectGraceMs: 5_000, signal: new AbortController().signal });
  return { client, sent };
}

const ok = (extra: Partial<BayeuxMessage> = {}) => (sent: readonly BayeuxMessage[]): BayeuxMessage[] => [{ channel: sent[0]!.channel, id: sent[0]!.id, successful: true, ...extra }];

describe("BayeuxClient", () => {
  it("handshakes, subscribes with the replay id and long-polls with the server's advice", async () => {
    const { client, sent } = scripted(
      ok({ clientId: "c1", advice: { timeout: 20_000, interval: 0, reconnect: "retry" } }),
      ok(),
      (messages) => [
        { channel: "/event/X__e", data: { payload: { a: 1 }, event: { replayId: 7 } } },
        { channel: "/meta/connect", id: messages[0]!.id, successful: true },
      ],
    );
    expect(await client.handshake()).toBe("c1");
    await client.subscribe("/event/X__e", 5);
    const { events, failure } = await client.connect();
    expect(sent[1]!.messages[0]).toMatchObject({ clientId: "c1", ext: { replay: { "/event/X__e": 5 } } });
    expect(sent[2]!.timeoutMs).toBe(25_000);
    expect(events.map((event) => event.replayId)).toEqual([7]);
    expect(failure).toBeUndefined();
  });

  it("throws a classified error when a subscribe is refused", async () => {
    const { client } = scripted(ok({ clientId: "c1" }), (messages) => [
      { channel: "/meta/subscribe", id: messages[0]!.id, successful: false, error: "400::The replayId {42} you provided was invalid." },
    ]);
    await client.handshake();
    await expect(client.subscribe("/event/X__e", 42)).rejects.toMatchObject({ kind: "invalid-replay" });
  });

  it("hands over events delivered with a failed connect, and the failure", async () => {
    const { client } = scripted(ok({ clientId: "c1" }), (messages) => [
      { channel: "/event/X__e", data: { payload: {}, event: { replayId: 9 } } },
      { channel: "/meta/connect", id: messages[0]!.id, successful: false, error: "403::Unknown client", advice: { reconnect: "handshake" } },
    ]);
    await client.handshake();
    const { events, failure } = await client.connect();
    expect(events.map((event) => event.replayId)).toEqual([9]);
    expect(failure?.kind).toBe("unknown-client");
  });

  it("refuses to connect before a handshake", async () => {
    const { client } = scripted();
    await expect(client.connect()).rejects.toMatchObject({ kind: "unknown-client" });
  });
});
