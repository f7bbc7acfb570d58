import { describe, expect, it } from "vitest";
import { redisPing } from "../../env/health.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("rpause");

describe("redis.pause", () => {
  it("Redis accepts connections but answers nothing until the revert; the revert is idempotent", async () => {
    const descriptor = environment();
    const handle = await injectFault("redis.pause", { descriptor, target: "redis", });
    await expect(redisPing(descriptor.services.redis.directUrl, 500)).rejects.toThrow();
    await handle.revert();
    await handle.revert();
    expect(await redisPing(descriptor.services.redis.directUrl)).toBe("PONG");
  });

  it("refuses another target, naming the allowed one", async () => {
    await expect(injectFault("redis.pause", { descriptor: environment(), target: "postgres" })).rejects.toThrow(/set the fault's target to one of redis/);
  });
});
