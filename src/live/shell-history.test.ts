import { describe, expect, it } from "vitest";
import { shippedRunbook } from "../runbook/testing.ts";
import { parseShellHistory, runbookCommandOf } from "./shell-history.ts";

describe("the environment's shell history", () => {
  it("reads bash's timestamped history; a line without a stamp takes the last one seen", () => {
    const text = "#1795770000\nredis-cli ping\n#1795770007\nredis-cli INFO memory\nls\n";
    expect(parseShellHistory(text, 42)).toEqual([
      { atMs: 1_795_770_000_000, command: "redis-cli ping" },
      { atMs: 1_795_770_007_000, command: "redis-cli INFO memory" },
      { atMs: 1_795_770_007_000, command: "ls" },
    ]);
    expect(parseShellHistory("psql $DATABASE_URL\n", 42)).toEqual([{ atMs: 42, command: "psql $DATABASE_URL" }]);
  });

  it("knows the runbook's diagnosis commands as typed, spacing aside", () => {
    const runbook = shippedRunbook();
    expect(runbookCommandOf("redis-cli   INFO memory", runbook)).toBe("redis-cli INFO memory");
    expect(runbookCommandOf('psql $DATABASE_URL -c "SELECT 1"', runbook)).toBe('psql $DATABASE_URL -c "SELECT 1"');
    expect(runbookCommandOf("redis-cli KEYS *", runbook)).toBeUndefined();
  });
});
