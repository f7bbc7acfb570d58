import { describe, expect, it } from "vitest";
import { isFiredrillError } from "../errors.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { s } from "../schema/index.ts";
import { DEFAULT_ACTIONS, DEFAULT_FAULT_KINDS, DEFAULT_PROBE_KINDS } from "./default-kinds.ts";
import { DrillError, type DrillIssue } from "./drill-error.ts";
import { namesOnly, registryOf } from "./kind-registry.ts";
import { type ParseDrillOptions, parseDrill, readDrill } from "./parse-drill.ts";
import { MINIMAL_DRILL, minimalDrill } from "./testing.ts";

const options: ParseDrillOptions = { file: "drills/redis-down.yaml", runbook: shippedRunbook() };

function issuesOf(text: string, extra: Partial<ParseDrillOptions> = {}): DrillIssue[] {
  const reading = readDrill(text, { ...options, ...extra });
  if (reading.ok) throw new Error("expected problems");
  return [...reading.issues];
}

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

describe("parseDrill", () => {
  it("reads a drill into its model: renamed, defaulted and normalised fields", () => {
    const drill = minimalDrill();
    expect(drill.faults).toEqual([{ id: "redis-stop", kind: "redis.stop", target: "redis", params: {}, atMs: 0 }]);
    expect(drill.answers.detection.map((probe) => [probe.id, probe.withinMs])).toEqual([
      ["redis", 5_000],
      ["log-grep", 10_000],
    ]);
    expect(drill.answers.component).toEqual(["redis"]);
    expect(drill.answers.remediation).toEqual([{ action: "redis.start", params: {}, runbookSteps: [3], optional: false }]);
    expect(drill.answers.runbookCommands).toEqual([{ command: "redis-cli ping" }]);
    expect(drill.setup).toEqual({ targetEnv: {}, traffic: {} });
    expect(drill.answers.avoid).toEqual([]);
  });

  it("throws a DrillError (DRILL_INVALID) whose message names file, line, column, path, fix and allowed values", () => {
    const text = MINIMAL_DRILL.replace("kind: redis.stop", "kind: redis.stp");
    let error: unknown;
    try {
      parseDrill(text, options);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DrillError);
    expect(isFiredrillError(error) && error.code).toBe("DRILL_INVALID");
    expect((error as Error).message).toBe(
      `drill drills/redis-down.yaml:6:11: faults[0].kind: unknown fault kind "redis.stp"; did you mean "redis.stop"? (allowed: ${DEFAULT_FAULT_KINDS.join(", ")})`,
    );
  });

  it("points at a YAML syntax error", () => {
    const text = MINIMAL_DRILL.replace("    target: redis", "    target: redis: down");
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ file: "drills/redis-down.yaml", line: 7, path: "" });
    expect(issue?.message).toMatch(/^YAML: /);
  });

  it("reports every problem at once, each at its own line", () => {
    const text = MINIMAL_DRILL.replace("scenario: redis-connection-failures", "scenario: redis-failures")
      .replace("within: 5s", "within: soon")
      .replace("  component: redis", "  component: cache")
      .replace("    target: redis", "    target: redis\n    colour: red");
    const issues = issuesOf(text);
    expect(issues.map((issue) => [issue.path, issue.line])).toEqual([
      ["scenario", 3],
      ["faults[0].colour", lineOf(text, "colour")],
      ["answers.component", lineOf(text, "component: cache")],
      ["answers.detection[0].within", lineOf(text, "within: soon")],
    ]);
    expect(issues[0]).toMatchObject({ message: 'unknown runbook scenario "redis-failures"', allowed: shippedRunbook().scenarios.map((scenario) => scenario.id) });
    expect(issues[1]).toMatchObject({ col: 5, message: 'unknown field "colour"' });
    expect(issues[3]?.fix).toMatch(/1m30s/);
  });

  it("names a missing field at the mapping that lacks it", () => {
    const text = MINIMAL_DRILL.replace("      within: 10s\n  recovery", "\n  recovery");
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({ path: "answers.detection[1]", line: lineOf(text, "probe: log-grep"), message: 'missing required field "within"' }),
    ]);
  });

  it("refuses references the runbook scenario does not have", () => {
    const text = MINIMAL_DRILL.replace("runbookStep: 3", "runbookStep: 7").replace("    - redis-cli ping", "    - redis-cli pong");
    const issues = issuesOf(text);
    expect(issues.map((issue) => issue.path)).toEqual(["answers.remediation[0].runbookStep", "answers.runbookCommands[0]"]);
    expect(issues[0]?.message).toBe('scenario "redis-connection-failures" has no step 7');
    expect(issues[0]?.allowed?.[2]).toBe("3: Restart Redis if memory is exhausted");
    expect(issues[1]).toMatchObject({ fix: 'did you mean "redis-cli ping"?', allowed: ["redis-cli ping", "redis-cli INFO memory", "curl http://localhost:4000/health | jq '.checks.cache'"] });
  });

  it("requires the severity's why to cite the severity table row of the best severity", () => {
    const [issue] = issuesOf(MINIMAL_DRILL.replace("Major feature unavailable — logins fail closed.", "Logins fail closed, which is bad."));
    expect(issue).toMatchObject({ path: "answers.severity.why", message: "does not cite the severity table's row for P2" });
    expect(issue?.allowed).toEqual(["Major feature unavailable", "Order provisioning failing", "payment processing down"]);
  });

  it("checks best against accepted, and the security scenario's P1", () => {
    expect(issuesOf(MINIMAL_DRILL.replace("accepted: [P2, P1]", "accepted: [P1]")).map((issue) => issue.message)).toEqual(["P2 is not one of the accepted severities"]);
    const security = MINIMAL_DRILL.replace("scenario: redis-connection-failures", "scenario: security-incident").replace(/  remediation:[\s\S]*$/, "");
    expect(issuesOf(security)[0]?.message).toBe('the runbook\'s scenario "Security Incident" says P1 ("P1 - Immediately escalate to engineering lead and management."), not P2');
  });

  it("checks references between faults: after, revertOn and placeholders", () => {
    const text = MINIMAL_DRILL.replace(
      "    target: redis\n",
      "    target: redis\n  - kind: proxy.latency\n    after: redis-stp\n    revertOn: { escalation: L4 }\n    params: { latencyMs: 100, note: '{{faults.nope.pid}} {{taget.url}}' }\n",
    );
    const issues = issuesOf(text);
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ["faults[1].after", '"redis-stp" is not a fault listed before this one'],
      ["faults[1].revertOn.escalation", "the fault waits for an escalation to L4, which answers.escalation does not expect"],
      ["faults[1].params.note", "placeholder {{faults.nope.pid}} names no fault of this drill"],
      ["faults[1].params.note", 'placeholder {{taget.url}} starts with an unknown name "taget"'],
    ]);
    expect(issues[0]?.fix).toBe('did you mean "redis-stop"?');
  });

  it("checks unknown probe kinds and actions against the registries passed in", () => {
    const registries = { faults: namesOnly(DEFAULT_FAULT_KINDS), probes: namesOnly(DEFAULT_PROBE_KINDS.filter((kind) => kind !== "log-grep")), actions: namesOnly(DEFAULT_ACTIONS) };
    const [issue] = issuesOf(MINIMAL_DRILL, { registries });
    expect(issue).toMatchObject({ path: "answers.detection[1].probe", message: 'unknown probe kind "log-grep"', line: lineOf(MINIMAL_DRILL, "probe: log-grep") });
  });

  it("validates params with the schema a registry gives for the kind", () => {
    const probes = registryOf({
      ...Object.fromEntries(DEFAULT_PROBE_KINDS.map((kind) => [kind, {}])),
      redis: { params: s.object({ check: s.enumOf(["ping", "memory", "key-age"], "redis check"), expect: s.optional(s.enumOf(["ok", "fail"])) }) },
    });
    const text = MINIMAL_DRILL.replace("params: { check: ping, expect: fail }", "params: { check: pong, expect: fail }");
    const [issue] = issuesOf(text, { registries: { faults: namesOnly(DEFAULT_FAULT_KINDS), probes, actions: namesOnly(DEFAULT_ACTIONS) } });
    expect(issue).toMatchObject({ path: "answers.detection[0].params.check", message: 'unknown redis check "pong"', fix: 'did you mean "ping"?', line: lineOf(text, "check: pong") });
  });
});
