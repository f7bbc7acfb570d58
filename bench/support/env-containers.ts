/** The containers backend's share of the environment bench: its processes, and what a down leaves. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { EnvironmentDescriptor } from "../../src/env/descriptor.ts";
import { cpuSeconds, type ProcessKind, type ProcessMemory, pssKb, statusKb } from "./env-measure.ts";

const docker = (args: string[]) => execFileSync("docker", args, { encoding: "utf8", timeout: 30_000 }).trim();

export function dockerReachable(): boolean {
  try {
    docker(["info", "--format", "{{.ServerVersion}}"]);
    return true;
  } catch {
    return false;
  }
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
};
const comm = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
};

/**
 * The host processes a containers environment costs besides its supervisor:
 * everything inside its containers (`docker top`: servers, mocks, Toxiproxy),
 * each container's containerd shim, and the docker-proxy relaying each
 * published port.
 */
export function containerProcesses(descriptor: EnvironmentDescriptor): ProcessMemory[] {
  const containers: [string | undefined, ProcessKind][] = [
    [descriptor.services.redis.containerId, "redis"],
    [descriptor.services.postgres.containerId, "postgres"],
    [descriptor.mocks.containerId, "other"],
    [descriptor.proxy.containerId, "other"],
  ];
  const ids = containers.flatMap(([id]) => (id === undefined ? [] : [id]));
  const pids = new Map<number, ProcessKind>();
  for (const [id, kind] of containers) {
    if (id === undefined) continue;
    for (const line of docker(["top", id, "-eo", "pid"]).split("\n").slice(1)) pids.set(Number(line.trim()), kind);
  }
  const ports = [descriptor.services.redis, descriptor.services.postgres].filter((service) => service.containerId).map((service) => `-host-port ${service.directPort} `);
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const pid = Number(entry);
    const line = `${commandLine(pid)} `;
    if ((line.includes("docker-proxy") && ports.some((port) => line.includes(port))) || (line.includes("containerd-shim") && ids.some((id) => line.includes(id)))) pids.set(pid, "other");
  }
  return [...pids].flatMap(([pid, kind]) => {
    const rssKb = statusKb(pid, "VmRSS");
    return rssKb === undefined ? [] : [{ pid, kind, comm: comm(pid), rssKb, pssKb: pssKb(pid) ?? 0, cpuSeconds: cpuSeconds(pid) }];
  });
}

/** Containers still labelled with the environment's directory (none after a clean down). */
export function containersLeft(stateDir: string): string[] {
  return docker(["ps", "-aq", "--filter", `label=firedrill.state-dir=${stateDir}`]).split("\n").filter(Boolean);
}
