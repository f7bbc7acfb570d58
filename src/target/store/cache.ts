import type { Redis } from "ioredis";
import { messageOf } from "../errors.ts";
import type { Logger } from "../log/logger.ts";

/** How a read went: from the cache, from the source (and stored), or from the source because the cache was down. */
export type CacheOutcome = "hit" | "miss" | "unavailable";

/**
 * Read-through cache in Redis with a TTL. Redis being down is never an
 * error for the reader: the value comes from the source every time (the
 * runbook's "cache misses on every request") and a warning is logged.
 */
export class ReadThroughCache {
  readonly #redis: Redis;
  readonly #log: Logger;

  constructor(redis: Redis, logger: Logger) {
    this.#redis = redis;
    this.#log = logger.child({ component: "cache" });
  }

  async get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<{ value: T; cache: CacheOutcome }> {
    let cached: string | null;
    try {
      cached = await this.#redis.get(key);
    } catch (error) {
      this.#log.warn(`Cache unavailable (${messageOf(error)}): reading ${key} from its source`, { key });
      return { value: await load(), cache: "unavailable" };
    }
    if (cached !== null) return { value: JSON.parse(cached) as T, cache: "hit" };
    const value = await load();
    await this.#redis.set(key, JSON.stringify(value), "EX", ttlSeconds).catch((error: unknown) => {
      this.#log.warn(`Cache write failed (${messageOf(error)}) for ${key}`, { key });
    });
    return { value, cache: "miss" };
  }
}
