import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { projectPath } from "../../paths.ts";
import { FiredrillError } from "../../errors.ts";
import { onFreePort } from "../ports.ts";
import { copyTree } from "./copy-tree.ts";
import type { PgBinaries } from "./pg-binaries.ts";
import { startPgServer, withClient, type PgLogin } from "./pg-server.ts";
import { makePrivateDir, removeDir, type Owner } from "./private-dir.ts";

const run = promisify(execFile);

/** The seeded database every drill database is copied from. */
export const TEMPLATE_DATABASE = "portal_template";
/** Bump when the way a template is built changes, so old cache entries are not reused. */
const RECIPE = 1;
const STALE_STAGING_MS = 60 * 60 * 1000;

export const DEFAULT_FIXTURES_DIR = projectPath("fixtures", "portal");

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "firedrill");
}

export interface TemplateOptions {
  binaries: PgBinaries;
  owner?: Owner | undefined;
  cacheDir: string;
  /** Holds schema.sql and seed.sql. */
  fixturesDir: string;
  user: string;
  password: string;
  buildTimeoutMs: number;
  /** Where the build's scratch directory goes (an environment's run directory, so \`gc\` finds an interrupted build); default defaultBaseDir(). */
  buildDir?: string | undefined;
}

export interface Template {
  /** A cleanly shut down data directory holding TEMPLATE_DATABASE. Read-only: copy it. */
  dataDir: string;
  hash: string;
  cacheHit: boolean;
}

/**
 * The cached template data directory for these fixtures, PostgreSQL version
 * and credentials; built (initdb, schema, seed) on first use. Concurrent
 * builders each build privately and publish with one rename: the first wins,
 * the others discard theirs, so readers never see a half-built entry.
 */
export async function ensureTemplate(options: TemplateOptions): Promise<Template> {
  const [schema, seed] = await Promise.all([readFixture(options.fixturesDir, "schema.sql"), readFixture(options.fixturesDir, "seed.sql")]);
  const hash = createHash("sha256")
    .update(JSON.stringify({ recipe: RECIPE, version: options.binaries.version, user: options.user, password: options.password, schema, seed }))
    .digest("hex")
    .slice(0, 16);
  const entry = path.join(options.cacheDir, `pg-template-${hash}`);
  const template = { dataDir: path.join(entry, "data"), hash };
  if (await isPublished(entry)) return { ...template, cacheHit: true };
  await build(options, { schema, seed }, entry, hash);
  return { ...template, cacheHit: false };
}

async function readFixture(dir: string, name: string): Promise<string> {
  try {
    return await fs.readFile(path.join(dir, name), "utf8");
  } catch (error) {
    throw new FiredrillError("CONFIG_INVALID", `PostgreSQL fixture ${path.join(dir, name)} cannot be read (${(error as NodeJS.ErrnoException).code}); the fixtures directory needs schema.sql and seed.sql`, { cause: error });
  }
}

async function isPublished(entry: string): Promise<boolean> {
  return fs.access(path.join(entry, "template.json")).then(() => true, () => false);
}

async function build(options: TemplateOptions, sql: { schema: string; seed: string }, entry: string, hash: string): Promise<void> {
  // Built in a temp directory, which the postgres user can reach (a cache under /root it cannot).
  const workDir = await makePrivateDir("firedrill-pg-build-", options.buildDir, options.owner);
  const dataDir = path.join(workDir, "data");
  let stop = async (): Promise<void> => {};
  try {
    await initdb(options, dataDir, workDir);
    const { server, port } = await onFreePort(undefined, async (port) => ({
      port,
      server: await startPgServer({
        binaries: options.binaries,
        owner: options.owner,
        dataDir,
        port,
        runDir: workDir,
        readyTimeoutMs: options.buildTimeoutMs,
        stopTimeoutMs: 5_000,
      }),
    }));
    stop = () => server.stop();
    await seedTemplate({ port, user: options.user, password: options.password }, sql, options.fixturesDir);
    await server.stop();
    const exit = await server.exited;
    if (exit.code !== 0) throw await server.failure("PROCESS_FAILED", `did not shut down cleanly after building the template (code ${exit.code}, signal ${exit.signal})`);
    await publish(dataDir, entry, { hash, version: options.binaries.version, user: options.user, builtAt: new Date().toISOString() });
  } finally {
    await stop();
    await removeDir(workDir);
  }
}

async function initdb(options: TemplateOptions, dataDir: string, workDir: string): Promise<void> {
  const passwordFile = path.join(workDir, "password");
  await fs.writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (options.owner) await fs.chown(passwordFile, options.owner.uid, options.owner.gid);
  const args = [
    `--pgdata=${dataDir}`,
    `--username=${options.user}`,
    `--pwfile=${passwordFile}`,
    "--auth-host=scram-sha-256",
    // The socket lives in the environment's 0700 directory, reachable only by its owner.
    "--auth-local=trust",
    "--encoding=UTF8",
    "--locale=C",
    // 1 MB WAL segments instead of 16 MB: less to copy on every warm start.
    "--wal-segsize=1",
    "--no-sync",
    "--no-instructions",
  ];
  try {
    await run(options.binaries.initdb, args, { ...options.owner, cwd: workDir });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new FiredrillError("PROCESS_FAILED", `initdb for the PostgreSQL template failed (${(error as Error).message.split("\n")[0]}): ${output}`, { cause: error });
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

async function seedTemplate(login: PgLogin, sql: { schema: string; seed: string }, fixturesDir: string): Promise<void> {
  await withClient(login, "postgres", (client) => client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
  await withClient(login, TEMPLATE_DATABASE, async (client) => {
    for (const [name, text] of [["schema.sql", sql.schema], ["seed.sql", sql.seed]] as const) {
      try {
        await client.query(text);
      } catch (error) {
        throw new FiredrillError("CONFIG_INVALID", `PostgreSQL fixture ${path.join(fixturesDir, name)} failed: ${(error as Error).message}; fix the SQL (it runs on an empty database, in order schema.sql then seed.sql)`, { cause: error });
      }
    }
    // Fresh statistics travel with every copy, so the first drill queries plan well.
    await client.query("VACUUM ANALYZE");
  });
  // Marked as a template: anyone may copy it, nobody may drop it by accident.
  await withClient(login, "postgres", (client) => client.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true`));
}

async function publish(dataDir: string, entry: string, meta: Record<string, string>): Promise<void> {
  await fs.mkdir(path.dirname(entry), { recursive: true });
  await sweepStaleStaging(path.dirname(entry));
  const staging = `${entry}.staging-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await fs.mkdir(staging);
    await copyTree(dataDir, path.join(staging, "data"));
    await fs.writeFile(path.join(staging, "template.json"), `${JSON.stringify(meta, null, 2)}\n`);
    await fs.rename(staging, entry);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another process published the same template first; theirs is as good as ours.
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  } finally {
    await removeDir(staging);
  }
}

/** Staging directories of builders that crashed mid-publish. */
async function sweepStaleStaging(cacheDir: string): Promise<void> {
  for (const name of await fs.readdir(cacheDir)) {
    if (!name.includes(".staging-")) continue;
    const stat = await fs.stat(path.join(cacheDir, name)).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_STAGING_MS) await removeDir(path.join(cacheDir, name));
  }
}
