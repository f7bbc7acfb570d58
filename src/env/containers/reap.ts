import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isAlive } from "../processes.ts";
import { docker } from "./docker-cli.ts";
import { LABEL } from "./labels.ts";

/** Written before an environment's first container is created: tells `gc` and `env down` it has containers to reap. */
export function containersMarker(state: { dir: string }): string {
  return path.join(state.dir, "containers.json");
}

/**
 * Can there be an engine to ask? Without DOCKER_HOST and without the default
 * socket there is none, and `gc` must not pay for (or fail on) a docker call
 * on machines that only use the local backend.
 */
export function engineConfigured(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync("/var/run/docker.sock");
}

interface Listed {
  id: string;
  labels: Record<string, string>;
}

async function listWith(label: string): Promise<Listed[]> {
  const lines = await docker(["ps", "-a", "--no-trunc", "--filter", `label=${label}`, "--format", "{{.ID}}\t{{.Labels}}"]);
  return lines
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id = "", labels = ""] = line.split("\t");
      // {{.Labels}} is k=v,k=v; firedrill's values never hold a comma (names and paths are validated).
      return { id, labels: Object.fromEntries(labels.split(",").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])) };
    });
}

async function remove(ids: string[]): Promise<string[]> {
  if (ids.length > 0) await docker(["rm", "--force", "--volumes", ...ids]);
  return ids;
}

/** Removes every container of the environment whose directory is `stateDir` (running or not); returns their ids. */
export async function reapContainers(stateDir: string): Promise<string[]> {
  const found = await listWith(`${LABEL.stateDir}=${stateDir}`);
  return remove(found.map((container) => container.id));
}

/**
 * Containers no environment can own any more: those of this machine whose
 * environment directory is gone (its state was removed by hand, or by a gc
 * that could not reach the engine), and seeding builders whose process died.
 * Grouped by environment name.
 */
export async function reapOrphanContainers(): Promise<Map<string, string[]>> {
  const orphans = new Map<string, string[]>();
  const add = (name: string, id: string) => orphans.set(name, [...(orphans.get(name) ?? []), id]);
  for (const container of await listWith(LABEL.stateDir)) {
    const { [LABEL.host]: host, [LABEL.stateDir]: dir, [LABEL.env]: name = "?" } = container.labels;
    if (host === os.hostname() && dir !== undefined && !existsSync(dir)) add(name, container.id);
  }
  for (const container of await listWith(LABEL.build)) {
    // The seeded image carries its builder's label; an environment's container from it is not a builder.
    if (container.labels[LABEL.env] !== undefined || container.labels[LABEL.host] !== os.hostname()) continue;
    if (!isAlive(Number(container.labels[LABEL.build]))) add("(postgres seeding)", container.id);
  }
  for (const ids of orphans.values()) await remove(ids);
  return orphans;
}
