import path from "node:path";
import { FiredrillError } from "../../errors.ts";
import { LOOPBACK, onFreePort } from "../ports.ts";
import { copyTree } from "./copy-tree.ts";
import { pgBinaries, pgOwner } from "./pg-binaries.ts";
import { readPostmasterPid, startPgServer, withClient, type PgLogin, type PgServerOptions } from "./pg-server.ts";
import { DEFAULT_FIXTURES_DIR, defaultCacheDir, ensureTemplate, TEMPLATE_DATABASE } from "./pg-template.ts";
import { makePrivateDir, removeDir } from "./private-dir.ts";
import type { ServerProcess } from "./server-process.ts";

export interface PostgresOptions {
  /** Default: a free port. */
  port?: number;
  /** Where the private directory is created. Default: defaultBaseDir() ($TMPDIR, else /dev/shm, else the OS temp directory). */
  baseDir?: string;
  /** Where seeded templates are cached. Default: ${XDG_CACHE_HOME:-~/.cache}/firedrill. */
  cacheDir?: string;
  /** Holds schema.sql and seed.sql. Default: fixtures/portal. */
  fixturesDir?: string;
  /** Superuser. Default: "postgres". */
  user?: string;
  /** Default: "firedrill". */
  password?: string;
  /** The database the URL names, copied from the template. Default: "portal". */
  database?: string;
  /** Who PostgreSQL runs as when firedrill runs as root. Default: "postgres". */
  runAs?: string;
  /** Extra server settings (`-c name=value`), e.g. { max_connections: "20" }. */
  settings?: Record<string, string>;
  /** Default: 10000. */
  readyTimeoutMs?: number;
  /** Bounds building the template on a cold start. Default: 120000. */
  buildTimeoutMs?: number;
  /** How long a fast shutdown may take before SIGQUIT, then SIGKILL. Default: 5000. */
  stopTimeoutMs?: number;
}

export interface StartedPostgres extends AsyncDisposable {
  readonly port: number;
  /** The postmaster's pid (from postmaster.pid); after stopServer() the last one. */
  readonly pid: number;
  /** False after stopServer(), stop(), or when the postmaster died. */
  readonly running: boolean;
  /** postgres://USER:PASSWORD@127.0.0.1:PORT/portal */
  readonly url: string;
  /** Private directory: data/ and postgres.log. Removed by stop(). */
  readonly directory: string;
  readonly dataDir: string;
  readonly logPath: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly templateHash: string;
  /** False when this start built the template (initdb, schema, seed). */
  readonly templateCacheHit: boolean;
  urlFor(database: string): string;
  /** A fresh copy of the seeded template; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Drops `name`, disconnecting its clients. */
  dropDatabase(name: string): Promise<void>;
  /** Stops the server but keeps its data, like `systemctl stop postgresql`. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data (crash recovery included). */
  startServer(): Promise<void>;
  /** Fast shutdown, SIGQUIT then SIGKILL past stopTimeoutMs, then removes `directory`. Idempotent. */
  stop(): Promise<void>;
}

const PROTECTED = new Set(["postgres", "template0", "template1", TEMPLATE_DATABASE]);

/**
 * Starts a private PostgreSQL on 127.0.0.1 from a copy of the cached seeded
 * template (building it on first use) and creates the drill database from it.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<StartedPostgres> {
  const login = { user: options.user ?? "postgres", password: options.password ?? "firedrill" };
  const database = checkName(options.database ?? "portal");
  const binaries = await pgBinaries();
  const owner = await pgOwner(options.runAs);
  const template = await ensureTemplate({
    binaries,
    owner,
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    fixturesDir: options.fixturesDir ?? DEFAULT_FIXTURES_DIR,
    ...login,
    buildTimeoutMs: options.buildTimeoutMs ?? 120_000,
    buildDir: options.baseDir,
  });
  const directory = await makePrivateDir("firedrill-pg-", options.baseDir, owner);
  const dataDir = path.join(directory, "data");
  const serverOptions = (port: number): PgServerOptions => ({
    binaries,
    owner,
    dataDir,
    port,
    runDir: directory,
    settings: options.settings,
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 5_000,
  });
  let server: ServerProcess | undefined;
  try {
    await copyTree(template.dataDir, dataDir, owner);
    const started = await onFreePort(options.port, async (port) => ({ port, server: await startPgServer(serverOptions(port)) }));
    server = started.server;
    await createFromTemplate({ ...login, port: started.port }, database);
    const postgres = new LocalPostgres(server, serverOptions(started.port), login, database, template);
    await postgres.readPid();
    return postgres;
  } catch (error) {
    try {
      await server?.stop();
    } finally {
      await removeDir(directory);
    }
    throw error;
  }
}

class LocalPostgres implements StartedPostgres {
  readonly port: number;
  readonly url: string;
  readonly directory: string;
  readonly dataDir: string;
  readonly logPath: string;
  readonly user: string;
  readonly password: string;
  readonly templateHash: string;
  readonly templateCacheHit: boolean;
  #server: ServerProcess;
  #pid: number;
  #stopping: Promise<void> | undefined;
  // Operator actions run one at a time: a restart must not race a stop.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    server: ServerProcess,
    private readonly serverOptions: PgServerOptions,
    login: { user: string; password: string },
    readonly database: string,
    template: { hash: string; cacheHit: boolean },
  ) {
    this.#server = server;
    this.#pid = server.pid;
    this.port = serverOptions.port;
    this.user = login.user;
    this.password = login.password;
    this.directory = serverOptions.runDir;
    this.dataDir = serverOptions.dataDir;
    this.logPath = server.logPath;
    this.templateHash = template.hash;
    this.templateCacheHit = template.cacheHit;
    this.url = this.urlFor(database);
  }

  get pid(): number {
    return this.#pid;
  }

  get running(): boolean {
    return this.#server.running;
  }

  /** postmaster.pid is the source `gc` and operators use; it names the same process we spawned. */
  async readPid(): Promise<void> {
    this.#pid = (await readPostmasterPid(this.dataDir))?.pid ?? this.#server.pid;
  }

  urlFor(name: string): string {
    const credentials = `${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}`;
    return `postgres://${credentials}@${LOOPBACK}:${this.port}/${encodeURIComponent(name)}`;
  }

  async createDatabase(name: string): Promise<string> {
    await createFromTemplate(this.#login(), checkName(name));
    return this.urlFor(name);
  }

  async dropDatabase(name: string): Promise<void> {
    if (PROTECTED.has(checkName(name))) {
      throw new FiredrillError("CONFIG_INVALID", `postgres: database "${name}" is needed by the environment and cannot be dropped; drop a database made with createDatabase()`);
    }
    await withClient(this.#login(), "postgres", (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
  }

  stopServer(): Promise<void> {
    return this.#serially(() => this.#server.stop());
  }

  startServer(): Promise<void> {
    return this.#serially(async () => {
      if (this.#stopping) throw new FiredrillError("STATE_INVALID", `postgres on port ${this.port} was removed by stop(); start a new one with startPostgres()`);
      if (this.#server.running) return;
      this.#server = await startPgServer(this.serverOptions);
      await this.readPid();
    });
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#serially(async () => {
      await this.#server.stop();
      await removeDir(this.directory);
    });
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  #login(): PgLogin {
    return { port: this.port, user: this.user, password: this.password };
  }

  #serially<T>(action: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(action, action);
    this.#queue = next.catch(() => {});
    return next;
  }
}

async function createFromTemplate(login: PgLogin, name: string): Promise<void> {
  await withClient(login, "postgres", (client) =>
    // FILE_COPY copies the files; the default WAL_LOG strategy also writes every block to WAL, twice the I/O.
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`),
  );
}

function checkName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new FiredrillError("CONFIG_INVALID", `postgres: database name "${name}" is not allowed; use 1 to 63 lowercase letters, digits and underscores, not starting with a digit`);
  }
  return name;
}
