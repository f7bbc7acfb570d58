import { describe, expect, it } from "vitest";
import { sleep } from "../../../test/support/tcp.ts";
import { collectGarbage } from "../../../test/support/toxics.ts";
import { Schedule } from "./schedule.ts";
import type { Chunk, ToxicStub } from "./toxic.ts";

/** A stub that records what the schedule lets go of, and when. */
function recordingStub() {
  const events: { what: string; atMs: number }[] = [];
  let held = 0;
  let maxHeld = 0;
  const stub: ToxicStub = {
    emit: (chunk) => events.push({ what: chunk.data.toString(), atMs: performance.now() }),
    end: () => events.push({ what: "<end>", atMs: performance.now() }),
    reset: () => events.push({ what: "<reset>", atMs: performance.now() }),
    hold: (bytes) => {
      held += bytes;
      maxHeld = Math.max(maxHeld, held);
    },
    now: () => performance.now(),
  };
  return {
    stub,
    events,
    get held() {
      return held;
    },
    get maxHeld() {
      return maxHeld;
    },
  };
}

const chunk = (text: string): Chunk => ({ data: Buffer.from(text), arrivedAtMs: performance.now() });

describe("Schedule", () => {
  it("lets a due chunk go synchronously (no extra event-loop turn)", () => {
    const { stub, events, held } = recordingStub();
    const schedule = new Schedule(stub);
    schedule.push(performance.now(), chunk("now"));
    expect(events.map((e) => e.what)).toEqual(["now"]);
    expect(held).toBe(0);
  });

  it("releases in push order, never before each chunk's time, end-of-stream last", async () => {
    const rec = recordingStub();
    const schedule = new Schedule(rec.stub);
    const t0 = performance.now();
    schedule.push(t0 + 60, chunk("a"));
    // Due earlier than "a", but pushed after it: order wins, it leaves with "a".
    schedule.push(t0 + 10, chunk("b"));
    schedule.push(t0 + 90, chunk("c"));
    schedule.pushEnd(t0);
    expect(rec.events).toEqual([]);
    expect(rec.held).toBe(3);
    expect(schedule.tailMs).toBeCloseTo(t0 + 90, 5);
    await sleep(150);
    expect(rec.events.map((e) => e.what)).toEqual(["a", "b", "c", "<end>"]);
    const [a, b, c, end] = rec.events.map((e) => e.atMs - t0);
    // Timers may fire up to ~1 ms early; the schedule allows half a millisecond of slack on top.
    expect(a).toBeGreaterThanOrEqual(58);
    expect(b).toBeGreaterThanOrEqual(58);
    expect(c).toBeGreaterThanOrEqual(88);
    expect(end).toBeGreaterThanOrEqual(c!);
    expect(rec.held).toBe(0);
  });

  it("flush lets everything go at once, in order, and stops its timer", async () => {
    const rec = recordingStub();
    const schedule = new Schedule(rec.stub);
    const t0 = performance.now();
    schedule.push(t0 + 1_000, chunk("x"));
    schedule.push(t0 + 2_000, chunk("y"));
    schedule.pushEnd(t0 + 3_000);
    schedule.flush();
    expect(rec.events.map((e) => e.what)).toEqual(["x", "y", "<end>"]);
    expect(rec.held).toBe(0);
    await sleep(20);
    expect(rec.events).toHaveLength(3);
  });

  it("discard drops what it holds and never releases it", async () => {
    const rec = recordingStub();
    const schedule = new Schedule(rec.stub);
    schedule.push(performance.now() + 20, chunk("gone"));
    schedule.discard();
    await sleep(40);
    expect(rec.events).toEqual([]);
  });

  it("does not keep chunks it has released while others are still queued (no leak on a continuous stream)", async () => {
    // A queue that never empties, like a busy latency toxic, on a clock the test moves by hand.
    let nowMs = 0;
    let released = 0;
    const stub: ToxicStub = { emit: () => (released += 1), end: () => {}, reset: () => {}, hold: () => {}, now: () => nowMs };
    const schedule = new Schedule(stub);
    const refs: WeakRef<Buffer>[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      const data = Buffer.alloc(1024, i % 256);
      refs.push(new WeakRef(data));
      schedule.push(i + 1, { data, arrivedAtMs: 0 });
    }
    // Half of them become due: the timer releases them, the rest stay queued.
    nowMs = 500;
    await sleep(5);
    expect(released).toBe(500);
    collectGarbage();
    const alive = refs.slice(0, 500).filter((ref) => ref.deref() !== undefined).length;
    expect(alive).toBe(0);
    expect(refs.slice(500).every((ref) => ref.deref() !== undefined)).toBe(true);
    schedule.discard();
  });
});
