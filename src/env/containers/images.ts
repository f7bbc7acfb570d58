import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FiredrillError } from "../../errors.ts";
import { projectPath } from "../../paths.ts";
import { docker, dockerSucceeds } from "./docker-cli.ts";
import { debianMirror } from "./debian-mirror.ts";
import { DEFAULT_FIXTURES_DIR } from "../local/pg-template.ts";
import { IMAGE_SETTINGS } from "./image-settings.ts";

/** Bump when the way an image is made changes, so old images are not reused. */
const RECIPE = 1;
const SUITE = process.env.FIREDRILL_DEBIAN_SUITE ?? "bookworm";
const PACKAGES = ["redis-server", "postgresql-15"];
const PG_BIN = "/usr/lib/postgresql/15/bin";
const ENTRYPOINT = projectPath("src", "env", "containers", "image-files", "postgres-entrypoint.sh");

export interface BuiltImage {
  /** The tag the image settings point at: firedrill/redis:local … */
  tag: string;
  /** The content-addressed tag: firedrill/redis:<hash>. */
  versionTag: string;
  /** False when an image with this recipe existed and was reused. */
  built: boolean;
}

export interface BuildOptions {
  /** Debian mirror for debootstrap; default the machine's apt source (FIREDRILL_DEBIAN_MIRROR overrides). */
  mirror?: string;
  /** Scratch space for the root filesystem (~650 MB); default /var/tmp. */
  workDir?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

const hash = (...parts: unknown[]) => createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 12);
const present = (image: string) => dockerSucceeds(["image", "inspect", "--format", "{{.Id}}", image]);

/**
 * Builds the local images that stand in for redis:7, postgres:16 and
 * node:20 where no registry is reachable: a Debian root filesystem made with
 * debootstrap (redis-server, PostgreSQL 15), imported once as
 * firedrill/base:<hash>, and thin images on top that add each part's command,
 * entrypoint and variables. Idempotent: an image whose recipe hash exists is
 * reused, so a second run takes about a second.
 */
export async function buildImages(options: BuildOptions = {}): Promise<BuiltImage[]> {
  const log = options.log ?? (() => {});
  await docker(["version", "--format", "{{.Server.Version}}"]);
  const baseHash = hash(RECIPE, SUITE, PACKAGES);
  const base = `firedrill/base:${baseHash}`;
  const baseBuilt = !(await present(base));
  if (baseBuilt) await buildBase(base, options, log);
  else log(`reusing ${base}`);
  await docker(["tag", base, "firedrill/base:local"]);
  const entrypoint = await fs.readFile(ENTRYPOINT, "utf8");
  const nodeVersion = process.version;
  const images = [
    { tag: `firedrill/base:local`, versionTag: base, built: baseBuilt },
    await derive(base, "redis", hash(baseHash, RECIPE, "redis"), { changes: ['CMD ["redis-server"]', "EXPOSE 6379"] }, log),
    await derive(
      base,
      "postgres",
      hash(baseHash, RECIPE, "postgres", entrypoint),
      {
        files: [[ENTRYPOINT, "/usr/local/bin/docker-entrypoint.sh"]],
        changes: [
          `ENV PATH=${PG_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
          "ENV PGDATA=/var/lib/postgresql/data",
          'ENTRYPOINT ["docker-entrypoint.sh"]',
          'CMD ["postgres"]',
          "EXPOSE 5432",
        ],
      },
      log,
    ),
    await derive(base, "node", hash(baseHash, RECIPE, "node", nodeVersion), { files: [[await fs.realpath(process.execPath), "/usr/local/bin/node"]], changes: ['CMD ["node"]'] }, log),
  ];
  return [...images, await seed(IMAGE_SETTINGS.postgres.localImage, log)];
}

/** The containers backend's seeded PostgreSQL (fixtures applied, committed), so the first `env up` does not wait for it. */
async function seed(postgresImage: string, log: (line: string) => void): Promise<BuiltImage> {
  const before = await docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", "firedrill/postgres-seeded"]);
  const { ensureSeededImage } = await import("./postgres-container.ts");
  const tag = await ensureSeededImage(postgresImage, DEFAULT_FIXTURES_DIR);
  const built = !before.split("\n").includes(tag);
  log(`${built ? "seeded" : "reusing"} ${tag} (fixtures/portal applied to ${postgresImage})`);
  return { tag, versionTag: tag, built };
}

async function buildBase(tag: string, options: BuildOptions, log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new FiredrillError("MISSING_DEPENDENCY", `images: building ${tag} runs debootstrap, which needs root; run \`sudo firedrill images build\` (or sudo bash scripts/images.sh)`);
  }
  const mirror = options.mirror ?? (await debianMirror(SUITE));
  const scratch = await fs.mkdtemp(path.join(options.workDir ?? "/var/tmp", "firedrill-rootfs-"));
  const root = path.join(scratch, "root");
  try {
    log(`debootstrap ${SUITE} from ${mirror} with ${PACKAGES.join(", ")} (about 40 s)`);
    await runTool("debootstrap", ["--variant=minbase", `--include=${PACKAGES.join(",")}`, SUITE, root, mirror], "apt-get install debootstrap");
    // What an image does not need: apt's caches, documentation, and the cluster Debian's postinst created.
    for (const dir of ["var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale", "var/lib/postgresql/15", "etc/postgresql/15"]) {
      await fs.rm(path.join(root, dir), { recursive: true, force: true });
    }
    log(`docker import as ${tag}`);
    const tar = spawn("tar", ["--numeric-owner", "-C", root, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    await docker(["import", "--change", `LABEL firedrill.image=base`, "-", tag], { input: tar.stdout });
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

interface Layer {
  /** [host path, path in the image] */
  files?: [string, string][];
  /** Dockerfile instructions for `docker commit --change`. */
  changes: string[];
}

/** An image on top of the base: files copied into a created (never started) container, committed with the changes. */
async function derive(base: string, name: keyof typeof IMAGE_SETTINGS, recipeHash: string, layer: Layer, log: (line: string) => void): Promise<BuiltImage> {
  const versionTag = `firedrill/${name}:${recipeHash}`;
  const tag = `firedrill/${name}:local`;
  const built = !(await present(versionTag));
  if (built) {
    log(`building ${versionTag}`);
    const id = await docker(["create", base, "/bin/true"]);
    try {
      for (const [from, to] of layer.files ?? []) await docker(["cp", from, `${id}:${to}`]);
      await docker(["commit", ...layer.changes.flatMap((change) => ["--change", change]), "--change", `LABEL firedrill.image=${name}`, id, versionTag]);
    } finally {
      await docker(["rm", "-f", id]).catch(() => {});
    }
  } else log(`reusing ${versionTag}`);
  await docker(["tag", versionTag, tag]);
  return { tag, versionTag, built };
}

function runTool(command: string, args: string[], install: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new FiredrillError("MISSING_DEPENDENCY", `images: ${command} is not installed; ${install}`) : error),
    );
    child.once("close", (code) => {
      if (code === 0) return resolve();
      const tail = stderr.trim().split("\n").slice(-3).join(" | ");
      reject(new FiredrillError("PROCESS_FAILED", `images: ${command} exited with code ${code}: ${tail}; check the mirror (FIREDRILL_DEBIAN_MIRROR) and the disk space under ${os.tmpdir()}`));
    });
  });
}
