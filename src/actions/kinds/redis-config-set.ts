import { withRedis } from "../../probes/redis-client.ts";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";

const scalar = s.transform(s.union([s.string({ minLength: 1 }), s.number()], "a string or number"), (value) => String(value));

/** `redis-cli CONFIG SET <name> <value> …` on the server itself (not through the fault proxy): e.g. maxmemory-policy allkeys-lru. */
export const redisConfigSet = defineAction({
  description: "CONFIG SET on the Redis server (eviction policy, maxmemory, …)",
  params: s.refine(
    s.record(scalar, { keyPattern: /^[a-z][a-z0-9-]*$/, keyHint: "a Redis configuration parameter such as maxmemory-policy" }),
    (values, at, issues) => {
      if (Object.keys(values).length === 0) issues.push({ path: at, message: 'set at least one parameter, e.g. { "maxmemory-policy": "allkeys-lru" }' });
    },
  ),
  async run({ descriptor, params }) {
    await withRedis(descriptor.services.redis.directUrl, 3_000, async (redis) => {
      for (const [name, value] of Object.entries(params)) await redis.config("SET", name, value);
    });
    return { set: params };
  },
});
