import { LOOPBACK } from "../ports.ts";
import { type PostgresOptions, type StartedPostgres, startPostgres } from "./postgres.ts";
import { type RedisOptions, type StartedRedis, startRedis } from "./redis.ts";
import { TEMPLATE_DATABASE } from "./pg-template.ts";

/**
 * A service an operator can stop and start again in place: same port (so its
 * proxy's upstream stays right), same data where the service keeps any. The
 * environment's `env stop|start|restart <part>` act on these.
 */
export interface Part extends AsyncDisposable {
  readonly port: number;
  /** Process id while running; 0 when stopped. */
  readonly pid: number;
  readonly running: boolean;
  /** The containers backend's container (the same across stop/start); absent for processes. */
  readonly containerId?: string;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
}

export interface RedisPart extends Part {
  readonly url: string;
}

export interface PostgresPart extends Part {
  readonly url: string;
  readonly database: string;
  readonly templateDatabase: string;
  readonly user: string;
  readonly password: string;
  /** The database URL with another port: the one of its fault proxy. */
  urlVia(port: number): string;
}

/** Redis keeps no data across a restart (no persistence), as a cache in production usually does not. */
export async function redisPart(options: RedisOptions): Promise<RedisPart> {
  let current: StartedRedis | undefined = await startRedis(options);
  const port = current.port;
  const stopServer = async () => {
    const stopping = current;
    current = undefined;
    await stopping?.stop();
  };
  return {
    port,
    url: `redis://${LOOPBACK}:${port}`,
    get pid() {
      return current?.pid ?? 0;
    },
    get running() {
      return current !== undefined;
    },
    stopServer,
    startServer: async () => {
      current ??= await startRedis({ ...options, port });
    },
    [Symbol.asyncDispose]: stopServer,
  };
}

/** PostgreSQL keeps its data directory across stop/start, as a real server does. */
export async function postgresPart(options: PostgresOptions): Promise<PostgresPart> {
  const server: StartedPostgres = await startPostgres(options);
  const urlVia = (port: number) => {
    const url = new URL(server.url);
    url.port = String(port);
    return url.toString();
  };
  return {
    port: server.port,
    url: server.url,
    database: server.database,
    templateDatabase: TEMPLATE_DATABASE,
    user: server.user,
    password: server.password,
    urlVia,
    get pid() {
      return server.running ? server.pid : 0;
    },
    get running() {
      return server.running;
    },
    stopServer: () => server.stopServer(),
    startServer: () => server.startServer(),
    [Symbol.asyncDispose]: () => server.stop(),
  };
}
