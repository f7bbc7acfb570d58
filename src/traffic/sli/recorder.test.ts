import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { type ClosedWindow, SliRecorder } from "./recorder.ts";
import { NO_GAUGES } from "./window.ts";

function recorder(options: { retainWindows?: number; rollingMs?: number[] } = {}) {
  const clock = new ManualClock(1_000);
  const closed: ClosedWindow[] = [];
  let inFlight = 0;
  const sli = new SliRecorder({
    clock,
    windowMs: 1_000,
    retainWindows: options.retainWindows ?? 60,
    rollingMs: options.rollingMs ?? [3_000],
    epochAtStartMs: Date.UTC(2026, 10, 1),
    gauges: () => ({ ...NO_GAUGES, inFlight }),
    onWindowClosed: (window) => closed.push(window),
  });
  return { clock, sli, closed, setInFlight: (value: number) => (inFlight = value) };
}

describe("SliRecorder windows", () => {
  it("puts each sample in the window of the moment it is recorded and closes windows as time passes", () => {
    const { clock, sli, closed } = recorder();
    sli.request("GET /orders", "ok", 5);
    clock.advance(999);
    sli.request("GET /orders", "serverError", 5);
    expect(closed).toHaveLength(0);
    clock.advance(1);
    sli.request("GET /orders", "ok", 5);
    expect(closed.map((c) => [c.seq, c.window.requests, c.window.errors])).toEqual([[0, 2, 1]]);
    expect(closed[0]!.window).toMatchObject({ startedAt: "2026-11-01T00:00:00.000Z", endedAt: "2026-11-01T00:00:01.000Z", windowMs: 1_000 });
  });

  it("closes idle windows too, each with the gauges of its closing", () => {
    const { clock, sli, closed, setInFlight } = recorder();
    setInFlight(7);
    clock.advance(3_500);
    sli.roll();
    expect(closed.map((c) => [c.seq, c.window.requests, c.window.inFlight])).toEqual([
      [0, 0, 7],
      [1, 0, 7],
      [2, 0, 7],
    ]);
  });

  it("writes rolling views with each window: the last N windows, fewer early in the run", () => {
    const { clock, sli, closed } = recorder({ rollingMs: [3_000] });
    for (let second = 0; second < 5; second++) {
      for (let index = 0; index <= second; index++) sli.request("GET /orders", "ok", 1);
      clock.advance(1_000);
    }
    sli.roll();
    expect(closed.map((c) => c.window.requests)).toEqual([1, 2, 3, 4, 5]);
    expect(closed.map((c) => c.rolling[0]!.requests)).toEqual([1, 3, 6, 9, 12]);
    expect(closed.map((c) => c.rolling[0]!.windowMs)).toEqual([1_000, 2_000, 3_000, 3_000, 3_000]);
    expect(closed[4]!.rolling[0]!.requestsPerSecond).toBe(4);
  });

  it("answers views over whole closed windows, and the total with the window in progress", () => {
    const { clock, sli } = recorder();
    sli.request("GET /orders", "ok", 1);
    clock.advance(1_000);
    sli.request("GET /orders", "timeout", 5_000);
    clock.advance(1_000);
    sli.request("GET /orders", "ok", 1);
    clock.advance(500);
    expect(sli.view(1_000)).toMatchObject({ requests: 1, errors: 1, errorRate: 1 });
    expect(sli.view(1_500)).toMatchObject({ requests: 2, windowMs: 2_000 });
    expect(sli.total()).toMatchObject({ requests: 3, errors: 1, windowMs: 2_500 });
  });

  it("finish() closes the partial window and records nothing after", () => {
    const { clock, sli, closed } = recorder();
    clock.advance(1_250);
    sli.request("GET /orders", "ok", 1);
    sli.finish();
    sli.request("GET /orders", "ok", 1);
    clock.advance(5_000);
    sli.roll();
    expect(closed.map((c) => [c.window.windowMs, c.window.requests])).toEqual([
      [1_000, 0],
      [250, 1],
    ]);
    expect(sli.total()).toMatchObject({ requests: 1, windowMs: 1_250 });
  });

  it("finish() leaves out a partial window in which nothing happened", () => {
    const { clock, sli, closed } = recorder();
    sli.request("GET /orders", "ok", 1);
    clock.advance(1_003);
    sli.finish();
    expect(closed.map((c) => c.window.windowMs)).toEqual([1_000]);
  });

  it("keeps only retainWindows windows, and says so when asked for more", () => {
    const { clock, sli } = recorder({ retainWindows: 5 });
    for (let second = 0; second < 20; second++) {
      sli.request("GET /orders", "ok", 1);
      clock.advance(1_000);
    }
    expect(sli.view(5_000).requests).toBe(5);
    expect(sli.total().requests).toBe(20);
    expect(() => sli.view(6_000)).toThrow("traffic: an SLI view of 6000ms needs 6 windows of 1000ms but only the last 5 are kept; ask for at most 5000ms");
  });
});
