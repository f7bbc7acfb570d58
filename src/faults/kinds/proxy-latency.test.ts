import { Toxiproxy } from "toxiproxy-node-client";
import { describe, expect, it } from "vitest";
import { redisPing } from "../../env/health.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-px-lat");

async function timedPing(url: string, timeoutMs = 2_000): Promise<number> {
  const started = performance.now();
  await redisPing(url, timeoutMs);
  return performance.now() - started;
}

/** The names of the toxics on a proxy, as the Toxiproxy API lists them. */
async function toxicsOn(apiUrl: string, proxy: string): Promise<string[]> {
  const { data } = await new Toxiproxy(apiUrl).getApi().get(`${apiUrl}/proxies/${proxy}/toxics`);
  return (data as { name: string }[]).map((toxic) => toxic.name);
}

describe("proxy.latency", () => {
  it("proxy.latency delays the service by latencyMs until reverted, removing only its own toxic", async () => {
    const descriptor = environment();
    const handle = await injectFault("proxy.latency", { descriptor, target: "redis", params: { latencyMs: 400 } });
    expect(handle.details).toMatchObject({ type: "latency", stream: "downstream", latency: 400, jitter: 0 });
    expect(await timedPing(descriptor.services.redis.url)).toBeGreaterThanOrEqual(380);
    expect(await toxicsOn(descriptor.proxy.apiUrl, "redis")).toEqual([handle.details.toxic]);

    await handle.revert();
    await handle.revert();
    expect(await toxicsOn(descriptor.proxy.apiUrl, "redis")).toEqual([]);
    expect(await timedPing(descriptor.services.redis.url)).toBeLessThan(300);
  });

  it("refuses bad params naming the param and the allowed values", async () => {
    const descriptor = environment();
    await expect(injectFault("proxy.latency", { descriptor, target: "redis", params: {} })).rejects.toThrow(/fault "proxy.latency": params: missing required field "latencyMs"/);
    await expect(injectFault("proxy.latency", { descriptor, target: "redis", params: { latencyMs: 10, stream: "sideways" } })).rejects.toThrow(
      'params.stream: unknown stream "sideways" (allowed: downstream, upstream)',
    );
    expect(await toxicsOn(descriptor.proxy.apiUrl, "redis")).toEqual([]);
  });
});
