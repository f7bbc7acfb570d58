import { describe, expect, it } from "vitest";
import { readConditions } from "./escalation-matrix.ts";

describe("readConditions", () => {
  it.each([
    ["All incidents", [{ kind: "always", text: "All incidents" }]],
    ["P1 or P2 unresolved after 45 minutes", [{ kind: "unresolved", severities: ["P1", "P2"], afterMs: 2_700_000, text: "P1 or P2 unresolved after 45 minutes" }]],
    ["External vendor failure", [{ kind: "external-system", systems: [], text: "External vendor failure" }]],
    ["Data breach suspected, customer impact", [{ kind: "other", text: "Data breach suspected" }, { kind: "customer-impact", text: "customer impact" }]],
  ])("reads %j", (text, conditions) => {
    expect(readConditions(text)).toEqual(conditions);
  });
});
