import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FiredrillError } from "../../errors.ts";

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * A fresh 0700 directory under `baseDir` (default: the OS temp directory) for
 * one server's data and log. `owner` hands it to the user the server runs as.
 */
export async function makePrivateDir(prefix: string, baseDir: string = os.tmpdir(), owner?: Owner): Promise<string> {
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
