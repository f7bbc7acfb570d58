import { Redis } from "ioredis";

/** One short-lived connection that never retries or queues: a probe sees the server as it is now. */
export async function withRedis<T>(url: string, timeoutMs: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** `INFO <section>` as name → value. */
export function parseInfo(text: string): Record<string, string> {
  return Object.fromEntries(text.split(/\r?\n/).flatMap((line) => (line === "" || line.startsWith("#") || !line.includes(":") ? [] : [[line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]])));
}
