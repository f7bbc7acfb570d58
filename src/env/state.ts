import fs from "node:fs/promises";
import path from "node:path";
import { FiredrillError } from "../errors.ts";
import type { EnvironmentDescriptor } from "./descriptor.ts";
import { defaultBaseDirSync } from "./local/private-dir.ts";
import { startTime } from "./processes.ts";

/**
 * Where environments keep their state: `$FIREDRILL_STATE_DIR`, else
 * `firedrill-<uid>` under $TMPDIR, /dev/shm or the OS temp directory (see
 * defaultBaseDirSync: a warm PostgreSQL start copies ~40 MB, fast on tmpfs,
 * slow on a throttled disk). A temporary root on purpose: the servers' private
 * directories live inside each environment's directory (so `gc` can find
 * whatever a crash left by path), PostgreSQL runs as another user when we are
 * root and must be able to reach them, and nothing here should outlive a reboot.
 */
export function stateRoot(): string {
  return process.env.FIREDRILL_STATE_DIR ?? path.join(defaultBaseDirSync(), `firedrill-${process.getuid?.() ?? "user"}`);
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function validateName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new FiredrillError(
      "CONFIG_INVALID",
      `environment name "${name}" is not allowed; use 1-40 lowercase letters, digits, "-" or "_", starting with a letter or digit`,
    );
  }
  return name;
}

/** The files of one named environment. */
export class EnvironmentState {
  readonly dir: string;

  constructor(
    readonly name: string,
    root: string = stateRoot(),
  ) {
    this.dir = path.join(root, "envs", validateName(name));
  }

  get descriptorPath(): string {
    return path.join(this.dir, "descriptor.json");
  }
  get pidPath(): string {
    return path.join(this.dir, "supervisor.pid");
  }
  get tokenPath(): string {
    return path.join(this.dir, "control.token");
  }
  get logPath(): string {
    return path.join(this.dir, "supervisor.log");
  }
  /** Parent of the servers' private directories. */
  get runDir(): string {
    return path.join(this.dir, "run");
  }

  /**
   * Claims the name: creates the directory exclusively and records our pid.
   * Returns false when another environment holds it (the caller decides
   * whether that one is alive or a crash to reap).
   */
  async claim(pid: number): Promise<boolean> {
    try {
      await fs.mkdir(path.dirname(this.dir), { recursive: true, mode: 0o755 });
      await fs.mkdir(this.dir, { mode: 0o755 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      const root = path.dirname(path.dirname(this.dir));
      throw new FiredrillError(
        "CONFIG_INVALID",
        `cannot create the environment's directory ${this.dir} (${(error as NodeJS.ErrnoException).code}); make ${root} a writable directory or set FIREDRILL_STATE_DIR to one`,
        { cause: error },
      );
    }
    await fs.mkdir(this.runDir, { mode: 0o755 });
    await fs.writeFile(this.pidPath, `${pid} ${(await startTime(pid)) ?? ""}\n`);
    return true;
  }

  /** The supervisor's pid and start time, as claim() recorded them. */
  async supervisor(): Promise<{ pid: number; startTime: string | undefined } | undefined> {
    const [pidText = "", startText] = (await fs.readFile(this.pidPath, "utf8").catch(() => "")).trim().split(" ");
    const pid = Number.parseInt(pidText, 10);
    return Number.isInteger(pid) && pid > 0 ? { pid, startTime: startText || undefined } : undefined;
  }

  async writeDescriptor(descriptor: EnvironmentDescriptor, token: string): Promise<void> {
    await fs.writeFile(this.tokenPath, token, { mode: 0o600 });
    const temporary = `${this.descriptorPath}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify(descriptor, null, 2)}\n`);
    await fs.rename(temporary, this.descriptorPath);
  }

  async readDescriptor(): Promise<EnvironmentDescriptor | undefined> {
    const text = await fs.readFile(this.descriptorPath, "utf8").catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as EnvironmentDescriptor);
  }

  async readToken(): Promise<string> {
    return fs.readFile(this.tokenPath, "utf8");
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Names of every environment with a state directory, live or not. */
export async function listEnvironmentNames(root: string = stateRoot()): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, "envs")).catch(() => [] as string[]);
  return entries.sort();
}
