import fs from "node:fs/promises";
import path from "node:path";
import type { Owner } from "./private-dir.ts";

const PARALLEL_COPIES = 16;

/**
 * Copies the directory `source` to `target` (which must not exist), keeping
 * file modes and symlinks, and hands every entry to `owner` when given.
 *
 * Why not fs.cp: for a PostgreSQL data directory (about 1000 small files)
 * fs.cp takes ~600 ms on Node 20; copying files in parallel takes ~150 ms,
 * and a warm start is mostly this copy.
 */
export async function copyTree(source: string, target: string, owner?: Owner): Promise<void> {
  const entries = await fs.readdir(source, { recursive: true, withFileTypes: true });
  const relative = (entry: (typeof entries)[number]): string => path.relative(source, path.join(entry.parentPath, entry.name));
  // Parents before children: sorting by path puts "a" before "a/b".
  const dirs = ["", ...entries.filter((entry) => entry.isDirectory()).map(relative).sort()];
  const files = entries.filter((entry) => entry.isFile()).map(relative);
  const links = entries.filter((entry) => entry.isSymbolicLink()).map(relative);

  for (const dir of dirs) {
    const { mode } = await fs.stat(path.join(source, dir));
    await fs.mkdir(path.join(target, dir), { mode: mode & 0o7777 });
    // mkdir's mode is filtered by the umask; the copy must keep 0700 exactly.
    await fs.chmod(path.join(target, dir), mode & 0o7777);
  }
  let next = 0;
  const copyNext = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as string;
      // copyFile keeps the mode bits of the source.
      await fs.copyFile(path.join(source, file), path.join(target, file));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_COPIES }, copyNext));
  for (const link of links) {
    await fs.symlink(await fs.readlink(path.join(source, link)), path.join(target, link));
  }
  if (owner) {
    await Promise.all([...dirs, ...files, ...links].map((entry) => fs.lchown(path.join(target, entry), owner.uid, owner.gid)));
  }
}
