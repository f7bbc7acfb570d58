import { describe, expect, it } from "vitest";
import { ManualClock, systemClock } from "./clock.ts";
import { OpenLoopScheduler } from "./scheduler.ts";

function schedule(options: { ratePerSecond: number; durationMs: number; maxArrivals?: number }) {
  const clock = new ManualClock(10_000);
  const arrivals: { dueMs: number; firedMs: number }[] = [];
  const scheduler = new OpenLoopScheduler({ ...options, clock, onArrival: (dueMs) => arrivals.push({ dueMs, firedMs: clock.now() }) });
  let finished = false;
  void scheduler.finished.then(() => (finished = true));
  return { clock, arrivals, scheduler, isFinished: async () => (await Promise.resolve(), finished) };
}

describe("OpenLoopScheduler", () => {
  it("issues rate × duration arrivals, each due at start + i/rate", () => {
    const { clock, arrivals, scheduler } = schedule({ ratePerSecond: 50, durationMs: 3_000 });
    scheduler.start();
    clock.advance(3_000);
    expect(arrivals).toHaveLength(150);
    expect(arrivals.slice(0, 3).map((arrival) => arrival.dueMs)).toEqual([10_000, 10_020, 10_040]);
    expect(arrivals.at(-1)!.dueMs).toBe(12_980);
    expect(arrivals.every((arrival) => arrival.firedMs === arrival.dueMs)).toBe(true);
  });

  it("catches up after a stall with the original due times, so latency can be measured from them", () => {
    const clock = new ManualClock(0);
    const arrivals: { dueMs: number; firedMs: number }[] = [];
    // A timer that fires 250 ms late, as behind a blocked event loop.
    const late = { now: () => clock.now(), setTimer: (ms: number, fn: () => void) => clock.setTimer(ms + (clock.now() === 100 ? 250 : 0), fn) };
    new OpenLoopScheduler({ ratePerSecond: 20, durationMs: 1_000, clock: late, onArrival: (dueMs) => arrivals.push({ dueMs, firedMs: clock.now() }) }).start();
    clock.advance(1_000);
    expect(arrivals).toHaveLength(20);
    const burst = arrivals.filter((arrival) => arrival.firedMs === 400);
    expect(burst.map((arrival) => arrival.dueMs)).toEqual([150, 200, 250, 300, 350, 400]);
  });

  it("issues every arrival due before the end, for fractional rates too", () => {
    for (const [ratePerSecond, expected] of [[0.5, 1], [2.5, 3], [3, 3]] as const) {
      const { clock, arrivals, scheduler } = schedule({ ratePerSecond, durationMs: 1_000 });
      scheduler.start();
      clock.advance(1_000);
      expect(arrivals, `${ratePerSecond}/s`).toHaveLength(expected);
    }
  });

  it("finishes when the duration has passed, not at the last arrival", async () => {
    const { clock, scheduler, isFinished } = schedule({ ratePerSecond: 2, durationMs: 1_000 });
    scheduler.start();
    clock.advance(999);
    expect(scheduler.issued).toBe(2);
    expect(await isFinished()).toBe(false);
    clock.advance(1);
    expect(await isFinished()).toBe(true);
  });

  it("with maxArrivals, finishes at the last one", async () => {
    const { clock, arrivals, scheduler, isFinished } = schedule({ ratePerSecond: 10, durationMs: 60_000, maxArrivals: 3 });
    scheduler.start();
    clock.advance(200);
    expect(arrivals).toHaveLength(3);
    expect(await isFinished()).toBe(true);
  });

  it("stop() ends the schedule at once and leaves no timer", async () => {
    const { clock, arrivals, scheduler, isFinished } = schedule({ ratePerSecond: 10, durationMs: 10_000 });
    scheduler.start();
    clock.advance(250);
    scheduler.stop();
    clock.advance(5_000);
    expect(arrivals).toHaveLength(3);
    expect(await isFinished()).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it("keeps the rate on the real clock: 200/s for 1 s gives 200 arrivals spread over the second", async () => {
    // Behaviour, not speed: the count is exact; times only need to show the arrivals were spread, not bunched
    // (Node timers may fire a millisecond early and, on a busy shared machine, late — the manual-clock tests pin exact due times).
    const sent: number[] = [];
    const scheduler = new OpenLoopScheduler({ ratePerSecond: 200, durationMs: 1_000, clock: systemClock, onArrival: () => sent.push(performance.now()) });
    const started = performance.now();
    scheduler.start();
    await scheduler.finished;
    expect(sent).toHaveLength(200);
    expect(sent.at(-1)! - started).toBeGreaterThanOrEqual(900);
    expect(sent[99]! - started).toBeGreaterThanOrEqual(400);
    expect(sent[99]! - started).toBeLessThan(sent.at(-1)! - started);
  });
});
