import { describe, expect, it } from "vitest";
import { cell, code, renderMarkdown } from "./markdown.ts";
import { failedRun, passedRun, sampleSuite } from "./testing.ts";

/** A GFM table row's cells: split on pipes that are not escaped. */
const cellsOf = (row: string) => row.slice(2, -2).split(/(?<!\\) \| /);

describe("renderMarkdown", () => {
  const text = renderMarkdown(sampleSuite());
  const lines = text.split("\n");

  it("heads the report with the tally", () => {
    expect(lines[0]).toBe("## firedrill: 1 passed, 3 failed (postgres-down, redis-down: invalid, whmcs-down: error)");
    expect(lines[2]).toBe("Run `suite-1`: 4 drills in 5.2min.");
  });

  it("has a summary table with one row per drill", () => {
    const start = lines.indexOf("|  | Drill | Outcome | TTD | Classification | Escalation | Recovery | Points |");
    expect(lines[start + 1]).toBe("|---|---|---|---|---|---|---|---|");
    expect(lines.slice(start + 2, start + 6).map(cellsOf)).toEqual([
      ["✅", "`redis-down` Redis goes down (token blacklist fails closed)", "passed", "2s", "P2 (best)", "L2 not-needed", "99s", "100/100"],
      ["❌", "`postgres-down` PostgreSQL goes down", "failed", "1.5s", "P4 (wrong; expected P1)", "L2 pending, L3 pending", "not recovered", "27.5/100"],
      ["⚠️", "`redis-down` Redis goes down (token blacklist fails closed)", "invalid", "not detected", "none (expected P2)", "L2 pending", "not recovered", "0/100"],
      ["⚠️", "`whmcs-down` The WHMCS server goes down", "error", "—", "—", "—", "—", "—"],
    ]);
  });

  it("has a section with the reasons of each drill that did not pass, and none for those that did", () => {
    const failures = failedRun().score!.verdict.failures;
    expect(text).toContain(["### ❌ `postgres-down`: PostgreSQL goes down (failed)", "", "Scenario `database-connection-issues`.", "", ...failures.map((reason) => `- ${reason}`)].join("\n"));
    expect(text).toContain("### ⚠️ `whmcs-down`: The WHMCS server goes down (error)");
    expect(text).toContain('- environment "ci-1" failed: redis-server exited with code 1 &amp; said &lt;\\u001B[31mFATAL\\u001B[0m&gt; "bad config"');
    expect(text).not.toContain("`redis-down`: Redis goes down (token blacklist fails closed) (passed)");
  });

  it("lists the runbook commands with their verdicts, pipes escaped", () => {
    expect(text).toContain("### Runbook commands\n\n| Drill | Command | Verdict | Ran after |\n|---|---|---|---|\n| `redis-down` | `redis-cli ping` | showed-fault | 2s |");
    expect(text).toContain("| `redis-down` | `curl http://localhost:4000/health \\| jq '.checks.cache'` | showed-fault | 2s |");
    expect(text).toContain('| `postgres-down` | `psql $DATABASE_URL -c "SELECT 1"` | blind | 1.5s |');
    expect(renderMarkdown(sampleSuite([{ ...passedRun(), score: { ...passedRun().score!, diagnosis: { commands: [] } } }]))).not.toContain("Runbook commands");
  });

  it("keeps every row's cell count whatever the text holds", () => {
    const run = passedRun();
    const title = "a | b\nc <d> & `e`";
    const text = renderMarkdown(sampleSuite([{ ...run, drill: { ...run.drill, title } }]));
    const row = text.split("\n").find((line) => line.startsWith("| ✅"))!;
    expect(cellsOf(row)).toHaveLength(8);
    expect(cellsOf(row)[1]).toBe("`redis-down` a \\| b<br>c &lt;d&gt; &amp; `e`");
  });
});

describe("cell and code", () => {
  it("escapes pipes, also inside code, and turns newlines into <br>", () => {
    expect(cell("a|b\nc")).toBe("a\\|b<br>c");
    expect(cell(code("grep 'a\\|b' | wc"))).toBe("`grep 'a\\\\|b' \\| wc`");
  });

  it("fences code longer than any backtick run inside", () => {
    expect(code("plain")).toBe("`plain`");
    // CommonMark strips one space from each end when both ends have one.
    expect(code("echo `date`")).toBe("`` echo `date` ``");
    expect(code("a ``b`` c")).toBe("```a ``b`` c```");
  });
});
