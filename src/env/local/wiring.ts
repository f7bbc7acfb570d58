import type { MocksDescriptor } from "../../mocks/index.ts";

export interface WiringInput {
  /** Through the postgres proxy. */
  databaseUrl: string;
  /** Through the redis proxy. */
  redisUrl: string;
  /** Public URLs already point at the proxies. */
  mocks: MocksDescriptor;
  jwtSecret: string;
}

/**
 * The BFF's environment in a drill environment: the runbook's variables, every
 * dependency through its fault proxy. What `env shell` exports too, so the
 * runbook's `curl -X POST $WHMCS_API_URL …` reaches what the portal reaches.
 */
/** The role the BFF connects as (fixtures/portal/schema.sql creates it): not a superuser, as in production. */
export const PORTAL_DATABASE_ROLE = { user: "portal_app", password: "portal-app" } as const;

/** The same database URL, logged in as the BFF's own role. */
export function asPortalRole(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = PORTAL_DATABASE_ROLE.user;
  url.password = PORTAL_DATABASE_ROLE.password;
  return url.toString();
}

export function portalWiring({ databaseUrl, redisUrl, mocks, jwtSecret }: WiringInput): Record<string, string> {
  return {
    DATABASE_URL: asPortalRole(databaseUrl),
    REDIS_URL: redisUrl,
    JWT_SECRET: jwtSecret,
    AUTH_BLACKLIST_FAIL_CLOSED: "true",
    SF_EVENTS_ENABLED: "true",
    SF_EVENTS_REPLAY: "LATEST",
    ...saasWiring(mocks.services),
    // Virtual customers come from one address; the traffic generator tells them apart with X-Forwarded-For.
    TRUST_PROXY: "true",
    EXTERNAL_TIMEOUT_MS: "2000",
    // An open circuit tries again after 5 s (the BFF's default is 30 s): recovery shows within a drill's minutes, not half of one.
    CIRCUIT_RESET_MS: "5000",
  };
}

/** The BFF's variables for the three SaaS systems: their URLs (as the mocks hand them out) and credentials. */
export function saasWiring({ salesforce, whmcs, freebit }: MocksDescriptor["services"]): Record<string, string> {
  return {
    WHMCS_API_URL: whmcs.url,
    WHMCS_API_IDENTIFIER: whmcs.identifier,
    WHMCS_API_SECRET: whmcs.secret,
    SF_LOGIN_URL: salesforce.loginUrl,
    SF_CONSUMER_KEY: salesforce.consumerKey,
    SF_USERNAME: salesforce.username,
    SF_PRIVATE_KEY_PATH: salesforce.privateKeyPath,
    FREEBIT_API_URL: freebit.url,
    FREEBIT_OEM_ID: freebit.oemId,
    FREEBIT_OEM_KEY: freebit.oemKey,
  };
}
