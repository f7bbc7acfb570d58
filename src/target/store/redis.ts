import { Redis } from "ioredis";
import type { PortalConfig } from "../config.ts";
import { messageOf } from "../errors.ts";
import type { Logger } from "../log/logger.ts";

/**
 * An ioredis client that fails fast instead of queueing: while Redis is
 * unreachable every command rejects at once (no offline queue, no retries
 * per request) and a hung server times commands out. Callers then fail
 * closed or open as they must, and the health check sees it within its
 * bound. It keeps reconnecting in the background, and logs each outage once.
 */
export function createRedis(config: PortalConfig["redis"], logger: Logger, role: "commands" | "subscriber"): Redis {
  const redis = new Redis(config.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.commandTimeoutMs,
    connectTimeout: config.connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
    connectionName: `portal-${role}`,
  });
  const log = logger.child({ component: "redis", role });
  let down = false;
  let lostAtMs = 0;
  const lost = (reason: string) => {
    if (down) return;
    down = true;
    lostAtMs = performance.now();
    log.error(`Redis connection lost: ${reason}`, { url: redacted(config.url) });
  };
  redis.on("error", (error: Error) => lost(messageOf(error)));
  redis.on("close", () => lost("connection closed"));
  redis.on("ready", () => {
    if (down) log.info("Redis connection restored", { url: redacted(config.url), downForMs: Math.round(performance.now() - lostAtMs) });
    down = false;
  });
  return redis;
}

/** Connects, waiting at most `timeoutMs`; a Redis that is down at start is no reason not to start. */
export async function connectRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([connected, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export function redacted(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}
