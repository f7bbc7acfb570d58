import { describe, expect, it } from "vitest";
import { loadDrills } from "../drills/load-drills.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { formatPath, validate } from "../schema/index.ts";
import { faultKinds, faultRegistry, isFaultKind } from "./registry.ts";

/** Fault kinds the shipped drills use that have no implementation yet: the gap, in plain sight. */
const NOT_IMPLEMENTED_YET: string[] = [];

describe("the fault registry against the shipped drills", () => {
  it("implements every fault kind the drills use, except those listed as not implemented yet", async () => {
    const drills = await loadDrills({ runbook: shippedRunbook() });
    const used = [...new Set(drills.flatMap((drill) => drill.faults.map((fault) => fault.kind)))].sort();
    expect(used.filter((kind) => !isFaultKind(kind))).toEqual(NOT_IMPLEMENTED_YET);
    expect(NOT_IMPLEMENTED_YET.filter((kind) => isFaultKind(kind))).toEqual([]);
  });

  it("accepts the params every drill gives an implemented kind", async () => {
    const drills = await loadDrills({ runbook: shippedRunbook() });
    const problems = drills.flatMap((drill) =>
      drill.faults.flatMap((fault) => {
        if (!isFaultKind(fault.kind)) return [];
        const result = validate(faultRegistry.paramsSchema(fault.kind)!, fault.params);
        return result.ok ? [] : result.issues.map((issue) => `${drill.id}: ${fault.kind} params.${formatPath(issue.path)}: ${issue.message}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it("is a KindRegistry: names in registry order, a params schema per kind", () => {
    expect(faultRegistry.kinds).toEqual(Object.keys(faultKinds));
    for (const kind of faultRegistry.kinds) expect(faultRegistry.paramsSchema(kind)).toBeDefined();
    expect(faultRegistry.paramsSchema("no.such-kind")).toBeUndefined();
  });
});
