import path from "node:path";
import { FiredrillError } from "../errors.ts";
import { EnvReader } from "./config/env-reader.ts";
import { type FreebitConfig, readFreebit, readSalesforce, readWhmcs, type SalesforceConfig, type WhmcsConfig } from "./config/external.ts";
import type { LogLevel } from "./log/logger.ts";

export type { CallPolicy, FreebitConfig, SalesforceConfig, WhmcsConfig } from "./config/external.ts";

export const HEALTH_CHECKS = ["database", "cache", "salesforce", "whmcs", "freebit"] as const;
export type HealthCheckName = (typeof HEALTH_CHECKS)[number];

export const REPLAY_MODES = ["LATEST", "ALL"] as const;
export type ReplayMode = (typeof REPLAY_MODES)[number];

export interface DatabaseConfig {
  /** DATABASE_URL without the pool parameters (connection_limit, pool_timeout, connect_timeout). */
  readonly url: string;
  /** The pool size: DATABASE_URL's connection_limit, as Prisma reads it. */
  readonly poolSize: number;
  /** How long a request waits for a pooled connection: DATABASE_URL's pool_timeout (seconds). */
  readonly poolTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

export interface PortalConfig {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logDir: string;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly redis: { readonly url: string; readonly commandTimeoutMs: number; readonly connectTimeoutMs: number };
  readonly auth: {
    readonly jwtSecret: string;
    readonly tokenTtlSeconds: number;
    /** With Redis unreachable: true refuses authenticated requests and logins, false lets them through with a security warning. */
    readonly blacklistFailClosed: boolean;
    /** Take the client IP from X-Forwarded-For (behind a load balancer, or traffic that plays many IPs). */
    readonly trustProxy: boolean;
    readonly loginLimitPerIp: number;
    readonly loginLimitPerAccount: number;
    readonly loginLimitWindowSeconds: number;
  };
  readonly billingCacheTtlSeconds: number;
  readonly whmcs: WhmcsConfig;
  readonly salesforce: SalesforceConfig | undefined;
  readonly freebit: FreebitConfig | undefined;
  readonly events: {
    readonly enabled: boolean;
    readonly replay: ReplayMode;
    readonly channel: string;
    /** Consecutive failed (re)connection attempts before the subscriber gives up until a restart. */
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
  };
  readonly health: { readonly skip: readonly HealthCheckName[]; readonly timeoutMs: number };
  readonly sseHeartbeatMs: number;
}

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** Reads the portal's settings from environment variables; throws CONFIG_INVALID listing every problem. */
export function loadConfig(environment: Readonly<Record<string, string | undefined>> = process.env): PortalConfig {
  const env = new EnvReader(environment);
  const eventsEnabled = env.boolean("SF_EVENTS_ENABLED", false);
  const config: PortalConfig = {
    host: env.string("HOST", "127.0.0.1"),
    port: env.integer("PORT", 4000, 0, 65_535),
    logDir: path.resolve(env.string("LOG_DIR", "logs")),
    logLevel: env.oneOf("LOG_LEVEL", LOG_LEVELS, "info"),
    database: readDatabase(env),
    redis: {
      url: env.url("REDIS_URL", ["redis:", "rediss:"], "redis://127.0.0.1:6379")?.toString() ?? "",
      commandTimeoutMs: env.integer("REDIS_COMMAND_TIMEOUT_MS", 1_000, 1, 60_000),
      connectTimeoutMs: env.integer("REDIS_CONNECT_TIMEOUT_MS", 1_000, 1, 60_000),
    },
    auth: {
      jwtSecret: readSecret(env),
      tokenTtlSeconds: env.integer("JWT_TTL_SECONDS", 900, 1, 30 * 24 * 3600),
      blacklistFailClosed: env.boolean("AUTH_BLACKLIST_FAIL_CLOSED", true),
      trustProxy: env.boolean("TRUST_PROXY", false),
      loginLimitPerIp: env.integer("LOGIN_RATE_LIMIT_PER_IP", 20, 1),
      loginLimitPerAccount: env.integer("LOGIN_RATE_LIMIT_PER_ACCOUNT", 5, 1),
      loginLimitWindowSeconds: env.integer("LOGIN_RATE_LIMIT_WINDOW_SECONDS", 300, 1, 86_400),
    },
    billingCacheTtlSeconds: env.integer("BILLING_CACHE_TTL_SECONDS", 60, 1, 86_400),
    whmcs: readWhmcs(env),
    salesforce: readSalesforce(env, eventsEnabled),
    freebit: readFreebit(env, eventsEnabled),
    events: {
      enabled: eventsEnabled,
      replay: env.oneOf("SF_EVENTS_REPLAY", REPLAY_MODES, "LATEST"),
      channel: env.string("SF_EVENTS_CHANNEL", "/event/OrderProvisionRequested__e"),
      maxAttempts: env.integer("SF_EVENTS_MAX_ATTEMPTS", 10, 1, 10_000),
      retryBaseMs: env.integer("SF_EVENTS_RETRY_BASE_MS", 1_000, 1, 600_000),
      retryMaxMs: env.integer("SF_EVENTS_RETRY_MAX_MS", 30_000, 1, 3_600_000),
    },
    health: {
      skip: env.list("PORTAL_HEALTH_SKIP", HEALTH_CHECKS),
      timeoutMs: env.integer("HEALTH_CHECK_TIMEOUT_MS", 1_500, 1, 60_000),
    },
    sseHeartbeatMs: env.integer("SSE_HEARTBEAT_MS", 2_000, 10, 600_000),
  };
  if (!config.events.channel.startsWith("/event/")) {
    env.problem("SF_EVENTS_CHANNEL", `"${config.events.channel}" is not a Platform Event channel; use /event/<Name>__e`);
  }
  if (env.problems.length > 0) {
    throw new FiredrillError("CONFIG_INVALID", `portal: ${env.problems.length} configuration problem${env.problems.length === 1 ? "" : "s"}:\n  - ${env.problems.join("\n  - ")}`);
  }
  return config;
}

function readDatabase(env: EnvReader): DatabaseConfig {
  const url = env.url("DATABASE_URL", ["postgres:", "postgresql:"], "postgresql://portal:secret@127.0.0.1:5432/portal?connection_limit=10");
  const param = (name: string, fallback: number, max: number): number => {
    const value = url?.searchParams.get(name);
    url?.searchParams.delete(name);
    if (value === null || value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
      env.problem("DATABASE_URL", `${name}=${value} is not an integer from 1 to ${max}; fix it in the URL's query, e.g. ?${name}=${fallback}`);
      return fallback;
    }
    return Number(value);
  };
  const poolSize = param("connection_limit", 10, 10_000);
  const poolTimeoutMs = param("pool_timeout", 10, 3_600) * 1_000;
  param("connect_timeout", 5, 3_600);
  return { url: url?.toString() ?? "", poolSize, poolTimeoutMs, statementTimeoutMs: env.integer("DATABASE_STATEMENT_TIMEOUT_MS", 10_000, 1, 3_600_000) };
}

function readSecret(env: EnvReader): string {
  const secret = env.required("JWT_SECRET", "$(openssl rand -hex 32)", "is required to sign access tokens");
  if (secret !== "" && secret.length < 16) env.problem("JWT_SECRET", `is ${secret.length} characters; use at least 16, e.g. JWT_SECRET=$(openssl rand -hex 32)`);
  return secret;
}
