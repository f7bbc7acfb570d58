import { describe, expect, it } from "vitest";
import { formatDurationMs, parseDurationMs } from "./duration.ts";

describe("parseDurationMs", () => {
  it.each([
    ["250ms", 250],
    ["5s", 5_000],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["15 minutes", 900_000],
    ["1 hour", 3_600_000],
    ["24 hours", 86_400_000],
    ["1 hour and 30 minutes", 5_400_000],
    ["2 hrs, 5 mins", 7_500_000],
    ["  30 Minutes ", 1_800_000],
  ])("reads %s", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(["", "soon", "5", "5 parsecs", "5s later", "-5s"])("refuses %j", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe("formatDurationMs", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [90_000, "1m30s"],
    [3_600_000, "1h"],
    [1_500, "1500ms"],
  ])("writes %d as %s", (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
    expect(parseDurationMs(text)).toBe(ms);
  });
});
