import { chmod, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import type { EnvironmentDescriptor } from "../../src/env/descriptor.ts";
import { collectGarbage } from "../../src/env/gc.ts";
import { defaultBaseDirSync } from "../../src/env/local/private-dir.ts";
import { type CliResult, runCli } from "./cli.ts";

/** A private state root per test file, so parallel test files never see each other's environments. */
export async function privateStateRoot(): Promise<{ root: string; env: NodeJS.ProcessEnv; cleanup(): Promise<void> }> {
  const root = await mkdtemp(path.join(defaultBaseDirSync(), "firedrill-test-state-"));
  // PostgreSQL runs as the postgres user when the tests run as root: it must reach its directory below.
  await chmod(root, 0o755);
  return {
    root,
    env: { FIREDRILL_STATE_DIR: root },
    cleanup: async () => {
      // Live ones too: a test that failed half-way may have left an environment up.
      await collectGarbage(root, { force: true });
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function envUp(stateEnv: NodeJS.ProcessEnv, name: string, extra: string[] = []): Promise<EnvironmentDescriptor> {
  const result = await runCli(["env", "up", "--detach", "--json", "--name", name, ...extra], { env: stateEnv, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`env up ${name} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as EnvironmentDescriptor;
}

export function envCli(stateEnv: NodeJS.ProcessEnv, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { env: { ...stateEnv, ...extraEnv }, timeoutMs: 60_000 });
}
