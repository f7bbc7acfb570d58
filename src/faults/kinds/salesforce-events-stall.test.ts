import { describe, expect, it } from "vitest";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-sf-stall");

const activeFaults = async () => {
  const response = await fetch(`${environment().mocks.controlUrl}/faults?system=salesforce`);
  return ((await response.json()) as { faults: { id: string; kind: string }[] }).faults;
};

describe("salesforce.events-stall", () => {
  it("sets the stall in the Salesforce mock until reverted; reverting twice is safe", async () => {
    const handle = await injectFault("salesforce.events-stall", { descriptor: environment(), target: "salesforce" });
    expect(await activeFaults()).toEqual([expect.objectContaining({ id: handle.details.mockFault, kind: "salesforce.events-stall" })]);
    await handle.revert();
    await handle.revert();
    expect(await activeFaults()).toEqual([]);
  });

  it("acts on salesforce only", async () => {
    await expect(injectFault("salesforce.events-stall", { descriptor: environment(), target: "whmcs" })).rejects.toThrow('target "whmcs"; set the fault\'s target to one of salesforce');
  });
});
