import { describe, expect, it } from "vitest";
import { parseGapRange, scheduleGameDay } from "./gameday-schedule.ts";

const DRILLS = ["redis-down", "postgres-down", "whmcs-slow", "external-api-errors"];

describe("scheduleGameDay", () => {
  it("plans every drill once, numbered in order, with gaps inside the range", () => {
    const plan = scheduleGameDay(DRILLS, 3, { minMs: 30_000, maxMs: 120_000 });
    expect(plan.map((incident) => incident.index)).toEqual([1, 2, 3, 4]);
    expect([...plan.map((incident) => incident.drill)].sort()).toEqual([...DRILLS].sort());
    for (const { gapMs } of plan) {
      expect(gapMs).toBeGreaterThanOrEqual(30_000);
      expect(gapMs).toBeLessThanOrEqual(120_000);
    }
  });

  it("replays the same plan from the same seed, and another from another seed", () => {
    const gap = { minMs: 1_000, maxMs: 60_000 };
    expect(scheduleGameDay(DRILLS, 3, gap)).toEqual(scheduleGameDay(DRILLS, 3, gap));
    const others = [4, 5, 6, 7].map((seed) => JSON.stringify(scheduleGameDay(DRILLS, seed, gap)));
    expect(others.some((plan) => plan !== JSON.stringify(scheduleGameDay(DRILLS, 3, gap)))).toBe(true);
  });

  it("takes a fixed gap as given", () => {
    expect(scheduleGameDay(["a", "b"], 9, { minMs: 1_000, maxMs: 1_000 }).map((incident) => incident.gapMs)).toEqual([1_000, 1_000]);
  });
});

describe("parseGapRange", () => {
  it("reads a duration or a range, and names --gap when it cannot", () => {
    expect(parseGapRange("30s-2m")).toEqual({ minMs: 30_000, maxMs: 120_000 });
    expect(parseGapRange("1s")).toEqual({ minMs: 1_000, maxMs: 1_000 });
    expect(() => parseGapRange("2m-30s")).toThrow(/--gap "2m-30s": give a duration or a range/);
  });
});
