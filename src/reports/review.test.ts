import { describe, expect, it } from "vitest";
import type { DrillRun } from "../engine/result.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { shippedDrill } from "../scoring/testing.ts";
import { postgresP1Run } from "./html/testing.ts";
import { renderReviewDraft } from "./review.ts";
import { failedRun, passedRun } from "./testing.ts";

const runbook = shippedRunbook();
const review = (run: DrillRun, options: { runbook?: typeof runbook } = {}) => renderReviewDraft(run, shippedDrill(run.drill.id), options.runbook ?? runbook);
const sectionOf = (text: string, heading: string) => text.slice(text.indexOf(heading), text.indexOf("\n## ", text.indexOf(heading) + 1) >>> 0);

describe("renderReviewDraft", () => {
  it("follows the runbook's review template, its prompts as a guide", () => {
    const text = review(passedRun())!;
    expect(text.split("\n").filter((line) => line.startsWith("#"))).toEqual([
      "# Post-incident review: Redis goes down (token blacklist fails closed)",
      "## 1. Incident Summary",
      "## 2. Timeline",
      "## 3. Root Cause Analysis",
      "## 4. Action Items",
    ]);
    expect(text).toContain("## 1. Incident Summary\n\n> What happened? · When did it start/end? · Who was affected?\n\n");
  });

  it("summarises the incident: severity as classified, component, start, end, duration, customer impact", () => {
    const summary = sectionOf(review(passedRun())!, "## 1.");
    expect(summary).toContain("- **Severity:** P2 (High), classified by ana; best per the answer key: P2");
    expect(summary).toContain("- **Component:** redis (runbook scenario 3. Redis Connection Failures)");
    expect(summary).toContain("- **Started:** 2026-11-27 09:00:01Z (fault injected)");
    expect(summary).toContain("- **Ended:** 2026-11-27 09:01:40Z (recovery verified)");
    expect(summary).toContain("- **Duration:** 99s");
    expect(summary).toContain("- **Customer impact:** The Redis server stops. With AUTH_BLACKLIST_FAIL_CLOSED=true the portal refuses logins");
  });

  it("has a timeline in UTC from the journal", () => {
    const timeline = sectionOf(review(postgresP1Run())!, "## 2.");
    expect(timeline).toContain("- **Detection time:** 1.5s\n- **Response time:** 9s\n- **Resolution time:** never (response time allowed: 15min)");
    expect(timeline).toContain(
      [
        "| Time (UTC) | Since injection | Event |",
        "|---|---|---|",
        "| 2026-11-27 09:00:01Z | +0ms | fault postgres-down injected (postgres.stop on postgres) |",
        "| 2026-11-27 09:00:02Z | +1.5s | detected: probe http-json (http-json) fired, first of 4 expected |",
        "| 2026-11-27 09:00:05Z | +4s | ben took hint 1 |",
        "| 2026-11-27 09:00:10Z | +9s | ben acknowledged (first response: classify) |",
        "| 2026-11-27 09:00:10Z | +9s | ben classified it P1, component postgres |",
        "| 2026-11-27 09:00:21Z | +20s | ben escalated to L2: database down |",
        "| 2026-11-27 09:00:30Z | +29s | ben declared it resolved (false) |",
      ].join("\n"),
    );
    expect(sectionOf(review(passedRun())!, "## 2.")).toContain("| 2026-11-27 09:01:40Z | +99s | recovered: every recovery probe passed |");
  });

  it("asks the root-cause questions with the faults injected and the component", () => {
    const cause = sectionOf(review(postgresP1Run())!, "## 3.");
    expect(cause).toContain("- **Faults injected by the drill:**\n  - `postgres-down`: `postgres.stop` on postgres, at 2026-11-27 09:00:01Z (+0ms)\n- **Component at fault:** postgres");
    expect(cause).toContain("- **What was the direct cause?** _To answer._");
    expect(cause).not.toContain("> What was the direct cause?");
  });

  it("prefills action items from missed runbook steps, blind runbook commands and detection probes that did not fire", () => {
    const items = sectionOf(review(postgresP1Run())!, "## 4.");
    const steps = runbook.scenarios.find((scenario) => scenario.id === "database-connection-issues")!.resolution;
    expect(items).toContain(`- [ ] Runbook step 1 (“${steps[0]!.text}”), step 4 (“${steps[3]!.text}”) was not taken (\`postgres.start\`)`);
    expect(items).toContain('- [ ] Runbook command `psql $DATABASE_URL -c "SELECT 1"` did not show the fault');
    expect(items).toContain("- [ ] Detection probe `postgres` (postgres) never fired (expected within 5s): improve the monitoring");
    expect(items.match(/Detection probe/g)).toHaveLength(3);
    expect(sectionOf(review(passedRun())!, "## 4.")).toContain("- [x] `redis.start` by ana, 2026-11-27 09:01:30Z (+89s)");
  });

  it("is written only for P1 and P2: the severity classified, else the answer key's best", () => {
    expect(review(failedRun())).toBeUndefined(); // classified P4
    const p3 = passedRun();
    expect(review({ ...p3, journal: p3.journal.map((event) => (event.kind === "classify" ? { ...event, severity: "P3" } : event)) })).toBeUndefined();
    const unclassified = postgresP1Run();
    const text = review({ ...unclassified, journal: unclassified.journal.filter((event) => event.kind !== "classify") })!;
    expect(text).toContain("- **Severity:** P1 (Critical), the answer key's (nobody classified it)");
  });

  it("falls back to Summary, Timeline, Root Cause and Action Items without a review template", () => {
    const { review: _template, ...withoutReview } = runbook;
    const text = review(passedRun(), { runbook: withoutReview })!;
    expect(text.split("\n").filter((line) => line.startsWith("## "))).toEqual(["## 1. Summary", "## 2. Timeline", "## 3. Root Cause", "## 4. Action Items"]);
    expect(text).toContain("- **What was the direct cause?** _To answer._");
  });

  it("escapes text from the drill and the journal", () => {
    const run = postgresP1Run("<b>x</b>|y");
    const text = review({ ...run, drill: { ...run.drill, title: "<script>alert(1)</script>" } })!;
    expect(text).toContain("# Post-incident review: &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(text).toContain("| +20s | &lt;b&gt;x&lt;/b&gt;\\|y escalated to L2: database down |");
    expect(text).not.toMatch(/<script|<b>/);
  });
});
