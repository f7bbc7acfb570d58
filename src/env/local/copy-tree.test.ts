import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyTree } from "./copy-tree.ts";

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "firedrill-copy-test-"));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function mode(file: string): Promise<string> {
  return ((await fs.lstat(file)).mode & 0o7777).toString(8);
}

describe("copyTree", () => {
  it("copies nested files, modes and symlinks", async () => {
    const source = path.join(root, "source");
    await fs.mkdir(path.join(source, "base", "1"), { recursive: true, mode: 0o700 });
    await fs.chmod(source, 0o700);
    await fs.writeFile(path.join(source, "PG_VERSION"), "18\n", { mode: 0o600 });
    await fs.writeFile(path.join(source, "base", "1", "1259"), Buffer.alloc(8192, 7), { mode: 0o640 });
    await fs.symlink("base/1", path.join(source, "link"));

    const target = path.join(root, "target");
    await copyTree(source, target);

    expect(await fs.readFile(path.join(target, "PG_VERSION"), "utf8")).toBe("18\n");
    expect(await fs.readFile(path.join(target, "base", "1", "1259"))).toEqual(Buffer.alloc(8192, 7));
    expect(await fs.readlink(path.join(target, "link"))).toBe("base/1");
    expect(await mode(target)).toBe("700");
    expect(await mode(path.join(target, "base"))).toBe("700");
    expect(await mode(path.join(target, "PG_VERSION"))).toBe("600");
    expect(await mode(path.join(target, "base", "1", "1259"))).toBe("640");
  });

  it("refuses to copy over an existing directory", async () => {
    await fs.mkdir(path.join(root, "source"));
    await fs.mkdir(path.join(root, "target"));
    await expect(copyTree(path.join(root, "source"), path.join(root, "target"))).rejects.toMatchObject({ code: "EEXIST" });
  });
});
