import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.ts";
import { Dispatcher, type DropReason } from "./dispatcher.ts";
import { OpenLoopScheduler } from "./scheduler.ts";

/** Workers whose requests take `serviceMs` on the manual clock; what ran and what was dropped. */
function population(options: { workers: number; maxInFlight: number; maxQueued?: number; maxWaitMs?: number; serviceMs: number }) {
  const clock = new ManualClock(0);
  const started: { worker: number; dueMs: number; atMs: number }[] = [];
  const latenciesMs: number[] = [];
  const dropped: { reason: DropReason; dueMs: number }[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const dispatcher = new Dispatcher({
    workers: Array.from({ length: options.workers }, (_, index) => index),
    maxInFlight: options.maxInFlight,
    maxQueued: options.maxQueued ?? 1_000,
    maxWaitMs: options.maxWaitMs ?? 5_000,
    clock,
    run: (worker, dueMs) => {
      started.push({ worker, dueMs, atMs: clock.now() });
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      return new Promise<void>((resolve) =>
        clock.setTimer(options.serviceMs, () => {
          concurrent--;
          latenciesMs.push(clock.now() - dueMs);
          resolve();
        }),
      );
    },
    onDropped: (reason, dueMs) => dropped.push({ reason, dueMs }),
  });
  // Let promise callbacks (the dispatcher's bookkeeping) run between clock steps.
  const advance = async (ms: number, stepMs = 1) => {
    for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
      clock.advance(stepMs);
      for (let tick = 0; tick < 5; tick++) await Promise.resolve();
    }
  };
  return { clock, dispatcher, started, latenciesMs, dropped, advance, maxConcurrent: () => maxConcurrent };
}

describe("Dispatcher", () => {
  it("runs arrivals at once while customers and slots are free, one request per customer at a time", async () => {
    const world = population({ workers: 3, maxInFlight: 10, serviceMs: 50 });
    for (let index = 0; index < 3; index++) world.dispatcher.arrive(0);
    expect(world.started.map((run) => run.worker)).toEqual([0, 1, 2]);
    world.dispatcher.arrive(0);
    expect(world.dispatcher.queued).toBe(1);
    await world.advance(50);
    expect(world.started.at(-1)).toMatchObject({ worker: 0, dueMs: 0, atMs: 50 });
    await world.advance(50);
    expect(world.latenciesMs).toEqual([50, 50, 50, 100]);
  });

  it("never has more than maxInFlight requests out, whatever the population", async () => {
    const world = population({ workers: 100, maxInFlight: 4, serviceMs: 100 });
    for (let index = 0; index < 20; index++) world.dispatcher.arrive(0);
    await world.advance(600, 10);
    expect(world.maxConcurrent()).toBe(4);
    expect(world.started).toHaveLength(20);
  });

  it("against a slow portal the offered load stays open-loop: latency grows from the due time, and what cannot wait is dropped and counted", async () => {
    // 100 arrivals/s for 2 s, each request taking 200 ms, but only 10 customers: capacity 50/s.
    const world = population({ workers: 10, maxInFlight: 10, serviceMs: 200, maxWaitMs: 500 });
    let offered = 0;
    new OpenLoopScheduler({
      ratePerSecond: 100,
      durationMs: 2_000,
      clock: world.clock,
      onArrival: (dueMs) => {
        offered++;
        world.dispatcher.arrive(dueMs);
      },
    }).start();
    await world.advance(3_000, 5);
    expect(offered).toBe(200);
    expect(world.latenciesMs.length + world.dropped.length).toBe(200);
    expect(world.dropped.length).toBeGreaterThan(50);
    expect(world.dropped.every((drop) => drop.reason === "waited-too-long")).toBe(true);
    expect(Math.max(...world.latenciesMs)).toBeGreaterThan(500);
  });

  it("drops arrivals that find the backlog full", () => {
    const world = population({ workers: 1, maxInFlight: 1, maxQueued: 2, serviceMs: 1_000 });
    for (let index = 0; index < 5; index++) world.dispatcher.arrive(index);
    expect(world.dispatcher.queued).toBe(2);
    expect(world.dropped).toEqual([
      { reason: "queue-full", dueMs: 3 },
      { reason: "queue-full", dueMs: 4 },
    ]);
  });

  it("reports how long the oldest unanswered arrival has waited", async () => {
    const world = population({ workers: 1, maxInFlight: 1, serviceMs: 10_000 });
    world.dispatcher.arrive(0);
    await world.advance(1_500, 500);
    world.dispatcher.arrive(world.clock.now());
    expect(world.dispatcher.oldestWaitMs()).toBe(1_500);
  });

  it("stop() drops the backlog, counted, and resolves once the requests in flight are answered", async () => {
    const world = population({ workers: 2, maxInFlight: 2, serviceMs: 100 });
    for (let index = 0; index < 5; index++) world.dispatcher.arrive(0);
    let stopped = false;
    void world.dispatcher.stop().then(() => (stopped = true));
    world.dispatcher.arrive(0);
    await world.advance(99);
    expect(stopped).toBe(false);
    await world.advance(1);
    expect(stopped).toBe(true);
    expect(world.started).toHaveLength(2);
    expect(world.dispatcher.queued).toBe(0);
    expect(world.dropped.map((drop) => drop.reason)).toEqual(["stopped", "stopped", "stopped"]);
  });
});
