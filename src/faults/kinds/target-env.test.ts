import { describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-target-env", { portal: true });

const subscription = async (descriptor: EnvironmentDescriptor): Promise<unknown> => {
  const response = await fetch(descriptor.target!.healthUrl, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { checks?: { salesforce?: { subscription?: unknown } } };
  return body.checks?.salesforce?.subscription;
};

/** The subscription connects shortly after start-up: wait for the expected state. */
const eventually = async (descriptor: EnvironmentDescriptor, expected: string): Promise<unknown> => {
  const deadline = Date.now() + 20_000;
  let seen: unknown;
  while (Date.now() < deadline) {
    seen = await subscription(descriptor).catch((error: Error) => `error: ${error.message}`);
    if (seen === expected) return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return seen;
};

describe("target.env", () => {
  it("restarts the BFF with the variables set, and the revert restores the previous values; reverting twice is safe", async () => {
    expect(await eventually(environment(), "connected")).toBe("connected");
    const handle = await injectFault("target.env", { descriptor: environment(), target: "portal", params: { set: { SF_EVENTS_ENABLED: false }, restart: true } });
    expect(handle.details).toEqual({ part: "portal", set: { SF_EVENTS_ENABLED: "false" }, previous: { SF_EVENTS_ENABLED: "true" }, restarted: true });
    expect(await eventually(environment(), "disabled")).toBe("disabled");
    await handle.revert();
    await handle.revert();
    expect(await eventually(environment(), "connected")).toBe("connected");
  });

  it("refuses an empty set, restart: false and a target other than the portal", async () => {
    const descriptor = environment();
    await expect(injectFault("target.env", { descriptor, target: "portal", params: { set: {} } })).rejects.toThrow("set at least one variable");
    await expect(injectFault("target.env", { descriptor, target: "portal", params: { set: { A: "1" }, restart: false } })).rejects.toThrow("restart: false is not supported");
    await expect(injectFault("target.env", { descriptor, target: "redis", params: { set: { A: "1" } } })).rejects.toThrow('fault "target.env": target "redis"');
  });
});
