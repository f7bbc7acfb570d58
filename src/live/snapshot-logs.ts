import { createHash, type Hash } from "node:crypto";
import { type FileHandle, open } from "node:fs/promises";
import type { LogSnapshot } from "./snapshot.ts";

const CHUNK_BYTES = 1 << 20;
const HEAD_MAX_BYTES = 4_096;

const digest = (hash: Hash) => hash.copy().digest("hex");

async function firstLineHash(handle: FileHandle, size: number): Promise<string | undefined> {
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(Math.min(size, HEAD_MAX_BYTES)), 0, Math.min(size, HEAD_MAX_BYTES), 0);
  const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
  return newline < 0 ? undefined : createHash("sha1").update(buffer.subarray(0, newline + 1)).digest("hex");
}

/**
 * One log file: its inode and size, the hash of its content, and the hash of
 * its first `previous.size` bytes (read in the same pass), so that a change to
 * what was already written is told from lines appended since.
 */
export async function snapshotLog(file: string, previous: LogSnapshot | undefined): Promise<LogSnapshot> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { state: "absent" } : { state: "unknown", reason: (error as Error).message };
  }
  try {
    const { ino, size } = await handle.stat();
    const prefixSize = previous?.state === "present" && previous.size <= size ? previous.size : undefined;
    const hash = createHash("sha1");
    const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(size, 1)));
    let prefix: { size: number; hash: string } | undefined;
    const head = await firstLineHash(handle, size);
    let position = 0;
    for (;;) {
      if (position === prefixSize) prefix = { size: prefixSize, hash: digest(hash) };
      if (position >= size) break;
      // A chunk ends where the previous poll's content ended, so that its hash is taken there.
      const end = prefixSize !== undefined && position < prefixSize ? prefixSize : size;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
      // Shortened while being read: the next poll sees what it became.
      if (bytesRead === 0) return { state: "unknown", reason: `${file} changed size while it was read` };
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    return { state: "present", ino, size, hash: hash.digest("hex"), head, prefix };
  } catch (error) {
    return { state: "unknown", reason: (error as Error).message };
  } finally {
    await handle.close();
  }
}
