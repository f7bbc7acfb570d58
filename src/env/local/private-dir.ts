import { accessSync, constants, statfsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FiredrillError } from "../../errors.ts";

export interface Owner {
  uid: number;
  gid: number;
}

const TMPFS = "/dev/shm";
const TMPFS_MIN_FREE_BYTES = 1024 ** 3;

/**
 * Where private directories go unless the caller chooses: $TMPDIR when set,
 * else /dev/shm when it is a writable tmpfs with at least 1 GiB free, else the
 * OS temp directory. Why memory first: a warm PostgreSQL start copies ~40 MB of
 * template, which took ~1 s on this project's throttled VM disk and ~60 ms on
 * tmpfs, and every byte of it is thrown away after the drill.
 */
export function defaultBaseDirSync(): string {
  if (process.env.TMPDIR) return os.tmpdir();
  try {
    accessSync(TMPFS, constants.W_OK);
    const { bavail, bsize } = statfsSync(TMPFS);
    if (bavail * bsize >= TMPFS_MIN_FREE_BYTES) return TMPFS;
  } catch {
    // No usable /dev/shm (macOS, some containers).
  }
  return os.tmpdir();
}

export async function defaultBaseDir(): Promise<string> {
  return defaultBaseDirSync();
}

/**
 * A fresh 0700 directory under `baseDir` (default: defaultBaseDir()) for one
 * server's data and log. `owner` hands it to the user the server runs as.
 */
export async function makePrivateDir(prefix: string, baseDir?: string, owner?: Owner): Promise<string> {
  baseDir ??= await defaultBaseDir();
  let dir: string;
  try {
    await fs.mkdir(baseDir, { recursive: true });
    dir = await fs.mkdtemp(path.join(baseDir, prefix));
  } catch (error) {
    throw new FiredrillError(
      "CONFIG_INVALID",
      `cannot create a private directory in ${baseDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; make it writable or point TMPDIR at a writable directory`,
      { cause: error },
    );
  }
  if (owner) await fs.chown(dir, owner.uid, owner.gid);
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
