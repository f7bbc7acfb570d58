import { describe, expect, it } from "vitest";
import { isFiredrillError } from "../errors.ts";
import { parseRunbook } from "./parse-runbook.ts";
import { findLevel, findScenario, procedureOf } from "./queries.ts";
import { RunbookError } from "./runbook-error.ts";
import { cut, shippedRunbook, shippedRunbookText } from "./testing.ts";

function problemsOf(text: string): RunbookError {
  try {
    parseRunbook(text, "edited.md");
  } catch (error) {
    if (error instanceof RunbookError) return error;
    throw error;
  }
  throw new Error("expected a RunbookError");
}

describe("the shipped runbook", () => {
  const runbook = shippedRunbook();

  it("has the severity table with response times in ms", () => {
    expect(runbook.severities.map((severity) => [severity.id, severity.name, severity.responseTimeMs])).toEqual([
      ["P1", "Critical", 900_000],
      ["P2", "High", 3_600_000],
      ["P3", "Medium", 14_400_000],
      ["P4", "Low", 86_400_000],
    ]);
    expect(runbook.severities[1]).toMatchObject({ definition: "Major feature unavailable", examples: ["Order provisioning failing", "payment processing down"], line: 12 });
  });

  it("reads the escalation matrix's conditions", () => {
    expect(runbook.escalation.map((level) => level.id)).toEqual(["L1", "L2", "L3", "L4"]);
    expect(findLevel(runbook, "L1")?.conditions).toEqual([{ kind: "always", text: "All incidents" }]);
    expect(findLevel(runbook, "L2")?.conditions).toEqual([{ kind: "unresolved", severities: ["P1", "P2"], afterMs: 1_800_000, text: "P1/P2 not resolved in 30 minutes" }]);
    expect(findLevel(runbook, "L3")?.conditions).toEqual([
      { kind: "unresolved", severities: ["P1"], afterMs: 3_600_000, text: "P1 not resolved in 1 hour" },
      { kind: "customer-impact", text: "customer impact" },
    ]);
    expect(findLevel(runbook, "L4")).toMatchObject({ scope: "External", contact: "Vendor support" });
    expect(findLevel(runbook, "L4")?.conditions).toEqual([
      { kind: "external-system", systems: ["Salesforce", "WHMCS", "Freebit"], text: "External system failure (Salesforce, WHMCS, Freebit)" },
    ]);
  });

  it("has six scenarios with slug ids and fourteen diagnosis commands", () => {
    expect(runbook.scenarios.map((scenario) => `${scenario.number} ${scenario.id}`)).toEqual([
      "1 salesforce-platform-events-not-receiving",
      "2 whmcs-api-unavailable",
      "3 redis-connection-failures",
      "4 database-connection-issues",
      "5 high-error-rate-performance-degradation",
      "6 security-incident",
    ]);
    expect(runbook.scenarios.flatMap((scenario) => scenario.diagnosis)).toHaveLength(14);
  });

  it("reads a scenario's symptoms, commands with comments, steps, escalation and impact note", () => {
    const redis = findScenario(runbook, "redis-connection-failures");
    expect(redis?.symptoms).toEqual(["Authentication failing", "Cache misses on every request", "Rate limiting not working", "SSE connections dropping"]);
    expect(redis?.diagnosis[2]).toEqual({ command: "curl http://localhost:4000/health | jq '.checks.cache'", comments: ["Check BFF health endpoint"], line: 122 });
    expect(redis?.resolution[3]).toEqual({ number: 4, text: "Clear stale keys if necessary: `redis-cli FLUSHDB` (caution: clears all cache)", code: ["redis-cli FLUSHDB"], line: 130 });
    expect(redis?.impact?.items[0]).toBe("Token blacklist checks to fail (security risk if `AUTH_BLACKLIST_FAIL_CLOSED=false`)");
    expect(findScenario(runbook, "salesforce-platform-events-not-receiving")?.escalation).toEqual({
      text: "If unresolved in 30 minutes, contact Salesforce admin.",
      line: 70,
      afterMs: 1_800_000,
      immediate: false,
    });
  });

  it("reads the security scenario's immediate actions as its procedure", () => {
    const security = findScenario(runbook, "security-incident");
    expect(security?.resolution).toEqual([]);
    expect(procedureOf(security ?? (undefined as never)).map((step) => step.text)[0]).toBe("**DO NOT** modify logs or evidence");
    expect(security?.escalation).toMatchObject({ severity: "P1", immediate: true });
  });

  it("reads the status update template's fields and the review template", () => {
    expect(runbook.statusUpdate.headline).toBe("INCIDENT UPDATE - [P1/P2/P3/P4] - [Brief Description]");
    expect(runbook.statusUpdate.fields.map((field) => field.name)).toEqual(["Status", "Impact", "Started", "Last Update", "Current Actions", "Next Update"]);
    expect(runbook.statusUpdate.fields[0]?.options).toEqual(["Investigating", "Identified", "Monitoring", "Resolved"]);
    expect(runbook.statusUpdate.fields.find((field) => field.name === "Current Actions")?.list).toBe(true);
    expect(runbook.review?.sections.map((section) => section.title)).toEqual(["Incident Summary", "Timeline", "Root Cause Analysis", "Action Items"]);
  });
});

describe("tolerance of edits", () => {
  const text = shippedRunbookText();

  it("reads sections in another order", () => {
    const severity = cut(text, "## Severity Classification", "## Escalation Matrix");
    const security = cut(severity.rest, "### 6. Security Incident", "## Incident Response Workflow");
    const reordered = security.rest
      .replace("## Common Incident Scenarios\n", `## Common Incident Scenarios\n\n${security.removed}`)
      .concat(`\n${severity.removed}`);
    const runbook = parseRunbook(reordered, "reordered.md");
    expect(runbook.severities.map((severity) => severity.id)).toEqual(["P1", "P2", "P3", "P4"]);
    expect(runbook.scenarios.map((scenario) => scenario.id)[0]).toBe("security-incident");
    expect(runbook.scenarios).toHaveLength(6);
  });

  it("reads an extra scenario, written with subheadings instead of bold labels", () => {
    const extra = [
      "### 7. Freebit SIM Activation Failing",
      "",
      "#### Symptoms",
      "",
      "- Orders stuck in Provisioning",
      "",
      "#### Diagnosis",
      "",
      "```bash",
      "# Freebit errors",
      "grep \"Freebit\" /var/log/bff/error.log \\",
      "  | tail -20",
      "```",
      "",
      "#### Resolution",
      "",
      "1. Check Freebit status page",
      "2. Retry the activation",
      "",
    ].join("\n");
    const runbook = parseRunbook(text.replace("## Incident Response Workflow", `${extra}\n## Incident Response Workflow`), "extra.md");
    const freebit = findScenario(runbook, "freebit-sim-activation-failing");
    expect(freebit).toMatchObject({ number: 7, symptoms: ["Orders stuck in Provisioning"], diagnosis: [{ command: 'grep "Freebit" /var/log/bff/error.log | tail -20', comments: ["Freebit errors"] }] });
    expect(freebit?.resolution.map((step) => step.number)).toEqual([1, 2]);
  });

  it("ignores extra whitespace, CRLF line ends and unaligned tables", () => {
    const messy = text
      .replace("| **P2 - High** |", "|   **P2   -   High**|")
      .replace("**Symptoms:**", "**Symptoms:**   ")
      .replace(/\n/g, "\r\n\r\n".slice(0, 2))
      .replace("### 3. Redis Connection Failures", "###   3.   Redis Connection Failures   ");
    const runbook = parseRunbook(messy, "messy.md");
    expect(runbook.severities[1]?.name).toBe("High");
    expect(findScenario(runbook, "redis-connection-failures")?.diagnosis).toHaveLength(3);
  });

  it("names the file and line 1 when a required section is missing", () => {
    const error = problemsOf(cut(text, "## Severity Classification", "## Escalation Matrix").rest);
    expect(isFiredrillError(error) && error.code).toBe("RUNBOOK_INVALID");
    expect(error.file).toBe("edited.md");
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(/^runbook edited\.md:1: section "\(document\)": missing the "Severity Classification" section \(a heading with "Severity" in it/);
    expect(error.message).toContain('headings found: "Incident Response Runbook", "Escalation Matrix"');
  });

  it("names the line and section of a row it cannot read", () => {
    const error = problemsOf(text.replace("| 1 hour |", "| soon |"));
    expect(error.problems).toEqual([{ line: 12, section: "Severity Classification", message: 'P2: response time "soon" is not a duration; write e.g. "15 minutes" or "1 hour"' }]);
  });

  it("names a scenario that has lost its steps, and a table that has lost a column", () => {
    const noSteps = cut(text, "**Resolution:**\n\n1. Verify Redis URL", "**Impact Note:**").rest;
    const noColumn = noSteps.replace("| Level | Scope", "| Tier | Scope");
    const error = problemsOf(noColumn);
    expect(error.problems.map((problem) => [problem.line, problem.section])).toEqual([
      [20, "Escalation Matrix"],
      [103, "3. Redis Connection Failures"],
    ]);
    expect(error.message).toContain('edited.md:103: section "3. Redis Connection Failures": has neither **Resolution:** nor **Immediate Actions:** steps');
    expect(error.message).toContain('the escalation table needs "Level" and "When to Escalate" columns (columns: Tier, Scope, Contact, When to Escalate)');
  });

  it("refuses two scenarios with the same id", () => {
    const twice = text.replace("### 5. High Error Rate / Performance Degradation", "### 5. Redis Connection Failures");
    expect(problemsOf(twice).problems[0]).toMatchObject({ line: 172, message: 'has the same id "redis-connection-failures" as the scenario on line 103; give it another title' });
  });
});
