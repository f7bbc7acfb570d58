import { s } from "../../schema/index.ts";
import { defineProbe, observing } from "../probe.ts";
import { parseInfo, withRedis } from "../redis-client.ts";

const common = {
  url: s.optional(s.describe(s.string({ minLength: 1 }), "default: {{services.redis.url}}, through the proxy, as the portal sees Redis")),
  timeoutMs: s.withDefault(s.number({ integer: true, min: 1, max: 30_000 }), 2_000),
};
const percent = s.number({ min: 0, max: 100 });

/**
 * Redis as the runbook's `redis-cli ping` and `INFO memory` see it:
 * `ping` (expect ok / fail), `memory` (used memory as a share of maxmemory),
 * `key-age` (a key untouched for longer than olderThan: OBJECT IDLETIME,
 * the time since it was last written or read, in Redis's whole seconds; a missing key
 * does not match), `get` (a key's value: equals, or exists).
 */
export const redisProbe = defineProbe({
  description: "Redis: ping, memory use against maxmemory, a key's age, a key's value",
  params: s.discriminated("check", {
    ping: s.object({ check: s.literal("ping"), expect: s.withDefault(s.enumOf(["ok", "fail"] as const, "expectation"), "ok"), ...common }),
    memory: s.object({ check: s.literal("memory"), usedAtLeastPercentOfMax: s.optional(percent), usedBelowPercentOfMax: s.optional(percent), ...common }),
    "key-age": s.object({ check: s.literal("key-age"), key: s.string({ minLength: 1 }), olderThanMs: s.from("olderThan", s.describe(s.duration(), "e.g. 30s")), ...common }),
    get: s.object({ check: s.literal("get"), key: s.string({ minLength: 1 }), equals: s.optional(s.string()), exists: s.optional(s.boolean()), ...common }),
  }),
  check: observing(async ({ descriptor, params }) => {
    const url = params.url ?? descriptor.services.redis.url;
    switch (params.check) {
      case "ping": {
        const reply = await withRedis(url, params.timeoutMs, (redis) => redis.ping()).catch((error: Error) => `error: ${error.message}`);
        return { matched: (reply === "PONG") === (params.expect === "ok"), output: reply };
      }
      case "memory": {
        const info = parseInfo(await withRedis(url, params.timeoutMs, (redis) => redis.info("memory")));
        const usedBytes = Number(info.used_memory);
        const maxBytes = Number(info.maxmemory);
        // maxmemory 0 means no limit: memory can never be exhausted.
        const usedPercent = maxBytes > 0 ? (usedBytes / maxBytes) * 100 : 0;
        const matched =
          (params.usedAtLeastPercentOfMax === undefined || usedPercent >= params.usedAtLeastPercentOfMax) &&
          (params.usedBelowPercentOfMax === undefined || usedPercent < params.usedBelowPercentOfMax);
        return { matched, output: { usedBytes, maxBytes, usedPercent: Math.round(usedPercent * 10) / 10, policy: info.maxmemory_policy } };
      }
      case "key-age": {
        const idleSeconds = await withRedis(url, params.timeoutMs, (redis) => redis.object("IDLETIME", params.key) as Promise<number | null>);
        return { matched: idleSeconds !== null && idleSeconds * 1000 > params.olderThanMs, output: { key: params.key, idleSeconds } };
      }
      case "get": {
        const value = await withRedis(url, params.timeoutMs, (redis) => redis.get(params.key));
        // Without equals or exists, the key must exist.
        const existsAsWanted = params.exists === undefined ? params.equals !== undefined || value !== null : (value !== null) === params.exists;
        const matched = existsAsWanted && (params.equals === undefined || value === params.equals);
        return { matched, output: value };
      }
    }
  }),
});
