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

/** An HTTP service answers (anything but a 5xx: a mock refusing a bare request is still up). */
async function httpAnswers(url: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  await response.body?.cancel();
  if (response.status >= 500) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}`);
  return `HTTP ${response.status}`;
}

/** The portal's own verdict: its /health, and which of its checks fail. */
async function portalHealth(healthUrl: string): Promise<string> {
  const response = await fetch(healthUrl, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS * 2) });
  const body = (await response.json().catch(() => ({}))) as { status?: string; checks?: Record<string, { status?: string }> };
  const failing = Object.entries(body.checks ?? {}).filter(([, check]) => check.status === "fail").map(([name]) => name);
  if (response.status !== 200) throw new Error(`/health answered ${response.status}${failing.length > 0 ? `; failing: ${failing.join(", ")}` : ""}`);
  return `/health ${body.status ?? "ok"}`;
}

/** Live health of every part, each checked directly and through its proxy, in parallel. */
export function checkHealth(descriptor: EnvironmentDescriptor): Promise<PartHealth[]> {
  const { redis, postgres, salesforce, whmcs, freebit } = descriptor.services;
  const whmcsPing = { method: "POST", body: new URLSearchParams({ action: "GetClients", responsetype: "json" }) };
  return Promise.all([
    timed("proxy", () => proxyVersion(descriptor.proxy.apiUrl)),
    timed("redis", () => redisPing(redis.directUrl)),
    timed("redis via proxy", () => redisPing(redis.url)),
    timed("postgres", () => postgresSelectOne(postgres.directUrl)),
    timed("postgres via proxy", () => postgresSelectOne(postgres.url)),
    timed("salesforce via proxy", () => httpAnswers(`${salesforce.url}/services/oauth2/userinfo`)),
    timed("whmcs via proxy", () => httpAnswers(whmcs.url, whmcsPing)),
    timed("freebit via proxy", () => httpAnswers(`${freebit.url}/`)),
    ...(descriptor.target ? [timed("portal", () => portalHealth(descriptor.target!.healthUrl))] : []),
  ]);
}
