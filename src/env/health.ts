import net from "node:net";
import pg from "pg";
import type { EnvironmentDescriptor, PartHealth } from "./descriptor.ts";

const CHECK_TIMEOUT_MS = 2_000;

async function timed(part: string, check: () => Promise<string | undefined>): Promise<PartHealth> {
  const started = performance.now();
  try {
    const detail = await check();
    return { part, status: "ok", latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    return { part, status: "fail", latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** One PING over a raw socket: what `redis-cli ping` does, without a client library's reconnect logic. */
export function redisPing(url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let reply = "";
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no reply to PING within ${timeoutMs}ms`)));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (!reply.includes("\r\n")) return;
      socket.destroy();
      if (reply.startsWith("+PONG")) resolve("PONG");
      else reject(new Error(`PING answered ${JSON.stringify(reply.trim())}`));
    });
    socket.once("error", (error) => reject(error));
    socket.once("close", () => reject(new Error("connection closed before PONG")));
  });
}

/** `psql $DATABASE_URL -c "SELECT 1"`. */
export async function postgresSelectOne(url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return "SELECT 1";
  } finally {
    await client.end().catch(() => {});
  }
}

async function proxyVersion(apiUrl: string): Promise<string> {
  const response = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET /version answered ${response.status}`);
  return (await response.text()).trim();
}

/** Live health of every part, each checked directly and through its proxy, in parallel. */
export function checkHealth(descriptor: EnvironmentDescriptor): Promise<PartHealth[]> {
  const { redis, postgres } = descriptor.services;
  return Promise.all([
    timed("proxy", () => proxyVersion(descriptor.proxy.apiUrl)),
    timed("redis", () => redisPing(redis.directUrl)),
    timed("redis via proxy", () => redisPing(redis.url)),
    timed("postgres", () => postgresSelectOne(postgres.directUrl)),
    timed("postgres via proxy", () => postgresSelectOne(postgres.url)),
  ]);
}
