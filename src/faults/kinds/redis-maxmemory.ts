import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { withRedis } from "../../probes/redis-client.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";

export const MAXMEMORY_POLICIES = ["noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"] as const;

const FILL_CHUNK_BYTES = 64 * 1024;
/** Filled this far past the limit, so the memory freed when a connection closes does not bring Redis back under it. */
const FILL_HEADROOM_BYTES = 256 * 1024;
const UNITS: Readonly<Record<string, number>> = { "": 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Redis's own reading of `8mb` (1024-based, as CONFIG SET maxmemory takes it). */
export function sizeBytes(text: string): number {
  const [, digits, unit = ""] = /^(\d+)([a-z]*)$/i.exec(text)!;
  return Number(digits) * UNITS[unit.toLowerCase()]!;
}

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))![1]);

const TIMEOUT_MS = 5_000;

const isRefused = (error: unknown) => /ECONNREFUSED|Connection is closed/.test(String((error as Error)?.message ?? error));

/**
 * Redis runs out of memory: maxmemory lowered, the policy set (noeviction:
 * writes fail with OOM), and with `fill` filler keys written past the
 * limit first. The revert deletes the filler keys only and restores both
 * settings; a Redis that is not running (a responder restarted it, which
 * resets its settings) has nothing left to revert.
 */
export const redisMaxmemory = defineFault({
  description: "lower Redis's maxmemory, set its eviction policy and fill it",
  params: s.object({
    maxmemory: s.string({ coerce: true, pattern: /^\d+(b|kb|mb|gb)?$/i, patternHint: "a size in bytes or with a unit, e.g. 8mb" }),
    policy: s.withDefault(s.enumOf(MAXMEMORY_POLICIES, "maxmemory policy"), "noeviction"),
    fill: s.withDefault(s.boolean(), true),
  }),
  async inject({ descriptor, params }) {
    const url = descriptor.services.redis.directUrl;
    const prefix = `firedrill:fill:${randomUUID().slice(0, 8)}:`;
    const { before, keys } = await withRedis(url, TIMEOUT_MS, async (redis) => {
      const [, maxmemory] = (await redis.config("GET", "maxmemory")) as string[];
      const [, policy] = (await redis.config("GET", "maxmemory-policy")) as string[];
      try {
        return { before: { maxmemory: maxmemory!, policy: policy! }, keys: await lowerAndFill(redis, prefix, params) };
      } catch (error) {
        // Half-injected: put back what was changed before the error propagates.
        await removeFiller(redis, prefix);
        await redis.config("SET", "maxmemory", maxmemory!);
        await redis.config("SET", "maxmemory-policy", policy!);
        throw error;
      }
    });
    return faultHandle({ maxmemory: params.maxmemory, policy: params.policy, fillerKeys: keys, fillerPrefix: prefix, restores: before }, async () => {
      try {
        await withRedis(url, TIMEOUT_MS, async (redis) => {
          await removeFiller(redis, prefix);
          await redis.config("SET", "maxmemory", before.maxmemory);
          await redis.config("SET", "maxmemory-policy", before.policy);
        });
      } catch (error) {
        if (!isRefused(error)) throw error;
      }
    });
  },
});

async function lowerAndFill(redis: Redis, prefix: string, params: { maxmemory: string; policy: string; fill: boolean }): Promise<number> {
  await redis.config("SET", "maxmemory", "0");
  await redis.config("SET", "maxmemory-policy", params.policy);
  // Fill first, then lower the limit below what is in use: under noeviction every write is refused from then on.
  const limitBytes = sizeBytes(params.maxmemory);
  let written = 0;
  if (params.fill) {
    const chunk = "x".repeat(FILL_CHUNK_BYTES);
    const maxKeys = Math.ceil((2 * (limitBytes + FILL_HEADROOM_BYTES)) / FILL_CHUNK_BYTES);
    while (written < maxKeys && (written % 16 !== 0 || (await usedMemory(redis)) < limitBytes + FILL_HEADROOM_BYTES)) {
      await redis.set(`${prefix}${written}`, chunk);
      written++;
    }
  }
  await redis.config("SET", "maxmemory", String(limitBytes));
  return written;
}

async function removeFiller(redis: Redis, prefix: string): Promise<void> {
  for (let cursor = "0"; ; ) {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1_000);
    if (found.length > 0) await redis.unlink(...found);
    cursor = next;
    if (cursor === "0") return;
  }
}
