import { describe, expect, it } from "vitest";
import { renderTrafficResult, renderTrafficWindow } from "./cli.ts";
import { summarize } from "./sli/summary.ts";
import { WindowStats } from "./sli/window.ts";

function window(): WindowStats {
  const stats = new WindowStats(0, 1_000);
  stats.offered = 50;
  for (let index = 0; index < 48; index++) stats.recordRequest("GET /orders", "ok", 4);
  stats.recordRequest("GET /billing/invoices", "serverError", 12);
  stats.recordRequest("POST /auth/login", "clientError", 80);
  stats.streams.opened = 2;
  stats.streams.dropped = 1;
  stats.events.published = 1;
  stats.gauges = { inFlight: 1, queued: 0, oldestWaitMs: 3, streamsOpen: 4 };
  return stats;
}

describe("what `firedrill traffic` prints", () => {
  it("one line per window", () => {
    const line = { type: "window" as const, runId: "r", name: "default", seq: 2, ...summarize(window(), (ms) => ms), rolling: [] };
    expect(renderTrafficWindow(line)).toBe("   3     50.0 req/s  errors   2.0% (4xx 1)  p50 4.00 p95 4.00 p99 80.0 ms  streams 4 open, 1 dropped");
  });

  it("the totals, per route", () => {
    const total = summarize(window(), (ms) => ms);
    expect(renderTrafficResult({ runId: "r", reason: "completed", total, sliPath: "/tmp/env/sli.jsonl" }).split("\n")).toEqual([
      "traffic completed after 1.0s: 50 requests (50.0/s) of 50 offered, 0 dropped",
      "  route                          requests  errors    4xx   p50 ms  p95 ms  p99 ms",
      "  GET /billing/invoices                1  100.0%      0     12.0    12.0    12.0",
      "  GET /orders                         48    0.0%      0     4.00    4.00    4.00",
      "  POST /auth/login                     1    0.0%      1     80.0    80.0    80.0",
      "  all                                 50    2.0%      1     4.00    4.00    80.0",
      "  streams: 2 opened, 1 dropped, 0 closed, 0 order-status events",
      "  order events: 1 published, 0 failed",
      "  SLIs: /tmp/env/sli.jsonl",
    ]);
  });
});
