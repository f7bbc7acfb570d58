import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { FiredrillError } from "../errors.ts";

/**
 * Writes `text` to `file` so that a reader sees the old file or the whole new
 * one, never a part: a temporary file beside it (same directory, so same file
 * system), flushed to disk, then renamed over it. The temporary file is
 * removed on failure. Creates the directory. Throws CONFIG_INVALID naming the
 * path (the output directory is where the user pointed it).
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new FiredrillError("CONFIG_INVALID", `report "${file}" could not be written: ${reason}; choose an output directory firedrill can create and write to`, { cause: error });
  }
}
