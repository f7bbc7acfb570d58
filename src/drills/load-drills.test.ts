import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedRunbook } from "../runbook/testing.ts";
import { runbookCoverage } from "./coverage.ts";
import { DEFAULT_ACTIONS, DEFAULT_FAULT_KINDS, DEFAULT_PROBE_KINDS } from "./default-kinds.ts";
import { DrillError } from "./drill-error.ts";
import { type LoadedDrill, loadDrills } from "./load-drills.ts";
import { withoutAnswers } from "./public-view.ts";
import { MINIMAL_DRILL } from "./testing.ts";

const runbook = shippedRunbook();

describe("the shipped drills", () => {
  let drills: LoadedDrill[];
  beforeAll(async () => {
    drills = await loadDrills({ runbook });
  });

  it("are at least twelve and rehearse every scenario of the runbook", () => {
    expect(drills.length).toBeGreaterThanOrEqual(12);
    const coverage = runbookCoverage(runbook, drills);
    expect(coverage.scenariosWithoutDrill).toEqual([]);
    expect(Object.fromEntries(coverage.scenarios.map((scenario) => [scenario.id, scenario.drills.length]))).toEqual({
      "salesforce-platform-events-not-receiving": 4,
      "whmcs-api-unavailable": 3,
      "redis-connection-failures": 2,
      "database-connection-issues": 3,
      "high-error-rate-performance-degradation": 2,
      "security-incident": 3,
    });
  });

  it("exercise all fourteen diagnosis commands of the runbook", () => {
    const coverage = runbookCoverage(runbook, drills);
    expect(coverage.commands).toHaveLength(14);
    expect(coverage.commandsNotExercised).toEqual([]);
  });

  it("use the fault, probe and action kinds DESIGN.md names", () => {
    for (const drill of drills) {
      for (const fault of drill.faults) expect(DEFAULT_FAULT_KINDS).toContain(fault.kind);
      for (const probe of [...drill.steadyState, ...drill.answers.detection, ...drill.answers.recovery]) expect(DEFAULT_PROBE_KINDS).toContain(probe.probe);
      for (const action of [...drill.answers.remediation, ...drill.answers.avoid]) expect(DEFAULT_ACTIONS).toContain(action.action);
    }
  });

  it("rate every security incident P1 and every vendor-side fault as waiting for L4", () => {
    for (const drill of drills.filter((each) => each.scenario === "security-incident")) expect(drill.answers.severity).toMatchObject({ accepted: ["P1"], best: "P1" });
    for (const drill of drills.filter((each) => each.faults.some((fault) => fault.revertOn !== undefined))) {
      expect(drill.answers.escalation.map((entry) => entry.level)).toContain("L4");
    }
  });

  it("can be shown without their answers", () => {
    const shown = withoutAnswers(drills[0] as LoadedDrill);
    expect(shown).not.toHaveProperty("answers");
    expect(shown.hintCount).toBeGreaterThan(0);
  });
});

describe("loadDrills", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "firedrill-drills-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("checks each id against its file name and reports every file's problems together", async () => {
    await writeFile(path.join(dir, "redis-down.yaml"), MINIMAL_DRILL);
    await writeFile(path.join(dir, "redis-outage.yml"), MINIMAL_DRILL);
    await writeFile(path.join(dir, "broken.yaml"), MINIMAL_DRILL.replace("  component: redis", "  component: [redis, cache]"));
    await writeFile(path.join(dir, "notes.txt"), "not a drill");
    const error = await loadDrills({ runbook, dir }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DrillError);
    const issues = (error as DrillError).issues.map((issue) => `${path.basename(issue.file)}:${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    expect(issues).toEqual([
      'broken.yaml:16:22 answers.component[1]: unknown component "cache"',
      'redis-outage.yml:1:5 id: is "redis-down" but the file is redis-outage.yml',
      `redis-outage.yml:1:5 id: "redis-down" is also the id of ${path.join(dir, "redis-down.yaml")}`,
    ]);
    expect((error as DrillError).message).toMatch(/^3 problems in 2 drill files:\n {2}\//);
  });

  it("names a directory it cannot read", async () => {
    await expect(loadDrills({ runbook, dir: path.join(dir, "absent") })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("cannot read the directory") });
  });
});
