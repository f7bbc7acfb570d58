import { describe, expect, it } from "vitest";
import { BayeuxError, classify, eventsOf, Messages, replyTo } from "./messages.ts";

describe("Bayeux messages", () => {
  it("asks for replay in the handshake and sends the replay id with the subscribe", () => {
    expect(Messages.handshake("1").ext).toEqual({ replay: true, "payload.format": true });
    expect(Messages.subscribe("2", "abc", "/event/X__e", -2)).toEqual({
      channel: "/meta/subscribe",
      id: "2",
      clientId: "abc",
      subscription: "/event/X__e",
      ext: { replay: { "/event/X__e": -2 } },
    });
    expect(Messages.connect("3", "abc")).toMatchObject({ channel: "/meta/connect", connectionType: "long-polling" });
  });

  it.each([
    ["403::Unknown client", undefined, "unknown-client"],
    ["402::Unknown client", { reconnect: "handshake" as const }, "unknown-client"],
    ["401::Authentication invalid", { reconnect: "none" as const }, "auth"],
    ["403::Handshake denied", undefined, "auth"],
    ["400::The replayId {17020312} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.", undefined, "invalid-replay"],
    ["403:denied_by_security_policy:subscribe_denied", undefined, "denied"],
    ["503::Server is too busy", undefined, "unavailable"],
    ["400::Bad message", undefined, "other"],
  ])("classifies %s as %s", (error, advice, kind) => {
    expect(classify(error, advice)).toBe(kind);
  });

  it("turns a failed reply into a BayeuxError with Salesforce's failure reason", () => {
    const error = BayeuxError.of({ channel: "/meta/handshake", successful: false, error: "403::Handshake denied", ext: { sfdc: { failureReason: "401::Authentication invalid" } } });
    expect(error).toMatchObject({ kind: "auth", message: "/meta/handshake failed: 403::Handshake denied (401::Authentication invalid)" });
  });

  it("extracts events in order and skips meta and malformed messages", () => {
    const replies = [
      { channel: "/event/X__e", data: { schema: "s", payload: { Order_Id__c: "a" }, event: { replayId: 11, EventUuid: "u1" } } },
      { channel: "/event/X__e", data: { payload: { Order_Id__c: "b" }, event: { replayId: "12" } } },
      { channel: "/event/X__e", data: { payload: "not an object", event: { replayId: 13 } } },
      { channel: "/meta/connect", successful: true },
    ];
    expect(eventsOf(replies)).toEqual([
      { channel: "/event/X__e", replayId: 11, eventUuid: "u1", payload: { Order_Id__c: "a" } },
      { channel: "/event/X__e", replayId: 12, eventUuid: undefined, payload: { Order_Id__c: "b" } },
    ]);
  });

  it("finds the reply to a request, or fails naming the channel", () => {
    expect(replyTo([{ channel: "/meta/subscribe", id: "2", successful: true }], "/meta/subscribe", "2").successful).toBe(true);
    expect(() => replyTo([], "/meta/connect", "3")).toThrow(/\/meta\/connect failed: no reply/);
  });
});
