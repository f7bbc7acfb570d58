import { appendFile, chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EnvironmentDescriptor } from "./descriptor.ts";

/**
 * Commands the runbook names, mapped onto the environment: `redis-cli` talks
 * to the environment's Redis (through its proxy, as the portal does) unless
 * the caller gives -h/-u/-p themselves.
 */
const REDIS_CLI = `#!/bin/sh
# firedrill: redis-cli pointed at $REDIS_URL (the environment's Redis, through its fault proxy).
real=$(PATH=$(printf %s "$PATH" | sed "s|$(dirname "$0"):||") command -v redis-cli)
for arg in "$@"; do
  case "$arg" in -h|-u|-p|--url) exec "$real" "$@";; esac
done
exec "$real" -u "$REDIS_URL" "$@"
`;

/** Writes the wrappers into `<stateDir>/bin` and returns that directory. */
async function writeWrappers(descriptor: EnvironmentDescriptor): Promise<string> {
  const dir = path.join(descriptor.stateDir, "bin");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "redis-cli");
  await writeFile(file, REDIS_CLI);
  await chmod(file, 0o755);
  return dir;
}

/**
 * The environment's shell history: bash appends each interactive command
 * (with a `#<epoch seconds>` line before it), `env shell -c` appends its
 * command, so a live drill can see which diagnosis a responder ran, and when.
 */
export function shellHistoryPath(descriptor: EnvironmentDescriptor): string {
  return path.join(descriptor.stateDir, "shell-history");
}

/** Records one command as bash's timestamped history does (for `env shell -c`). */
export async function appendShellHistory(descriptor: EnvironmentDescriptor, command: string, at: Date = new Date()): Promise<void> {
  await appendFile(shellHistoryPath(descriptor), `#${Math.floor(at.getTime() / 1000)}\n${command.replace(/\n/g, " ")}\n`);
}

/** The variables of an `env shell`: the descriptor's env, wrappers first on PATH, a prompt naming the environment, history kept per environment. */
export async function shellEnvironment(descriptor: EnvironmentDescriptor, base: NodeJS.ProcessEnv = process.env): Promise<NodeJS.ProcessEnv> {
  const bin = await writeWrappers(descriptor);
  return {
    ...base,
    ...descriptor.env,
    PATH: `${bin}${path.delimiter}${base.PATH ?? ""}`,
    PS1: `(firedrill:${descriptor.name}) \\w \\$ `,
    HISTFILE: shellHistoryPath(descriptor),
    HISTTIMEFORMAT: "%F %T ",
    PROMPT_COMMAND: "history -a",
  };
}
