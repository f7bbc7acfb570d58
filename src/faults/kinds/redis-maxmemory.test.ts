import { describe, expect, it } from "vitest";
import { withRedis } from "../../probes/redis-client.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-redis-mem");
const redisDo = <T>(use: Parameters<typeof withRedis<T>>[2]) => withRedis(environment().services.redis.directUrl, 2_000, use);

describe("redis.maxmemory", () => {
  it("fills Redis until writes fail with OOM; the revert deletes only its filler keys and restores the settings", async () => {
    const descriptor = environment();
    const before = await redisDo(async (redis) => [(await redis.config("GET", "maxmemory"))[1], (await redis.config("GET", "maxmemory-policy"))[1]]);
    await redisDo((redis) => redis.set("app:session", "keep me"));

    const handle = await injectFault("redis.maxmemory", { descriptor, params: { maxmemory: "8mb", policy: "noeviction", fill: true } });
    expect(handle.details).toMatchObject({ maxmemory: "8mb", policy: "noeviction", fillerKeys: expect.any(Number) });
    expect(handle.details.fillerKeys).toBeGreaterThan(50);
    await expect(redisDo((redis) => redis.set("app:new", "value"))).rejects.toThrow(/OOM command not allowed/);
    expect(await redisDo(async (redis) => (await redis.config("GET", "maxmemory"))[1])).toBe(String(8 * 1024 * 1024));

    await handle.revert();
    await handle.revert();
    expect(await redisDo(async (redis) => [(await redis.config("GET", "maxmemory"))[1], (await redis.config("GET", "maxmemory-policy"))[1]])).toEqual(before);
    expect(await redisDo((redis) => redis.keys(`${String(handle.details.fillerPrefix)}*`))).toEqual([]);
    expect(await redisDo((redis) => redis.get("app:session"))).toBe("keep me");
    expect(await redisDo((redis) => redis.set("app:new", "value"))).toBe("OK");
  });

  it("refuses a size it cannot read and an unknown policy, listing the allowed ones", async () => {
    const descriptor = environment();
    await expect(injectFault("redis.maxmemory", { descriptor, params: { maxmemory: "8 megs" } })).rejects.toThrow('params.maxmemory: "8 megs" is not a size in bytes or with a unit, e.g. 8mb');
    await expect(injectFault("redis.maxmemory", { descriptor, params: { maxmemory: "8mb", policy: "lru" } })).rejects.toThrow(/params.policy: unknown maxmemory policy "lru".*\(allowed: noeviction, allkeys-lru/);
  });
});
