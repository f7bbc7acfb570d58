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

/**
 * The containers tests never skip: without an engine they fail, naming the fix
 * (CI's scripts/setup.sh installs docker.io, starts dockerd and builds the images).
 */
export function requireDocker(): true {
  if (!dockerReachable()) throw new Error("no Docker engine answers: run `bash scripts/setup.sh` (installs docker.io and docker-compose, starts dockerd, builds the images)");
  return true;
}

/**
 * The compose stack publishes fixed ports: wait (bounded) while another test
 * file's stack still holds them, then fail naming the port.
 */
export async function waitForFreePorts(ports: readonly number[], timeoutMs = 300_000): Promise<void> {
  const net = await import("node:net");
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer().once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const busy: number[] = [];
    for (const port of ports) if (!(await free(port))) busy.push(port);
    if (busy.length === 0) return;
    if (Date.now() > deadline) throw new Error(`ports ${busy.join(", ")} stayed taken for ${timeoutMs / 1000}s: another compose stack (docker-compose ls) holds them`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
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
