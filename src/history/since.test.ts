import { expect, it } from "vitest";
import { FiredrillError } from "../errors.ts";
import { parseSince } from "./since.ts";

const NOW = Date.parse("2026-11-27T12:00:00Z");

it("reads a day, an ISO time or an age", () => {
  expect(parseSince("2026-11-01", NOW)).toBe(Date.parse("2026-11-01T00:00:00Z"));
  expect(parseSince("2026-11-01T09:30:00+01:00", NOW)).toBe(Date.parse("2026-11-01T08:30:00Z"));
  expect(parseSince("30d", NOW)).toBe(NOW - 30 * 86_400_000);
  expect(parseSince("12h", NOW)).toBe(NOW - 12 * 3_600_000);
});

it.each(["yesterday", "2026-13-45", "2026-02-30", "11/01/2026", "", "30 parsecs"])("rejects %j naming the option and the formats", (text) => {
  expect(() => parseSince(text, NOW)).toThrow(FiredrillError);
  expect(() => parseSince(text, NOW)).toThrow(/--since .*2026-11-01.*ISO 8601.*30d/);
});
