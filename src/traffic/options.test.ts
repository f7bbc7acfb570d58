import { describe, expect, it } from "vitest";
import { isLoopbackUrl } from "./loopback.ts";
import { parseDuration, resolveTrafficOptions } from "./options.ts";
import { PENDING_REVIEW_ORDERS } from "./seed.ts";

describe("traffic options", () => {
  it("fills in defaults: 10 requests/s for 30 s by 20 customers, 1 s windows with 10 s, 20 s and 30 s views", () => {
    const options = resolveTrafficOptions({ targetUrl: "http://127.0.0.1:4000/" });
    expect(options).toMatchObject({ targetUrl: "http://127.0.0.1:4000", rps: 10, durationMs: 30_000, customers: 20, maxStreams: 20, windowMs: 1_000, rollingMs: [10_000, 20_000, 30_000], retainWindows: 60, events: undefined });
    expect(options.accounts).toHaveLength(18);
  });

  it("publishes the seed's Pending Review orders at 0.5/s unless told otherwise", () => {
    const sink = { publish: async () => {} };
    expect(resolveTrafficOptions({ targetUrl: "http://localhost:4000", events: { sink } }).events).toEqual({ sink, ratePerSecond: 0.5, orders: PENDING_REVIEW_ORDERS });
  });

  it("keeps enough windows for the longest rolling view", () => {
    expect(resolveTrafficOptions({ targetUrl: "http://[::1]:4000", windowMs: 500, rollingMs: [120_000] }).retainWindows).toBe(240);
  });

  it("lists every problem at once, with the allowed range", () => {
    expect(() => resolveTrafficOptions({ targetUrl: "http://10.0.0.5:4000", rps: 0, customers: 2.5, durationMs: -1 })).toThrow(
      [
        "traffic: 4 invalid options:",
        '  - targetUrl must be an http:// URL on loopback (127.0.0.1, ::1, localhost), got "http://10.0.0.5:4000"',
        "  - customers must be a whole number from 1 to 10000, got 2.5",
        "  - rps must be a number from 0.001 to 10000, got 0",
        "  - durationMs must be a whole number from 1 to 86400000, got -1",
      ].join("\n"),
    );
  });

  it("stays on loopback", () => {
    expect(["http://127.0.0.1:1", "http://127.5.5.5", "http://localhost:4000/api", "http://[::1]:80"].map(isLoopbackUrl)).toEqual([true, true, true, true]);
    expect(["https://127.0.0.1", "http://example.com", "http://0.0.0.0:4000", "not a url", "http://127.0.0.1.nip.io"].map(isLoopbackUrl)).toEqual([false, false, false, false, false]);
  });

  it("reads durations as the CLI gives them", () => {
    expect(["30s", "1500ms", "2m", "1h", "45", "0.5s", 3].map(parseDuration)).toEqual([30_000, 1_500, 120_000, 3_600_000, 45_000, 500, 3_000]);
    expect(() => parseDuration("soon")).toThrow('traffic: duration "soon" is not a duration; use e.g. 30s, 1500ms, 2m or 1h');
  });
});
