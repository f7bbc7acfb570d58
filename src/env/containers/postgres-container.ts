import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FiredrillError } from "../../errors.ts";
import { projectPath } from "../../paths.ts";
import { postgresSelectOne } from "../health.ts";
import type { PostgresPart } from "../local/parts.ts";
import { DEFAULT_FIXTURES_DIR, TEMPLATE_DATABASE } from "../local/pg-template.ts";
import { LOOPBACK } from "../ports.ts";
import { type ContainerPart, startContainerPart } from "./container-part.ts";
import { LABEL } from "./labels.ts";
import { runtimeClient, testcontainers } from "./runtime.ts";

/** Bump when the way the seeded image is made changes. */
const RECIPE = 1;
const LOGIN = { user: "postgres", password: "firedrill" };
const DATABASE = "portal";
/** Not the image's declared volume (/var/lib/postgresql/data): a commit keeps what is here. */
const PGDATA = "/var/lib/firedrill/pgdata";
const TEMPLATE_SQL = projectPath("src", "env", "containers", "image-files", "portal-template.sql");
// What the local backend's initdb does (src/env/local/pg-template.ts): less to copy, same collation.
const INITDB_ARGS = "--encoding=UTF8 --locale=C --wal-segsize=1";
// As the local backend: a drill database is thrown away afterwards, durability buys nothing.
const EPHEMERAL = ["-c", "fsync=off", "-c", "full_page_writes=off"];

export interface PostgresContainerOptions {
  /** postgres:16 or the local firedrill/postgres image (same entrypoint conventions). */
  image: string;
  labels: Record<string, string>;
  /** Holds schema.sql and seed.sql. Default: fixtures/portal. */
  fixturesDir?: string;
}

/**
 * PostgreSQL in a container from a seeded image: `portal_template` built from
 * the fixtures, as the local backend's cached template, and `portal` copied
 * from it. The seeded image is made once per base image and fixtures (the
 * image's own entrypoint runs the fixtures on first start; the result is
 * committed), so a warm start is a plain container start.
 */
export async function postgresContainer(options: PostgresContainerOptions): Promise<PostgresPart & ContainerPart> {
  const seeded = await ensureSeededImage(options.image, options.fixturesDir ?? DEFAULT_FIXTURES_DIR);
  const part = await startContainerPart({
    name: "postgres",
    image: seeded,
    containerPort: 5432,
    command: ["postgres", ...EPHEMERAL],
    labels: options.labels,
    stopSignal: "SIGINT",
    readyLog: /database system is ready to accept connections/,
    answers: (port) => postgresSelectOne(urlOn(port)),
  });
  return Object.defineProperties(part, {
    url: { value: urlOn(part.port), enumerable: true },
    database: { value: DATABASE, enumerable: true },
    templateDatabase: { value: TEMPLATE_DATABASE, enumerable: true },
    user: { value: LOGIN.user, enumerable: true },
    password: { value: LOGIN.password, enumerable: true },
    urlVia: { value: urlOn },
  }) as PostgresPart & ContainerPart;
}

function urlOn(port: number, database = DATABASE): string {
  return `postgres://${LOGIN.user}:${LOGIN.password}@${LOOPBACK}:${port}/${database}`;
}

/** `firedrill/postgres-seeded:<hash>` for this base image and these fixtures; built when absent. */
export async function ensureSeededImage(baseImage: string, fixturesDir: string): Promise<string> {
  const client = await runtimeClient();
  const { ImageName } = await testcontainers();
  const read = (file: string) =>
    fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new FiredrillError("CONFIG_INVALID", `PostgreSQL fixture ${file} cannot be read (${error.code}); the fixtures directory needs schema.sql and seed.sql`, { cause: error });
    });
  const [schema, seed, template] = await Promise.all([read(path.join(fixturesDir, "schema.sql")), read(path.join(fixturesDir, "seed.sql")), read(TEMPLATE_SQL)]);
  const baseId = await client.image
    .inspect(ImageName.fromString(baseImage))
    .then((info) => info.Id)
    // Not here yet: the build below pulls it (or says how to get it); the tag then names what it was built from.
    .catch(() => baseImage);
  const hash = createHash("sha256").update(JSON.stringify({ recipe: RECIPE, baseId, schema, seed, template, LOGIN, INITDB_ARGS })).digest("hex").slice(0, 12);
  const tag = `firedrill/postgres-seeded:${hash}`;
  if (await client.image.exists(ImageName.fromString(tag))) return tag;
  await buildSeeded(baseImage, tag, [
    [schema, "/docker-entrypoint-initdb.d/10-schema.sql"],
    [seed, "/docker-entrypoint-initdb.d/20-seed.sql"],
    [template, "/docker-entrypoint-initdb.d/90-template.sql"],
  ]);
  return tag;
}

/**
 * A fast shutdown (SIGINT), waited for: the committed data directory must be
 * cleanly shut down. Repeated, because the log line we waited for is printed
 * by the entrypoint script just before it execs postgres, and a shell that is
 * PID 1 ignores the signal.
 */
async function shutDownCleanly(container: { kill(options: object): Promise<unknown>; inspect(): Promise<{ State: { Running: boolean; ExitCode: number } }> }): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    await container.kill({ signal: "SIGINT" }).catch(() => {});
    await sleep(250);
    const { State } = await container.inspect();
    if (!State.Running) {
      if (State.ExitCode !== 0) throw new FiredrillError("PROCESS_FAILED", `postgres: the seeding container exited with code ${State.ExitCode} on shutdown; its data directory is not clean`);
      return;
    }
  }
  throw new FiredrillError("TIMEOUT", "postgres: the seeding container did not shut down 15000ms after SIGINT");
}

async function buildSeeded(baseImage: string, tag: string, files: [string, string][]): Promise<void> {
  const { GenericContainer, Wait } = await testcontainers();
  const client = await runtimeClient();
  let builder;
  try {
    builder = await new GenericContainer(baseImage)
      .withEnvironment({ POSTGRES_USER: LOGIN.user, POSTGRES_PASSWORD: LOGIN.password, POSTGRES_DB: TEMPLATE_DATABASE, POSTGRES_INITDB_ARGS: INITDB_ARGS, PGDATA })
      // Its pid: `gc` removes a builder whose process is gone (a build interrupted by kill -9).
      .withLabels({ [LABEL.build]: String(process.pid), [LABEL.host]: os.hostname() })
      .withAutoCleanup(false)
      .withCopyContentToContainer(files.map(([content, target]) => ({ content, target })))
      .withWaitStrategy(Wait.forLogMessage(/PostgreSQL init process complete/))
      .withStartupTimeout(120_000)
      .start();
  } catch (error) {
    throw new FiredrillError(
      "PROCESS_FAILED",
      `postgres: seeding ${baseImage} from the fixtures failed: ${(error as Error).message.split("\n").slice(0, 3).join(" ")}; fix the SQL, or build local images with \`firedrill images build\``,
      { cause: error },
    );
  }
  const container = client.container.getById(builder.getId());
  try {
    await shutDownCleanly(container);
    await client.container.commit(container, { repo: tag.split(":")[0]!, tag: tag.split(":")[1]! } as never);
  } finally {
    await container.remove({ force: true, v: true }).catch(() => {});
  }
}
