import { describe, expect, it } from "vitest";
import { sampleHistory } from "./testing.ts";
import { filterRecords, median, trendsOf } from "./trends.ts";

const runIds = (records: readonly { runId: string }[]) => records.map((record) => record.runId).sort();

describe("trendsOf", () => {
  const trends = trendsOf(sampleHistory());

  it("gives each person their runs, their own MTTA, the runs' MTTD and MTTR, and the mean score", () => {
    expect(trends.runs).toBe(5);
    expect(trends.people.map((trend) => trend.name)).toEqual(["ana", "ben", "carol"]);
    const ana = trends.people[0]!;
    expect(ana.runs).toBe(3);
    expect(ana.mtta).toEqual({ runs: 3, meanMs: (60_000 + 180_000 + 20_000) / 3, medianMs: 60_000 });
    expect(ana.mttd).toEqual({ runs: 3, meanMs: 10_000 / 3, medianMs: 3_000 });
    expect(ana.mttr).toEqual({ runs: 3, meanMs: 600_000, medianMs: 600_000 });
    expect(ana.scorePct).toBeCloseTo(200 / 3);
  });

  it("leaves a time out of its mean where the run never got there (ben's gd-q4 run did not recover)", () => {
    const ben = trends.people.find((trend) => trend.name === "ben")!;
    expect(ben.mttr).toEqual({ runs: 1, meanMs: 900_000, medianMs: 900_000 });
    expect(ben.mtta).toEqual({ runs: 2, meanMs: 80_000, medianMs: 80_000 });
  });

  it("compares a person's first game day with their last", () => {
    const ana = trends.people[0]!;
    expect(ana.occasions.map((occasion) => [occasion.id, occasion.kind, occasion.runs, occasion.scorePct])).toEqual([
      ["gd-q3", "gameday", 2, 55],
      ["gd-q4", "gameday", 1, 90],
    ]);
    expect(ana.change).toEqual({ scorePct: 35, mttdMs: 2_000 - 4_000, mttaMs: 20_000 - 120_000, mttrMs: 300_000 - 750_000 });
    expect(trends.people.find((trend) => trend.name === "carol")!.change).toBeUndefined();
  });

  it("groups teams on the run's own MTTA, and leaves runs without a team out of the team table", () => {
    expect(trends.teams.map((trend) => trend.name)).toEqual(["blue"]);
    const blue = trends.teams[0]!;
    expect(blue.runs).toBe(4);
    expect(blue.mtta).toEqual({ runs: 4, meanMs: 60_000, medianMs: 50_000 });
    expect(blue.scorePct).toBe(67.5);
    expect(blue.change?.scorePct).toBe(25);
  });

  it("lists game days and, for runs outside one, calendar days, oldest first", () => {
    expect(trends.occasions.map((occasion) => [occasion.id, occasion.kind, occasion.date, occasion.people, occasion.teams])).toEqual([
      ["gd-q3", "gameday", "2026-08-14", ["ana", "ben"], ["blue"]],
      ["2026-10-01", "date", "2026-10-01", ["carol"], []],
      ["gd-q4", "gameday", "2026-11-20", ["ana", "ben"], ["blue"]],
    ]);
  });

  it("shows only the chosen person's row when filtered by person", () => {
    const ben = trendsOf(sampleHistory(), { person: "ben" });
    expect(ben.runs).toBe(2);
    expect(ben.people.map((trend) => trend.name)).toEqual(["ben"]);
  });

  it("is empty over no runs", () => {
    expect(trendsOf([])).toEqual({ runs: 0, people: [], teams: [], occasions: [] });
  });
});

describe("filterRecords", () => {
  const records = sampleHistory();
  it.each([
    [{ drill: "redis-down" }, ["r1", "r3", "r5"]],
    [{ team: "blue" }, ["r1", "r2", "r3", "r4"]],
    [{ mode: "train" as const }, ["r5"]],
    [{ person: "ben" }, ["r2", "r4"]],
    [{ sinceMs: Date.parse("2026-09-01T00:00:00Z") }, ["r3", "r4", "r5"]],
    [{ team: "blue", person: "ana", sinceMs: Date.parse("2026-11-01T00:00:00Z") }, ["r3"]],
  ])("%j keeps %j", (filter, expected) => {
    expect(runIds(filterRecords(records, filter))).toEqual(expected);
  });
});

it("median takes the middle, or the mean of the two middles", () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeUndefined();
});
