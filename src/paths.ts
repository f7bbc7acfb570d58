import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * firedrill's own directory (where its package.json is), found by walking up
 * from this module. Works the same from the TypeScript sources and from the
 * bundle bin/firedrill.js runs (which lives elsewhere in the tree).
 */
export function projectRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "firedrill") return (root = dir);
    } catch {
      // No package.json here; keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`firedrill: cannot find firedrill's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A path inside firedrill's directory: `projectPath("fixtures", "portal")`. */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
