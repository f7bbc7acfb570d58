import { describe, expect, it } from "vitest";
import type { Drill } from "../drills/drill-schema.ts";
import { loadDrills } from "../drills/load-drills.ts";
import { shippedRunbook } from "../runbook/testing.ts";
import { formatPath, validate } from "../schema/index.ts";
import { isProbeKind, probeKinds, probeRegistry } from "./registry.ts";

/** Probe kinds the shipped drills use that have no implementation yet. */
const NOT_IMPLEMENTED_YET: string[] = [];

/** Params of implemented kinds that the shipped drills use and the kinds do not support yet. */
const PARAMS_NOT_SUPPORTED_YET: string[] = [];

const probesOf = (drill: Drill) => [...drill.steadyState, ...drill.answers.detection, ...drill.answers.recovery];

describe("the probe registry against the shipped drills", () => {
  it("implements every probe kind the drills use, except those listed as not implemented yet", async () => {
    const drills = await loadDrills({ runbook: shippedRunbook() });
    const used = [...new Set(drills.flatMap((drill) => probesOf(drill).map((probe) => probe.probe)))].sort();
    expect(used.filter((kind) => !isProbeKind(kind))).toEqual(NOT_IMPLEMENTED_YET);
  });

  it("accepts the params every drill gives an implemented kind, except those listed", async () => {
    const drills = await loadDrills({ runbook: shippedRunbook() });
    const problems = drills.flatMap((drill) =>
      probesOf(drill).flatMap((probe) => {
        if (!isProbeKind(probe.probe)) return [];
        const result = validate(probeRegistry.paramsSchema(probe.probe)!, probe.params);
        return result.ok ? [] : result.issues.map((issue) => `${drill.id}: ${probe.probe} params.${formatPath(issue.path)}: ${issue.message}`);
      }),
    );
    expect([...new Set(problems)]).toEqual(PARAMS_NOT_SUPPORTED_YET);
  });

  it("is a KindRegistry with a params schema per kind", () => {
    expect(probeRegistry.kinds).toEqual(Object.keys(probeKinds));
    for (const kind of probeRegistry.kinds) expect(probeRegistry.paramsSchema(kind)).toBeDefined();
  });
});
