import { describe, expect, it } from "vitest";
import { whmcs } from "../../../test/support/mocks.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-saas-lat");

async function timedCall(): Promise<number> {
  const { whmcs: service } = environment().services;
  const started = performance.now();
  const reply = await whmcs(service.url, { action: "GetClients", responsetype: "json", identifier: service.identifier, secret: service.secret, limitnum: "1" });
  expect(reply.status).toBe(200);
  return performance.now() - started;
}

describe("saas.latency", () => {
  it("slows the target system's answers by latencyMs until reverted", async () => {
    const handle = await injectFault("saas.latency", { descriptor: environment(), target: "whmcs", params: { latencyMs: 500 } });
    expect(handle.details).toMatchObject({ system: "whmcs", mockKind: "latency", latencyMs: 500, jitterMs: 0 });
    expect(await timedCall()).toBeGreaterThanOrEqual(480);
    await handle.revert();
    await handle.revert();
    expect(await timedCall()).toBeLessThan(400);
  });

  it("requires latencyMs", async () => {
    await expect(injectFault("saas.latency", { descriptor: environment(), target: "whmcs", params: { jitterMs: 5 } })).rejects.toThrow(
      'fault "saas.latency": params: missing required field "latencyMs"',
    );
  });
});
