import { withRedis } from "../../probes/redis-client.ts";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";

/** `redis-cli FLUSHDB`: the runbook's "clear stale keys (caution: clears all cache)" — it also drops sessions' blacklist entries and the replay id. */
export const redisFlushdb = defineAction({
  description: "FLUSHDB on the Redis server (destructive: clears the cache, the token blacklist and the Platform Event replay id)",
  params: s.object({}),
  destructive: true,
  async run({ descriptor }) {
    const keys = await withRedis(descriptor.services.redis.directUrl, 3_000, async (redis) => {
      const before = await redis.dbsize();
      await redis.flushdb();
      return before;
    });
    return { keysRemoved: keys };
  },
});
