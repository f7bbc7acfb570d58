import { describe, expect, it } from "vitest";
import { ManualClock, repeatAligned } from "./clock.ts";

describe("ManualClock", () => {
  it("runs due timers in order at their due time, timers they set included, and cancels", () => {
    const clock = new ManualClock(100);
    const ran: string[] = [];
    clock.setTimer(20, () => ran.push(`b@${clock.now()}`));
    clock.setTimer(10, () => {
      ran.push(`a@${clock.now()}`);
      clock.setTimer(5, () => ran.push(`a2@${clock.now()}`));
    });
    const cancel = clock.setTimer(15, () => ran.push("cancelled"));
    cancel();
    clock.advance(30);
    expect(ran).toEqual(["a@110", "a2@115", "b@120"]);
    expect(clock.now()).toBe(130);
    expect(clock.pending).toBe(0);
  });
});

describe("repeatAligned", () => {
  it("ticks just after each boundary from the start, even when started mid-period, until cancelled", () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    clock.advance(250);
    const cancel = repeatAligned(clock, 0, 1_000, () => ticks.push(clock.now()));
    clock.advance(3_000);
    cancel();
    clock.advance(5_000);
    expect(ticks).toEqual([1_001, 2_001, 3_001]);
    expect(clock.pending).toBe(0);
  });
});
