#!/usr/bin/env node
// firedrill runs from its TypeScript sources with no separate build step: the
// first run after a change bundles src/ with esbuild (tsx's own dependency)
// into node_modules/.cache/firedrill/, keyed by the sources' sizes and mtimes,
// and every run imports that plain-JS bundle. Plain JS matters for the
// long-running processes (fault proxy, supervisor): a TypeScript loader hook
// would add a loader thread and ~30 MB to each. If esbuild is unavailable,
// tsx's loader runs the sources directly.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "src", "cli", "main.ts");

function sourceKey() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const stat = statSync(file);
      if (stat.isDirectory()) walk(file);
      else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  walk(path.join(root, "src"));
  hash.update(statSync(path.join(root, "package.json")).mtimeMs.toString());
  return hash.digest("hex").slice(0, 16);
}

async function bundle() {
  const cacheDir = path.join(root, "node_modules", ".cache", "firedrill");
  const outfile = path.join(cacheDir, `cli-${sourceKey()}.mjs`);
  try {
    statSync(outfile);
    return outfile;
  } catch {
    // Not built for these sources yet.
  }
  const { build } = await import("esbuild");
  mkdirSync(cacheDir, { recursive: true });
  // Several firedrill processes may start at once: each builds privately, the rename is atomic.
  const temporary = `${outfile}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [entry],
    outfile: temporary,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    logLevel: "error",
  });
  renameSync(temporary, outfile);
  return outfile;
}

let program;
try {
  program = pathToFileURL(await bundle()).href;
} catch {
  const { register } = await import("tsx/esm/api");
  register();
  program = pathToFileURL(entry).href;
}
await import(program);
