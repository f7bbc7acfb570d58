import { describe, expect, it } from "vitest";
import { injectFault } from "../../faults/registry.ts";
import { useEnvironment } from "../../faults/testing.ts";
import { withRedis } from "../redis-client.ts";
import { checkProbe } from "../registry.ts";

const environment = useEnvironment("p-redis");

describe("redis probe", () => {
  it("ping: ok while Redis answers, and expect fail matches while its proxy is down", async () => {
    const descriptor = environment();
    expect(await checkProbe("redis", { descriptor, params: { check: "ping" } })).toMatchObject({ status: "ok", output: "PONG" });
    const down = await injectFault("proxy.down", { descriptor, target: "redis" });
    try {
      expect(await checkProbe("redis", { descriptor, params: { check: "ping", expect: "fail", timeoutMs: 500 } })).toMatchObject({ status: "ok", output: expect.stringMatching(/^error: /) });
      expect(await checkProbe("redis", { descriptor, params: { check: "ping", expect: "ok", timeoutMs: 500 } })).toMatchObject({ status: "fail" });
      // The direct URL bypasses the proxy: Redis itself is fine.
      expect(await checkProbe("redis", { descriptor, params: { check: "ping", url: "{{services.redis.directUrl}}" } })).toMatchObject({ status: "ok" });
    } finally {
      await down.revert();
    }
  });

  it("memory: used memory as a share of maxmemory", async () => {
    const descriptor = environment();
    const redisUrl = descriptor.services.redis.directUrl;
    const before = await withRedis(redisUrl, 2_000, (redis) => redis.config("GET", "maxmemory"));
    expect(await checkProbe("redis", { descriptor, params: { check: "memory", usedBelowPercentOfMax: 80 } })).toMatchObject({ status: "ok" });
    try {
      // A limit just above what is in use: nearly full.
      await withRedis(redisUrl, 2_000, async (redis) => {
        const used = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))![1]);
        await redis.config("SET", "maxmemory", String(Math.ceil(used * 1.02)));
      });
      const full = await checkProbe("redis", { descriptor, params: { check: "memory", usedAtLeastPercentOfMax: 90 } });
      expect(full).toMatchObject({ status: "ok", output: { usedPercent: expect.any(Number) } });
      expect((full.output as { usedPercent: number }).usedPercent).toBeGreaterThanOrEqual(90);
    } finally {
      await withRedis(redisUrl, 2_000, (redis) => redis.config("SET", "maxmemory", String(before[1])));
    }
  });

  it("get: a key's value, equals and exists", async () => {
    const descriptor = environment();
    await withRedis(descriptor.services.redis.directUrl, 2_000, (redis) => redis.set("probe:test", "42"));
    expect(await checkProbe("redis", { descriptor, params: { check: "get", key: "probe:test", equals: "42" } })).toMatchObject({ status: "ok", output: "42" });
    expect(await checkProbe("redis", { descriptor, params: { check: "get", key: "probe:test", equals: "41" } })).toMatchObject({ status: "fail" });
    expect(await checkProbe("redis", { descriptor, params: { check: "get", key: "probe:none", exists: false } })).toMatchObject({ status: "ok", output: null });
    expect(await checkProbe("redis", { descriptor, params: { check: "get", key: "probe:none" } })).toMatchObject({ status: "fail" });
  });

  it("key-age: a key left untouched for longer than olderThan", async () => {
    const descriptor = environment();
    await withRedis(descriptor.services.redis.directUrl, 2_000, (redis) => redis.set("probe:replay", "7"));
    expect(await checkProbe("redis", { descriptor, params: { check: "key-age", key: "probe:replay", olderThan: "2s" } })).toMatchObject({ status: "fail", output: { idleSeconds: expect.any(Number) } });
    // Redis's LRU clock counts idle time in whole seconds, a second late at worst.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect(await checkProbe("redis", { descriptor, params: { check: "key-age", key: "probe:replay", olderThan: "2s" } })).toMatchObject({ status: "ok" });
    expect(await checkProbe("redis", { descriptor, params: { check: "key-age", key: "probe:never", olderThan: "1s" } })).toMatchObject({ status: "fail", output: { idleSeconds: null } });
  });

  it("refuses an unknown check, listing the allowed ones", async () => {
    await expect(checkProbe("redis", { descriptor: environment(), params: { check: "pong" } })).rejects.toThrow(
      'probe "redis": params.check: unknown check "pong"; did you mean "ping"? (allowed: ping, memory, key-age, get)',
    );
  });
});
