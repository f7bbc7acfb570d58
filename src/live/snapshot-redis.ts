import { parseInfo, withRedis } from "../probes/redis-client.ts";
import type { Down, RedisUp, Unknown } from "./snapshot.ts";

/** Refused or reset: nothing listens, the server is down (a timeout says nothing and is Unknown). */
const CONNECTION_REFUSED = /ECONNREFUSED|ECONNRESET|EPIPE|ENOENT|Connection is closed|LOADING|SHUTDOWN/;

function sumKeys(keyspace: Record<string, string>): number {
  return Object.values(keyspace).reduce((sum, line) => sum + Number(/keys=(\d+)/.exec(line)?.[1] ?? 0), 0);
}

function flushCalls(commandstats: Record<string, string>): number | undefined {
  const calls = ["cmdstat_flushdb", "cmdstat_flushall"].map((name) => commandstats[name]);
  // A server that has never run either command lists neither; INFO commandstats itself always has some line.
  if (Object.keys(commandstats).length === 0) return undefined;
  return calls.reduce((sum, line) => sum + Number(/calls=(\d+)/.exec(line ?? "")?.[1] ?? 0), 0);
}

/** The Redis server as it is now, read on a short-lived connection to the server itself (not through its fault proxy). */
export async function snapshotRedis(url: string, descriptorPid: number, timeoutMs: number): Promise<RedisUp | Down | Unknown> {
  if (descriptorPid === 0) return { state: "down" };
  try {
    return await withRedis(url, timeoutMs, async (redis) => {
      const [server, keyspace, commandstats, config] = await Promise.all([
        redis.info("server"),
        redis.info("keyspace"),
        redis.info("commandstats"),
        redis.config("GET", "maxmemory*") as Promise<string[]>,
      ]);
      const info = parseInfo(server);
      const pairs = Array.from({ length: config.length / 2 }, (_, index) => [config[2 * index]!, config[2 * index + 1]!] as const);
      return {
        state: "up",
        runId: info.run_id ?? "",
        pid: Number(info.process_id ?? descriptorPid),
        config: Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b))),
        flushCalls: flushCalls(parseInfo(commandstats)),
        keys: sumKeys(parseInfo(keyspace)),
      } satisfies RedisUp;
    });
  } catch (error) {
    const message = (error as Error).message;
    return CONNECTION_REFUSED.test(message) ? { state: "down" } : { state: "unknown", reason: message };
  }
}
