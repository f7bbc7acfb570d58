import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { EnvReader } from "./env-reader.ts";

/** How calls to one external system are bounded: a timeout and a circuit breaker. */
export interface CallPolicy {
  readonly timeoutMs: number;
  readonly circuitEnabled: boolean;
  /** Consecutive failures that open the circuit. */
  readonly circuitFailureThreshold: number;
  /** How long an open circuit refuses calls before letting one through to test. */
  readonly circuitResetMs: number;
}

/**
 * EXTERNAL_TIMEOUT_MS, CIRCUIT_BREAKER_ENABLED, CIRCUIT_FAILURE_THRESHOLD and
 * CIRCUIT_RESET_MS apply to every system; `<PREFIX>_TIMEOUT_MS`,
 * `<PREFIX>_CIRCUIT_FAILURE_THRESHOLD` and `<PREFIX>_CIRCUIT_RESET_MS`
 * override them for one (SF, WHMCS, FREEBIT).
 */
export function readCallPolicy(env: EnvReader, prefix: "SF" | "WHMCS" | "FREEBIT"): CallPolicy {
  const timeoutMs = env.integer("EXTERNAL_TIMEOUT_MS", 5_000, 1, 600_000);
  const threshold = env.integer("CIRCUIT_FAILURE_THRESHOLD", 5, 1, 1_000);
  const resetMs = env.integer("CIRCUIT_RESET_MS", 30_000, 1, 3_600_000);
  return {
    timeoutMs: env.integer(`${prefix}_TIMEOUT_MS`, timeoutMs, 1, 600_000),
    circuitEnabled: env.boolean("CIRCUIT_BREAKER_ENABLED", true),
    circuitFailureThreshold: env.integer(`${prefix}_CIRCUIT_FAILURE_THRESHOLD`, threshold, 1, 1_000),
    circuitResetMs: env.integer(`${prefix}_CIRCUIT_RESET_MS`, resetMs, 1, 3_600_000),
  };
}

export interface WhmcsConfig {
  /** The full URL of api.php, as in the runbook's `curl -X POST $WHMCS_API_URL`. */
  readonly apiUrl: string;
  readonly identifier: string;
  readonly secret: string;
  /** WHMCS product id (pid) per portal plan code, for AddOrder. */
  readonly productIds: Readonly<Record<string, number>>;
  readonly paymentMethod: string;
  readonly policy: CallPolicy;
}

const DEFAULT_PRODUCT_IDS = "data-3gb=1,data-10gb=2,voice-5gb=3,voice-20gb=4";

export function readWhmcs(env: EnvReader): WhmcsConfig {
  const apiUrl = env.url("WHMCS_API_URL", ["http:", "https:"], "https://billing.example.com/includes/api.php");
  const productIds: Record<string, number> = {};
  for (const pair of env.string("WHMCS_PRODUCT_IDS", DEFAULT_PRODUCT_IDS).split(",")) {
    const [plan, pid] = pair.split("=").map((part) => part.trim());
    if (!plan || !pid || !/^\d+$/.test(pid)) {
      env.problem("WHMCS_PRODUCT_IDS", `"${pair}" is not plan=pid; use e.g. WHMCS_PRODUCT_IDS=${DEFAULT_PRODUCT_IDS}`);
      continue;
    }
    productIds[plan] = Number(pid);
  }
  return {
    apiUrl: apiUrl?.toString() ?? "",
    identifier: env.required("WHMCS_API_IDENTIFIER", "<API credential identifier from WHMCS Setup > Staff Management > API Credentials>"),
    secret: env.required("WHMCS_API_SECRET", "<the secret shown once when the API credential was created>"),
    productIds,
    paymentMethod: env.string("WHMCS_PAYMENT_METHOD", "stripe"),
    policy: readCallPolicy(env, "WHMCS"),
  };
}

export interface SalesforceConfig {
  readonly loginUrl: string;
  readonly consumerKey: string;
  readonly username: string;
  readonly privateKey: KeyObject;
  /** "62.0": REST and CometD URLs are built with it. */
  readonly apiVersion: string;
  readonly policy: CallPolicy;
}

const SF_VARS = ["SF_LOGIN_URL", "SF_CONSUMER_KEY", "SF_USERNAME", "SF_PRIVATE_KEY_PATH", "SF_PRIVATE_KEY"];

/** Salesforce is optional unless Platform Events are enabled; once any SF_ variable is set, all are needed. */
export function readSalesforce(env: EnvReader, eventsEnabled: boolean): SalesforceConfig | undefined {
  if (!eventsEnabled && !SF_VARS.some((name) => env.has(name))) return undefined;
  const why = eventsEnabled ? "is required while SF_EVENTS_ENABLED=true" : "is required once any SF_ variable is set";
  const loginUrl = env.url("SF_LOGIN_URL", ["http:", "https:"], "https://login.salesforce.com", why);
  const consumerKey = env.required("SF_CONSUMER_KEY", "<the Connected App's consumer key>", why);
  const username = env.required("SF_USERNAME", "integration@example.com", why);
  const apiVersion = env.string("SF_API_VERSION", "62.0");
  if (!/^\d{2,3}\.0$/.test(apiVersion)) env.problem("SF_API_VERSION", `"${apiVersion}" is not an API version; use e.g. SF_API_VERSION=62.0 (Platform Events need 37.0 or later)`);
  const privateKey = readPrivateKey(env, why);
  if (privateKey === undefined) return undefined;
  return { loginUrl: loginUrl?.toString().replace(/\/+$/, "") ?? "", consumerKey, username, privateKey, apiVersion, policy: readCallPolicy(env, "SF") };
}

function readPrivateKey(env: EnvReader, why: string): KeyObject | undefined {
  const path = env.raw("SF_PRIVATE_KEY_PATH");
  const inline = env.raw("SF_PRIVATE_KEY");
  const source = path !== undefined ? "SF_PRIVATE_KEY_PATH" : "SF_PRIVATE_KEY";
  let pem: string;
  if (path !== undefined) {
    try {
      pem = readFileSync(path, "utf8");
    } catch (error) {
      env.problem("SF_PRIVATE_KEY_PATH", `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); point it at the PEM private key of the Connected App's certificate`);
      return undefined;
    }
  } else if (inline !== undefined) {
    pem = inline.replaceAll("\\n", "\n");
  } else {
    env.problem("SF_PRIVATE_KEY_PATH", `${why}; set SF_PRIVATE_KEY_PATH=/path/to/server.key (or SF_PRIVATE_KEY to the PEM text)`);
    return undefined;
  }
  try {
    return createPrivateKey(pem);
  } catch {
    env.problem(source, "is not a PEM private key; use the key the Connected App's certificate was made from (-----BEGIN PRIVATE KEY-----)");
    return undefined;
  }
}

export interface FreebitConfig {
  /** Base URL; calls go to `<apiUrl>/<operation>/`, e.g. https://i1.mvno.net/emptool/api. */
  readonly apiUrl: string;
  readonly oemId: string;
  readonly oemKey: string;
  /** How long an activation may stay pending before provisioning gives up. */
  readonly activationTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly policy: CallPolicy;
}

export function readFreebit(env: EnvReader, eventsEnabled: boolean): FreebitConfig | undefined {
  if (!eventsEnabled && !["FREEBIT_API_URL", "FREEBIT_OEM_ID", "FREEBIT_OEM_KEY"].some((name) => env.has(name))) return undefined;
  const why = eventsEnabled ? "is required while SF_EVENTS_ENABLED=true (provisioning activates SIMs)" : "is required once any FREEBIT_ variable is set";
  const apiUrl = env.url("FREEBIT_API_URL", ["http:", "https:"], "https://i1.mvno.net/emptool/api", why);
  return {
    apiUrl: apiUrl?.toString().replace(/\/+$/, "") ?? "",
    oemId: env.required("FREEBIT_OEM_ID", "<OEM id from the Freebit partner contract>", why),
    oemKey: env.required("FREEBIT_OEM_KEY", "<OEM key from the Freebit partner contract>", why),
    activationTimeoutMs: env.integer("FREEBIT_ACTIVATION_TIMEOUT_MS", 30_000, 1, 3_600_000),
    pollIntervalMs: env.integer("FREEBIT_POLL_INTERVAL_MS", 500, 10, 600_000),
    policy: readCallPolicy(env, "FREEBIT"),
  };
}
