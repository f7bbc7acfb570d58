import { describe, expect, it } from "vitest";
import { redisPing } from "../../env/health.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-px-down");

describe("proxy.down", () => {
  it("refuses connections through the target's proxy until reverted, and reverting twice is safe", async () => {
    const descriptor = environment();
    const handle = await injectFault("proxy.down", { descriptor, target: "redis" });
    expect(handle.details).toMatchObject({ service: "redis", proxy: descriptor.services.redis.proxy, enabled: false });
    await expect(redisPing(descriptor.services.redis.url, 1_000)).rejects.toThrow();
    expect(await redisPing(descriptor.services.redis.directUrl)).toBe("PONG");

    await handle.revert();
    await handle.revert();
    expect(await redisPing(descriptor.services.redis.url)).toBe("PONG");
  });

  it("names the allowed targets when the target is missing or unknown", async () => {
    const descriptor = environment();
    await expect(injectFault("proxy.down", { descriptor })).rejects.toThrow('fault "proxy.down": no target; set the fault\'s target to one of redis, postgres, salesforce, whmcs, freebit');
    await expect(injectFault("proxy.down", { descriptor, target: "portal" })).rejects.toThrow('target "portal"');
  });
});
