import { execFileSync } from "node:child_process";

/** A Docker engine answers here (the containers tests need one; scripts/setup.sh starts it in CI). */
export function dockerReachable(): boolean {
  try {
    execFileSync("docker", ["info", "--format", "{{.ServerVersion}}"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Ids of the containers (running or not) carrying `label` (`key` or `key=value`). */
export function containersLabelled(label: string): string[] {
  return execFileSync("docker", ["ps", "-aq", "--no-trunc", "--filter", `label=${label}`], { encoding: "utf8" }).split("\n").filter(Boolean);
}

export function inspect(containerId: string, format: string): string {
  return execFileSync("docker", ["inspect", "--format", format, containerId], { encoding: "utf8" }).trim();
}

/** The environment directories of every firedrill container on the engine (running or not). */
export function containerStateDirs(): string[] {
  return execFileSync("docker", ["ps", "-a", "--filter", "label=firedrill.state-dir", "--format", '{{.Label "firedrill.state-dir"}}'], { encoding: "utf8" }).split("\n").filter(Boolean);
}
