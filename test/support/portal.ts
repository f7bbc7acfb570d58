import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import pg from "pg";
import { type StartedPostgres, startPostgres } from "../../src/env/local/postgres.ts";
import { type StartedRedis, startRedis } from "../../src/env/local/redis.ts";
import { type StartedMocks, startMocks } from "../../src/mocks/index.ts";
import { loadConfig, type StartedPortal, startPortal } from "../../src/target/index.ts";
import { saasWiring } from "../../src/env/local/wiring.ts";

export const PASSWORD = "drill-password-1";
export const CHANNEL = "/event/OrderProvisionRequested__e";
export const REPLAY_KEY = `sf:pe:replay:${CHANNEL}`;

/** Redis, PostgreSQL and the SaaS mocks for one test file, and portals started against them. */
export interface PortalWorld {
  readonly dir: string;
  readonly redis: StartedRedis;
  readonly postgres: StartedPostgres;
  readonly mocks: StartedMocks;
  /** The environment variables a portal gets, with `overrides` on top. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A portal on a free port with its own log directory; closed by close(). */
  portal(overrides?: Record<string, string>): Promise<StartedPortal>;
  /** A fresh copy of the seeded database (its URL): tests that change orders take one each. */
  freshDatabase(): Promise<string>;
  /** A portal on its own fresh copy of the seeded database. */
  portalOnFreshDatabase(overrides?: Record<string, string>): Promise<{ portal: StartedPortal; databaseUrl: string }>;
  /** A client of the world's Redis (database `db`, default 0); disconnected by close(). */
  redisClient(db?: number): Redis;
  close(): Promise<void>;
}

let counter = 0;

export async function startPortalWorld(options: { connectTimeoutMs?: number } = {}): Promise<PortalWorld> {
  const dir = await mkdtemp(path.join("/dev/shm", "firedrill-portal-test-"));
  await chmod(dir, 0o755);
  const [redis, postgres, mocks] = await Promise.all([
    startRedis({ baseDir: dir }),
    startPostgres({ baseDir: dir }),
    startMocks({ salesforce: { connectTimeoutMs: options.connectTimeoutMs ?? 5_000 } }),
  ]);
  const portals: StartedPortal[] = [];
  const clients: Redis[] = [];
  const env = (overrides: Record<string, string> = {}) => ({
    PORT: "0",
    LOG_DIR: path.join(dir, `logs-${++counter}`),
    DATABASE_URL: `${postgres.url}?connection_limit=5&pool_timeout=2`,
    REDIS_URL: redis.url,
    JWT_SECRET: "firedrill-test-secret-0123456789",
    ...saasWiring(mocks.descriptor().services),
    FREEBIT_POLL_INTERVAL_MS: "100",
    EXTERNAL_TIMEOUT_MS: "2000",
    SF_EVENTS_RETRY_BASE_MS: "100",
    SF_EVENTS_RETRY_MAX_MS: "500",
    SSE_HEARTBEAT_MS: "300",
    // Every test login comes from 127.0.0.1; tests of the per-IP limit set their own.
    LOGIN_RATE_LIMIT_PER_IP: "10000",
    ...overrides,
  });
  const portal = async (overrides: Record<string, string> = {}) => {
    const started = await startPortal(loadConfig(env(overrides)));
    portals.push(started);
    return started;
  };
  return {
    dir,
    redis,
    postgres,
    mocks,
    env,
    portal,
    freshDatabase: () => postgres.createDatabase(`portal_${process.pid}_${++counter}`),
    async portalOnFreshDatabase(overrides = {}) {
      const databaseUrl = await postgres.createDatabase(`portal_${process.pid}_${++counter}`);
      return { portal: await portal({ DATABASE_URL: `${databaseUrl}?connection_limit=5&pool_timeout=2`, ...overrides }), databaseUrl };
    },
    redisClient(db = 0) {
      const client = new Redis(`${redis.url}/${db}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on("error", () => {});
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(portals.map((portal) => portal.close()));
      for (const client of clients) client.disconnect();
      await Promise.allSettled([mocks.close(), redis.stop(), postgres.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs` naming `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) throw new Error(`${what}: not true after ${timeoutMs}ms${last ? ` (last error: ${String(last)})` : ""}`);
    await sleep(intervalMs);
  }
}

export async function http(portal: StartedPortal, route: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${portal.url}${route}`, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as any) };
}

export async function login(portal: StartedPortal, email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<string> {
  const reply = await http(portal, "/auth/login", { json: { email, password }, headers });
  if (reply.status !== 200) throw new Error(`login as ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.accessToken as string;
}

/** The portal's log lines (parsed JSON) from combined.log or error.log. */
export async function logLines(portal: StartedPortal, file: "combined.log" | "error.log" = "combined.log"): Promise<Record<string, any>[]> {
  const text = await readFile(path.join(portal.logDir, file), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
}

/** The order's status and provisioning jobs as PostgreSQL has them. */
export async function orderState(databaseUrl: string, orderId: number) {
  const [order] = await query(databaseUrl, "SELECT status, iccid, msisdn, whmcs_order_id FROM orders WHERE id = $1", [orderId]);
  const jobs = await query(databaseUrl, "SELECT step, status, attempts, last_error FROM provisioning_jobs WHERE order_id = $1 ORDER BY step", [orderId]);
  return { ...order, jobs } as { status: string; iccid: string | null; msisdn: string | null; whmcs_order_id: number | null; jobs: any[] };
}

/** Publishes OrderProvisionRequested__e for a seeded order, as Salesforce would on approval. */
export function requestProvisioning(world: PortalWorld, orderId: number) {
  return world.mocks.publishEvent("OrderProvisionRequested__e", {
    Order_Id__c: `801Dr${String(orderId).padStart(10, "0")}AAA`,
    Portal_Order_Id__c: orderId,
  });
}

/** Waits until /health says the Platform Event subscription is connected. */
export async function subscribed(portal: StartedPortal, timeoutMs = 10_000): Promise<void> {
  await eventually("the Platform Event subscription to connect", async () => ((await http(portal, "/health")).body.checks.salesforce.subscription === "connected" ? true : undefined), timeoutMs);
}

/** Waits until the order has `status` in PostgreSQL. */
export async function orderBecomes(databaseUrl: string, orderId: number, status: string, timeoutMs = 10_000) {
  return eventually(`order ${orderId} to become ${status}`, async () => {
    const state = await orderState(databaseUrl, orderId);
    return state.status === status ? state : undefined;
  }, timeoutMs, 100);
}

/** The `msg` of each line in a log file that starts with `prefix`. */
export async function messages(portal: StartedPortal, prefix: string, file: "combined.log" | "error.log" = "combined.log"): Promise<string[]> {
  return (await logLines(portal, file)).map((line) => String(line.msg)).filter((msg) => msg.startsWith(prefix));
}

/** `grep pattern file`, as the runbook does it. */
export async function grep(portal: StartedPortal, pattern: string, file: "combined.log" | "error.log" = "combined.log"): Promise<string[]> {
  const text = await readFile(path.join(portal.logDir, file), "utf8").catch(() => "");
  return text.split("\n").filter((line) => line.includes(pattern));
}

export async function query<R extends pg.QueryResultRow = any>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
