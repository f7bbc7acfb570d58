import { describe, expect, it } from "vitest";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-sf-denied");

const activeFaults = async () => {
  const response = await fetch(`${environment().mocks.controlUrl}/faults?system=salesforce`);
  return ((await response.json()) as { faults: { id: string; kind: string; params: Record<string, unknown> }[] }).faults;
};

describe("salesforce.permission-denied", () => {
  it("denies Platform Event subscribes in the Salesforce mock until reverted; reverting twice is safe", async () => {
    const handle = await injectFault("salesforce.permission-denied", { descriptor: environment(), target: "salesforce", params: { dropSessions: false } });
    expect(await activeFaults()).toEqual([expect.objectContaining({ id: handle.details.mockFault, kind: "salesforce.subscribe-denied", params: { dropSessions: false } })]);
    await handle.revert();
    await handle.revert();
    expect(await activeFaults()).toEqual([]);
  });

  it("refuses a dropSessions that is not a boolean, naming the param", async () => {
    await expect(injectFault("salesforce.permission-denied", { descriptor: environment(), params: { dropSessions: "yes" } })).rejects.toThrow(
      'fault "salesforce.permission-denied": params.dropSessions: expected true or false, got the string "yes"',
    );
  });
});
