import { describe, expect, it } from "vitest";
import { SseParser } from "./sse.ts";

describe("SseParser", () => {
  it("names each complete frame's event, across chunk boundaries, skipping comments and heartbeats", () => {
    const parser = new SseParser();
    expect(parser.push("retry: 2000\n: subscribed to order status changes\n\n: ping\n\nevent: order-st")).toEqual(["message"]);
    expect(parser.push('atus\ndata: {"orderId":4}\n\nevent: error\r\ndata: {"error":"stream unavailable"}\r\n\r\n')).toEqual(["order-status", "error"]);
    expect(parser.push("data: plain\n")).toEqual([]);
    expect(parser.push("\n")).toEqual(["message"]);
  });

  it("keeps memory bounded when a frame never ends", () => {
    const parser = new SseParser();
    parser.push("data: ".padEnd(SseParser.MAX_BUFFER + 10, "x"));
    expect(parser.push("\n\nevent: order-status\ndata: {}\n\n")).toEqual(["order-status"]);
  });
});
