#!/usr/bin/env node
// firedrill runs from its TypeScript sources with no separate build step: the
// first run after a change bundles src/cli/main.ts with esbuild (tsx's own
// dependency) into node_modules/.cache/firedrill/, and every run imports that
// plain-JS bundle. A manifest lists the bundle's inputs with their sizes and
// mtimes, so only a change to a file the CLI uses triggers a rebuild. Plain JS
// matters for the long-running processes (fault proxy, supervisor, portal): a
// TypeScript loader hook would add a loader thread, ~30 MB and ~250 ms to each.
// If esbuild is unavailable, tsx's loader runs the sources directly.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "src", "cli", "main.ts");
const cacheDir = path.join(root, "node_modules", ".cache", "firedrill");
const manifestPath = path.join(cacheDir, "cli.manifest.json");

const fingerprint = (file) => {
  const stat = statSync(file);
  return `${stat.size}:${stat.mtimeMs}`;
};

function current() {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    for (const [file, print] of Object.entries(manifest.inputs)) if (fingerprint(path.join(root, file)) !== print) return undefined;
    const bundle = path.join(cacheDir, manifest.bundle);
    statSync(bundle);
    return bundle;
  } catch {
    return undefined;
  }
}

async function build() {
  const { build: esbuild } = await import("esbuild");
  mkdirSync(cacheDir, { recursive: true });
  // Several firedrill processes may start at once: each builds its own directory; the manifest's rename is atomic.
  // Code splitting keeps what a command imports on demand (the mocks, the portal) out of every other command's start-up.
  const dir = `cli-${process.pid}-${Date.now()}`;
  const result = await esbuild({
    entryPoints: { main: entry },
    outdir: path.join(cacheDir, dir),
    outExtension: { ".js": ".mjs" },
    splitting: true,
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    metafile: true,
    logLevel: "error",
  });
  const inputs = Object.fromEntries(
    [...Object.keys(result.metafile.inputs), "package.json"].map((file) => [file, fingerprint(path.join(root, file))]),
  );
  const temporary = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ bundle: `${dir}/main.mjs`, inputs }));
  renameSync(temporary, manifestPath);
  removeOldBuilds(dir);
  return path.join(cacheDir, dir, "main.mjs");
}

/** Builds a day old: a long-running firedrill process may still load chunks of a recent one on demand. */
function removeOldBuilds(keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (name !== keep && name.startsWith("cli-") && statSync(file).mtimeMs < dayAgo) rmSync(file, { recursive: true, force: true });
  }
}

let program;
try {
  program = pathToFileURL(current() ?? (await build())).href;
} catch {
  const { register } = await import("tsx/esm/api");
  register();
  program = pathToFileURL(entry).href;
}
await import(program);
