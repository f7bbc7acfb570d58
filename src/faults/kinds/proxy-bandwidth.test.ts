import { describe, expect, it } from "vitest";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("pbw");

describe("proxy.bandwidth", () => {
  it("adds a bandwidth toxic at the rate asked to the service's proxy, and the revert removes only it", async () => {
    const descriptor = environment();
    const handle = await injectFault("proxy.bandwidth", { descriptor, target: "whmcs", params: { rateKbps: 50 } });
    // The proxy as the Toxiproxy API returns it, toxics included.
    const toxics = async () => {
      const proxy = (await (await fetch(`${descriptor.proxy.apiUrl}/proxies/${descriptor.services.whmcs.proxy}`)).json()) as { toxics: { type: string; attributes: { rate?: number } }[] };
      return proxy.toxics.map((toxic) => ({ type: toxic.type, rate: toxic.attributes.rate }));
    };
    expect(await toxics()).toEqual([{ type: "bandwidth", rate: 50 }]);
    await handle.revert();
    await handle.revert();
    expect(await toxics()).toEqual([]);
  });

  it("refuses a rate of 0 with the bounds", async () => {
    await expect(injectFault("proxy.bandwidth", { descriptor: environment(), target: "whmcs", params: { rateKbps: 0 } })).rejects.toThrow(/params.rateKbps/);
  });
});
