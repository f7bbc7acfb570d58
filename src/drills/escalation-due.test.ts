import { describe, expect, it } from "vitest";
import { shippedRunbook } from "../runbook/testing.ts";
import { escalationDue } from "./escalation-due.ts";
import { minimalDrill } from "./testing.ts";

const runbook = shippedRunbook();

describe("escalationDue", () => {
  it("takes the due time and the condition from the matrix's 'not resolved in' clause for the best severity", () => {
    const drill = minimalDrill();
    expect(escalationDue({ level: "L2" }, drill, runbook)).toEqual({ level: "L2", dueAfterMs: 1_800_000, onlyIfUnresolved: true, when: "P1/P2 not resolved in 30 minutes" });
  });

  it("has no due time for a level whose clauses do not name the best severity", () => {
    const drill = minimalDrill();
    expect(escalationDue({ level: "L3" }, drill, runbook)).toEqual({ level: "L3", dueAfterMs: undefined, onlyIfUnresolved: false, when: "P1 not resolved in 1 hour, customer impact" });
    expect(escalationDue({ level: "L4" }, drill, runbook).when).toBe("External system failure (Salesforce, WHMCS, Freebit)");
  });

  it("lets the drill's own values win", () => {
    const drill = minimalDrill();
    expect(escalationDue({ level: "L2", dueAfterMs: 300_000, onlyIfUnresolved: false, when: "Security: immediately" }, drill, runbook)).toEqual({
      level: "L2",
      dueAfterMs: 300_000,
      onlyIfUnresolved: false,
      when: "Security: immediately",
    });
  });
});
