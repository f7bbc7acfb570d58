import { describe, expect, it } from "vitest";
import { redisPing } from "../../env/health.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-px-timeout");

describe("proxy.timeout", () => {
  it("proxy.timeout stops all data until reverted", async () => {
    const descriptor = environment();
    const handle = await injectFault("proxy.timeout", { descriptor, target: "redis" });
    await expect(redisPing(descriptor.services.redis.url, 500)).rejects.toThrow("no reply to PING within 500ms");
    await handle.revert();
    expect(await redisPing(descriptor.services.redis.url)).toBe("PONG");
  });
});
