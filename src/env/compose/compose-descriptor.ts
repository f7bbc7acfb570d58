import type { MocksDescriptor } from "../../mocks/index.ts";
import type { EnvironmentDescriptor, ProxiedEndpoint } from "../descriptor.ts";
import { LOOPBACK } from "../ports.ts";
import { type ContainerFacts, hostPath } from "./compose-cli.ts";
import type { GamedayConfig } from "./compose-config.ts";

export type ProxiedService = "redis" | "postgres" | "salesforce" | "whmcs" | "freebit";

/** A proxy as the Toxiproxy API lists it. */
export interface ProxyListing {
  listen: string;
  upstream: string;
}

/** What a compose environment is made of at one moment: the file's settings and what the engine and APIs say now. */
export interface ComposeFacts {
  name: string;
  stateDir: string;
  createdAt: string;
  compose: { files: string[]; project: string };
  config: GamedayConfig;
  proxyVersion: string;
  proxies: Record<ProxiedService, ProxyListing>;
  mocks: MocksDescriptor;
  containers: { redis: ContainerFacts; postgres: ContainerFacts; portal: ContainerFacts; mocks?: string | undefined; toxiproxy?: string | undefined };
  /** Variables the portal's image sets itself. */
  portalImageEnv: Record<string, string>;
}

/** The container's own variables: PORT, HOST and LOG_DIR say where it listens and writes inside, which the descriptor says from outside. */
const INSIDE_ONLY = new Set(["PORT", "HOST", "LOG_DIR"]);

const portOf = (address: string) => Number(address.slice(address.lastIndexOf(":") + 1));

/**
 * The portal's variables that differ from the compose file's: what operators
 * changed (`restartPart("portal", set)`). An empty value where the file has
 * none is the same as unset, as the portal reads it.
 */
export function portalOverrides(running: Record<string, string>, base: Record<string, string>, image: Record<string, string>): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(running)) {
    if (key in base ? base[key] === value : image[key] === value || value === "") continue;
    overrides[key] = value;
  }
  for (const key of Object.keys(base)) if (!(key in running)) overrides[key] = "";
  return overrides;
}

/** The same descriptor `env up --backend containers` gives, from a standing compose project. */
export function composeDescriptor(facts: ComposeFacts): EnvironmentDescriptor {
  const { config, proxies, containers } = facts;
  const endpoint = (service: ProxiedService, scheme: string, suffix = ""): ProxiedEndpoint => ({
    url: `${scheme}://${LOOPBACK}:${portOf(proxies[service].listen)}${suffix}`,
    directUrl: `${scheme}://${LOOPBACK}:${portOf(proxies[service].upstream)}${suffix}`,
    proxy: service,
    host: LOOPBACK,
    port: portOf(proxies[service].listen),
    directPort: portOf(proxies[service].upstream),
  });
  const portalEnv = config.portalEnv;
  const database = new URL(portalEnv.DATABASE_URL ?? "postgres://localhost/portal").pathname.slice(1) || "portal";
  const { user, password, templateDatabase } = config.postgres;
  const postgresUrl = (port: number) => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${LOOPBACK}:${port}/${database}`;
  const postgres = endpoint("postgres", "postgres");
  const url = `http://${portalEnv.HOST || LOOPBACK}:${portalEnv.PORT || "4000"}`;
  const logDir = hostPath(containers.portal.mounts, portalEnv.LOG_DIR || "/var/log/bff");
  const overrides = portalOverrides(containers.portal.env, portalEnv, facts.portalImageEnv);
  const saas = facts.mocks.services;
  const wiring = Object.fromEntries(Object.entries({ ...portalEnv, ...overrides }).filter(([key]) => !INSIDE_ONLY.has(key)));
  // The key's path as the host sees it: the portal reads it inside its container.
  if (wiring.SF_PRIVATE_KEY_PATH) wiring.SF_PRIVATE_KEY_PATH = hostPath(containers.portal.mounts, wiring.SF_PRIVATE_KEY_PATH);
  const redisUrl = endpoint("redis", "redis");
  return {
    name: facts.name,
    backend: "containers",
    // No supervisor: the stack stands on its own (docker-compose up/down).
    supervisorPid: 0,
    createdAt: facts.createdAt,
    stateDir: facts.stateDir,
    proxy: { apiUrl: config.proxyApiUrl, version: facts.proxyVersion, ...(containers.toxiproxy ? { containerId: containers.toxiproxy } : {}) },
    control: { url: "" },
    compose: facts.compose,
    services: {
      redis: { ...redisUrl, pid: containers.redis.pid, containerId: containers.redis.id },
      postgres: { ...postgres, url: postgresUrl(postgres.port), directUrl: postgresUrl(postgres.directPort), pid: containers.postgres.pid, containerId: containers.postgres.id, database, templateDatabase, user, password },
      salesforce: {
        ...endpoint("salesforce", "http"),
        loginUrl: saas.salesforce.loginUrl,
        consumerKey: saas.salesforce.consumerKey,
        username: saas.salesforce.username,
        privateKeyPath: hostPath(containers.portal.mounts, saas.salesforce.privateKeyPath),
        apiVersion: saas.salesforce.apiVersion,
      },
      whmcs: { ...endpoint("whmcs", "http", "/includes/api.php"), identifier: saas.whmcs.identifier, secret: saas.whmcs.secret },
      freebit: { ...endpoint("freebit", "http", "/emptool/api"), oemId: saas.freebit.oemId, oemKey: saas.freebit.oemKey },
    },
    mocks: { controlUrl: config.mocksControlUrl, ...(containers.mocks ? { containerId: containers.mocks } : {}) },
    target: { url, healthUrl: `${url}/health`, logDir, pid: containers.portal.pid, command: "sample", overrides },
    env: {
      ...wiring,
      PORTAL_URL: url,
      BFF_LOG_DIR: logDir,
      DATABASE_DIRECT_URL: postgresUrl(postgres.directPort),
      REDIS_DIRECT_URL: redisUrl.directUrl,
      REDIS_URL: wiring.REDIS_URL ?? redisUrl.url,
      DATABASE_URL: wiring.DATABASE_URL ?? postgresUrl(postgres.port),
      TOXIPROXY_URL: config.proxyApiUrl,
      MOCKS_CONTROL_URL: config.mocksControlUrl,
      FIREDRILL_ENV: facts.name,
    },
  };
}
