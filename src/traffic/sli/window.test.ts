import { describe, expect, it } from "vitest";
import { summarize } from "./summary.ts";
import { mergeWindows, WindowStats } from "./window.ts";

const epoch = (ms: number) => Date.UTC(2026, 10, 1) + ms;

describe("one window's SLIs", () => {
  it("counts 5xx, timeouts and connection errors as errors, and 4xx apart", () => {
    const window = new WindowStats(0, 1_000);
    for (let index = 0; index < 90; index++) window.recordRequest("GET /orders", "ok", 10, 200);
    window.recordRequest("GET /orders", "serverError", 10, 503);
    window.recordRequest("GET /billing/invoices", "timeout", 5_000);
    window.recordRequest("GET /billing/invoices", "connection", 1);
    for (let index = 0; index < 7; index++) window.recordRequest("POST /auth/login", "clientError", 20, index < 5 ? 401 : 429);
    const summary = summarize(window, epoch);
    expect(summary).toMatchObject({
      requests: 100,
      requestsPerSecond: 100,
      errors: 3,
      errorRate: 0.03,
      clientErrors: 7,
      outcomes: { ok: 90, clientError: 7, serverError: 1, timeout: 1, connection: 1 },
      statuses: { "200": 90, "401": 5, "429": 2, "503": 1 },
    });
    expect(summary.routes["POST /auth/login"]!.statuses).toEqual({ "401": 5, "429": 2 });
    expect(summary.routes["GET /billing/invoices"]).toMatchObject({ requests: 2, errors: 2, errorRate: 1, clientErrors: 0 });
    expect(summary.routes["POST /auth/login"]).toMatchObject({ requests: 7, errors: 0, errorRate: 0, clientErrors: 7 });
    expect(summary.routes["GET /orders"]).toMatchObject({ requests: 91, errors: 1, requestsPerSecond: 91, latencyMs: { p50: 10, p99: 10, max: 10 } });
    expect(summary.latencyMs?.max).toBe(5_000);
    expect(Object.keys(summary.routes)).toEqual(["GET /billing/invoices", "GET /orders", "POST /auth/login"]);
  });

  it("dates the span and says requests per second over its real length", () => {
    const partial = new WindowStats(2_000, 2_500);
    for (let index = 0; index < 10; index++) partial.recordRequest("GET /orders", "ok", 1);
    expect(summarize(partial, epoch)).toMatchObject({
      windowMs: 500,
      requestsPerSecond: 20,
      startedAt: "2026-11-01T00:00:02.000Z",
      endedAt: "2026-11-01T00:00:02.500Z",
    });
  });

  it("has no latency, and no error rate, without requests", () => {
    expect(summarize(new WindowStats(0, 1_000), epoch)).toMatchObject({ requests: 0, errorRate: 0, latencyMs: null, requestsPerSecond: 0 });
  });
});

describe("merged windows (rolling views)", () => {
  it("add counts, rates over the whole span, and take the gauges of the latest window", () => {
    const windows = [0, 1, 2].map((k) => new WindowStats(k * 1_000, (k + 1) * 1_000));
    windows.forEach((window, k) => {
      window.offered = 50;
      for (let index = 0; index < 50; index++) window.recordRequest("GET /orders", k === 2 && index < 10 ? "serverError" : "ok", k * 100 + 1, k === 2 && index < 10 ? 500 : 200);
      window.streams.opened = 1;
      window.gauges = { inFlight: k, queued: 0, oldestWaitMs: 0, streamsOpen: k + 1 };
    });
    windows[2]!.streams.dropped = 2;
    windows[1]!.events.published = 3;
    const summary = summarize(mergeWindows(windows)!, epoch);
    expect(summary).toMatchObject({ windowMs: 3_000, offered: 150, requests: 150, requestsPerSecond: 50, errors: 10, errorRate: 0.0667, inFlight: 2 });
    expect(summary.streams).toEqual({ open: 3, opened: 3, dropped: 2, closed: 0, messages: 0 });
    expect(summary.events).toEqual({ published: 3, failed: 0 });
    expect(summary.statuses).toEqual({ "200": 140, "500": 10 });
    // Percentiles come from histogram buckets: within 2% of the sample.
    expect(summary.latencyMs!.p50).toBeGreaterThanOrEqual(101 * 0.98);
    expect(summary.latencyMs!.p50).toBeLessThanOrEqual(101 * 1.02);
    expect(summary.latencyMs!.max).toBe(201);
    expect(windows[0]!.all.requests).toBe(50);
  });

  it("is undefined for no windows", () => {
    expect(mergeWindows([])).toBeUndefined();
  });
});
