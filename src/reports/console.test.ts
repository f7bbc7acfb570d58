import { describe, expect, it } from "vitest";
import { renderConsole } from "./console.ts";
import { errorRun, failedRun, passedRun, sampleSuite } from "./testing.ts";

describe("renderConsole", () => {
  const text = renderConsole(sampleSuite(), { color: false });
  const lines = text.split("\n");

  it("writes one aligned line per drill: outcome, id, time to detect, severity against the key, recovery, points", () => {
    expect(lines.slice(0, 4)).toEqual([
      "✓ passed   redis-down     detected 2s    severity P2 (best)                recovered 99s  100/100 points",
      "✗ failed   postgres-down  detected 1.5s  severity P4 (wrong; expected P1)  not recovered  27.5/100 points",
      "! invalid  redis-down     not detected   severity none (expected P2)       not recovered  0/100 points",
      "! error    whmcs-down     —              —                                 —              —",
    ]);
  });

  it("lists the reasons of each drill that did not pass, under its id", () => {
    const start = lines.indexOf("✗ postgres-down (failed):");
    expect(start).toBeGreaterThan(0);
    const failures = failedRun().score!.verdict.failures;
    expect(lines.slice(start + 1, start + 1 + failures.length)).toEqual(failures.map((reason) => `    - ${reason}`));
    expect(lines).toContain("! redis-down (invalid):");
    expect(lines).not.toContain("✓ redis-down (passed):");
    expect(text).toContain('! whmcs-down (error):\n    - environment "ci-1" failed: redis-server exited with code 1 & said <\\u001B[31mFATAL\\u001B[0m> "bad config"\n');
  });

  it("lists the runbook commands per drill with their verdict", () => {
    expect(text).toContain(
      [
        "Runbook commands:",
        "  redis-down",
        "    showed-fault  redis-cli ping",
        "    showed-fault  redis-cli INFO memory",
        "    showed-fault  curl http://localhost:4000/health | jq '.checks.cache'",
        "  postgres-down",
        '    blind         psql $DATABASE_URL -c "SELECT 1"',
      ].join("\n"),
    );
    expect(text).toContain("  redis-down\n    not-run  redis-cli ping\n");
  });

  it("ends with the tally naming each drill that did not pass", () => {
    expect(lines.slice(-3)).toEqual(["1 passed, 3 failed (postgres-down, redis-down: invalid, whmcs-down: error)", "run suite-1 in 5.2min", ""]);
    expect(renderConsole(sampleSuite([passedRun()]), { color: false })).toContain("\n1 passed, 0 failed\n");
    expect(renderConsole({ ...sampleSuite([]), shard: { index: 2, total: 3 } }, { color: false })).toContain("0 passed, 0 failed (no drill ran)\nrun suite-1 in 5.2min, shard 2/3\n");
  });

  it("colours only when asked, and never passes a run's own escape codes to the terminal", () => {
    expect(text).not.toContain("\x1b");
    const coloured = renderConsole(sampleSuite([passedRun(), errorRun()]), { color: true });
    expect(coloured).toContain("\x1b[32m✓ passed\x1b[0m  redis-down");
    expect(coloured).toContain("\x1b[33m! error \x1b[0m  whmcs-down");
    expect(coloured).toContain("\\u001B[31mFATAL");
    expect(coloured.replace(/\x1b\[\d+m/g, "")).toBe(renderConsole(sampleSuite([passedRun(), errorRun()]), { color: false }));
  });
});
