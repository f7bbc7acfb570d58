import { describe, expect, it } from "vitest";
import { redisPing } from "../../env/health.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-px-reset");

describe("proxy.reset-peer", () => {
  it("proxy.reset-peer resets connections until reverted", async () => {
    const descriptor = environment();
    const handle = await injectFault("proxy.reset-peer", { descriptor, target: "redis", params: { stream: "upstream" } });
    await expect(redisPing(descriptor.services.redis.url, 1_000)).rejects.toThrow();
    await handle.revert();
    expect(await redisPing(descriptor.services.redis.url)).toBe("PONG");
  });
});
