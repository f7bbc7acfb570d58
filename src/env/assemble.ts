import { randomBytes } from "node:crypto";
import { Toxiproxy } from "toxiproxy-node-client";
import { type MocksDescriptor, startMocks, SYSTEMS, type SystemName } from "../mocks/index.ts";
import { startProxyServer, TOXIPROXY_VERSION } from "../proxy/index.ts";
import type { BackendDescriptor, Environment } from "./backend.ts";
import type { BackendName, PartName, ProxiedEndpoint } from "./descriptor.ts";
import { type PostgresPart, type RedisPart } from "./local/parts.ts";
import { type PortalPart, portalPart } from "./local/portal-part.ts";
import { portalWiring } from "./local/wiring.ts";
import { LOOPBACK } from "./ports.ts";
import type { EnvironmentState } from "./state.ts";

/** The BFF the environment runs: the sample portal, or a user's own with the same wiring. */
export interface TargetOptions {
  /** A shell command starting the user's BFF; default the sample portal. */
  command?: string;
  healthUrl?: string;
  port?: number;
  /** Extra variables for the BFF, on top of the wiring. */
  env?: Record<string, string>;
}

/** A server speaking the Toxiproxy API, on loopback: firedrill's own, or Toxiproxy itself in a container. */
export interface FaultProxyServer extends AsyncDisposable {
  readonly apiUrl: string;
  /** What GET /version answers. */
  readonly version: string;
  /** Set when it runs in a container. */
  readonly containerId?: string;
}

/** firedrill's own Toxiproxy-compatible server, in this process. */
export async function hostProxyServer(port = 0): Promise<FaultProxyServer> {
  const server = await startProxyServer({ host: LOOPBACK, port });
  return { apiUrl: server.apiUrl, version: TOXIPROXY_VERSION, [Symbol.asyncDispose]: () => server[Symbol.asyncDispose]() };
}

/** The SaaS mocks as the environment uses them: in the supervisor (startMocks) or in a container, driven over their control API. */
export interface MocksPart extends AsyncDisposable {
  readonly controlUrl: string;
  /** Set when they run in a container. */
  readonly containerId?: string;
  /** Current values: services (public and direct URLs, credentials) and the control URL. */
  descriptor(): MocksDescriptor;
  /** Points a mock's public URL (instance_url, JWT audience, SSO links) at its fault proxy. */
  setPublicUrl(system: SystemName, url: string): void | Promise<void>;
}

export interface AssembleOptions {
  backend: BackendName;
  state: EnvironmentState;
  /** Port of the fault proxy's control API; default a free one. */
  proxyPort?: number | undefined;
  /** `false`: no BFF (`env up --no-portal`). */
  target?: false | TargetOptions | undefined;
  /** Starts Redis and PostgreSQL (processes, containers): what differs between backends. */
  services(): [Promise<RedisPart>, Promise<PostgresPart>];
  /** Starts the SaaS mocks; default in this process. */
  mocks?(): Promise<MocksPart>;
  /** Starts the fault proxy's server; default firedrill's own, in this process, on `proxyPort`. */
  proxyServer?(): Promise<FaultProxyServer>;
}

type Service = "redis" | "postgres" | SystemName;
const SERVICES: readonly Service[] = ["redis", "postgres", ...SYSTEMS];

const portOfUrl = (url: string) => Number(new URL(url).port);
const portOfListen = (listen: string) => Number(listen.slice(listen.lastIndexOf(":") + 1));

/** Releases what did start when a later step failed, last acquired first; the first error is what the user sees. */
async function releaseAll(started: readonly AsyncDisposable[]): Promise<void> {
  for (const item of [...started].reverse()) await Promise.resolve(item[Symbol.asyncDispose]()).catch(() => {});
}

async function acquireAll<T extends readonly unknown[]>(starting: { [K in keyof T]: Promise<T[K] & AsyncDisposable> }, started: AsyncDisposable[]): Promise<T> {
  const results = await Promise.allSettled(starting);
  for (const result of results) if (result.status === "fulfilled") started.push(result.value);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Everything around the two servers, the same for every backend: the SaaS
 * mocks, one proxy per service on firedrill's own Toxiproxy-compatible server
 * (proxy and mocks run inside the supervisor), and the BFF as a child process
 * wired through those proxies. Redis and PostgreSQL come from the backend.
 */
export async function assembleEnvironment(options: AssembleOptions): Promise<Environment> {
  const { state } = options;
  const started: AsyncDisposable[] = [];
  try {
    const [redis, postgres, mocks] = await acquireAll<[RedisPart, PostgresPart, MocksPart]>([...options.services(), options.mocks ? options.mocks() : startMocks({ host: LOOPBACK })], started);
    const proxyServer = await (options.proxyServer ? options.proxyServer() : hostProxyServer(options.proxyPort ?? 0));
    started.push(proxyServer);
    const directPorts: Record<Service, number> = {
      redis: redis.port,
      postgres: postgres.port,
      salesforce: portOfUrl(mocks.descriptor().services.salesforce.directUrl),
      whmcs: portOfUrl(mocks.descriptor().services.whmcs.directUrl),
      freebit: portOfUrl(mocks.descriptor().services.freebit.directUrl),
    };
    const client = new Toxiproxy(proxyServer.apiUrl);
    const proxyPorts = {} as Record<Service, number>;
    for (const service of SERVICES) {
      const proxy = await client.createProxy({ name: service, listen: `${LOOPBACK}:0`, upstream: `${LOOPBACK}:${directPorts[service]}` });
      proxyPorts[service] = portOfListen(proxy.listen);
    }
    for (const system of SYSTEMS) await mocks.setPublicUrl(system, `http://${LOOPBACK}:${proxyPorts[system]}`);
    const wiring = portalWiring({
      databaseUrl: postgres.urlVia(proxyPorts.postgres),
      redisUrl: `redis://${LOOPBACK}:${proxyPorts.redis}`,
      mocks: mocks.descriptor(),
      jwtSecret: randomBytes(24).toString("hex"),
    });
    let portal: PortalPart | undefined;
    if (options.target !== false) {
      const target = options.target ?? {};
      portal = await portalPart({
        envDir: state.dir,
        env: { ...wiring, ...target.env },
        ...(target.command ? { command: target.command } : {}),
        ...(target.healthUrl ? { healthUrl: target.healthUrl } : {}),
        ...(target.port ? { port: target.port } : {}),
      });
      started.push(portal);
    }
    return running({ backend: options.backend, proxyServer, redis, postgres, mocks, portal, proxyPorts, directPorts, wiring, command: options.target ? (options.target.command ?? "sample") : "sample" });
  } catch (error) {
    await releaseAll(started);
    throw error;
  }
}

interface Running {
  backend: BackendName;
  proxyServer: FaultProxyServer;
  redis: RedisPart;
  postgres: PostgresPart;
  mocks: MocksPart;
  portal: PortalPart | undefined;
  proxyPorts: Record<Service, number>;
  directPorts: Record<Service, number>;
  wiring: Record<string, string>;
  command: string;
}

function running(env: Running): Environment {
  const { proxyServer, redis, postgres, mocks, portal, proxyPorts, directPorts } = env;
  const endpoint = (service: Service, scheme: string, suffix = ""): ProxiedEndpoint => ({
    url: `${scheme}://${LOOPBACK}:${proxyPorts[service]}${suffix}`,
    directUrl: `${scheme}://${LOOPBACK}:${directPorts[service]}${suffix}`,
    proxy: service,
    host: LOOPBACK,
    port: proxyPorts[service],
    directPort: directPorts[service],
  });
  const describe = (): BackendDescriptor => {
    const saas = mocks.descriptor().services;
    const redisUrl = `redis://${LOOPBACK}:${proxyPorts.redis}`;
    const databaseUrl = postgres.urlVia(proxyPorts.postgres);
    const target = portal && {
      url: portal.url,
      healthUrl: portal.healthUrl,
      logDir: portal.logDir,
      pid: portal.pid,
      command: env.command,
      overrides: { ...portal.overrides },
    };
    return {
      backend: env.backend,
      proxy: { apiUrl: proxyServer.apiUrl, version: proxyServer.version, ...(proxyServer.containerId ? { containerId: proxyServer.containerId } : {}) },
      services: {
        redis: { ...endpoint("redis", "redis"), pid: redis.pid, ...(redis.containerId ? { containerId: redis.containerId } : {}) },
        postgres: {
          ...endpoint("postgres", "postgres"),
          url: databaseUrl,
          directUrl: postgres.url,
          pid: postgres.pid,
          ...(postgres.containerId ? { containerId: postgres.containerId } : {}),
          database: postgres.database,
          templateDatabase: postgres.templateDatabase,
          user: postgres.user,
          password: postgres.password,
        },
        salesforce: { ...endpoint("salesforce", "http"), loginUrl: saas.salesforce.loginUrl, consumerKey: saas.salesforce.consumerKey, username: saas.salesforce.username, privateKeyPath: saas.salesforce.privateKeyPath, apiVersion: saas.salesforce.apiVersion },
        whmcs: { ...endpoint("whmcs", "http", "/includes/api.php"), identifier: saas.whmcs.identifier, secret: saas.whmcs.secret },
        freebit: { ...endpoint("freebit", "http", "/emptool/api"), oemId: saas.freebit.oemId, oemKey: saas.freebit.oemKey },
      },
      mocks: { controlUrl: mocks.controlUrl, ...(mocks.containerId ? { containerId: mocks.containerId } : {}) },
      ...(target ? { target } : {}),
      env: {
        ...env.wiring,
        ...(portal ? { ...portal.overrides, PORTAL_URL: portal.url, BFF_LOG_DIR: portal.logDir } : {}),
        DATABASE_DIRECT_URL: postgres.url,
        REDIS_DIRECT_URL: redis.url,
        REDIS_URL: redisUrl,
        // What the BFF uses (its own role): the runbook's `psql $DATABASE_URL` sees what the portal sees.
        DATABASE_URL: env.wiring.DATABASE_URL ?? databaseUrl,
        TOXIPROXY_URL: proxyServer.apiUrl,
        MOCKS_CONTROL_URL: mocks.controlUrl,
      },
    };
  };
  const part = (name: PartName) => {
    const found = name === "portal" ? portal : name === "redis" ? redis : postgres;
    if (found === undefined) throw new Error("this environment runs without a portal (env up --no-portal)");
    return found;
  };
  let stopping: Promise<void> | undefined;
  const down = () => {
    // The BFF first (no error storm as its dependencies vanish), then the proxies, so clients see everything go at once.
    stopping ??= releaseAll([redis, postgres, mocks, proxyServer, ...(portal ? [portal] : [])]);
    return stopping;
  };
  return {
    get descriptor() {
      return describe();
    },
    stopPart: (name) => part(name).stopServer(),
    startPart: (name) => part(name).startServer(),
    restartPart: async (name, set = {}) => {
      if (name === "portal") return (part("portal") as PortalPart).restartWith(set);
      if (Object.keys(set).length > 0) throw new Error(`${name} takes no variables; only the portal does (env restart portal --set K=V)`);
      await part(name).stopServer();
      await part(name).startServer();
    },
    down,
    [Symbol.asyncDispose]: down,
  };
}
