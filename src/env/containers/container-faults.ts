import os from "node:os";
import { docker } from "./docker-cli.ts";

/**
 * Container-level faults, on top of the proxies' network ones: what happens to
 * a server's container rather than to its traffic. Each returns a handle whose
 * revert is idempotent (a fault kind's rollback always runs, maybe twice).
 */
export interface ContainerFault {
  readonly containerId: string;
  readonly kind: "pause" | "kill" | "memory-limit" | "network-disconnect";
  revert(): Promise<void>;
}

function handle(containerId: string, kind: ContainerFault["kind"], undo: () => Promise<void>): ContainerFault {
  let reverting: Promise<void> | undefined;
  return { containerId, kind, revert: () => (reverting ??= undo()) };
}

async function state(containerId: string): Promise<{ status: string; oomKilled: boolean; memory: number }> {
  const [status = "", oomKilled, memory] = (await docker(["inspect", "--format", "{{.State.Status}} {{.State.OOMKilled}} {{.HostConfig.Memory}}", containerId])).split(" ");
  return { status, oomKilled: oomKilled === "true", memory: Number(memory) };
}

/** The cgroup freezer: connections open, nothing answers, as with a hung server. The revert thaws it. */
export async function pauseContainer(containerId: string): Promise<ContainerFault> {
  await docker(["pause", containerId]);
  return handle(containerId, "pause", async () => {
    if ((await state(containerId)).status === "paused") await docker(["unpause", containerId]);
  });
}

/** The server dies at once (default SIGKILL, a crash rather than a shutdown). The revert starts its container again, on the same port. */
export async function killContainer(containerId: string, signal = "SIGKILL"): Promise<ContainerFault> {
  await docker(["kill", "--signal", signal, containerId]);
  return handle(containerId, "kill", async () => {
    if ((await state(containerId)).status !== "running") await docker(["start", containerId]);
  });
}

/**
 * A memory limit (no swap beyond it): once the server's memory grows past it,
 * the kernel's OOM killer ends it and `oomKilled` says so. The revert lifts the
 * limit and starts the container again if it was killed.
 */
export async function limitMemory(containerId: string, bytes: number): Promise<ContainerFault> {
  const before = (await state(containerId)).memory;
  await docker(["update", "--memory", String(bytes), "--memory-swap", String(bytes), containerId]);
  return handle(containerId, "memory-limit", async () => {
    // Docker cannot set "no limit" again: the machine's memory is the same in effect.
    const limit = before > 0 ? before : os.totalmem();
    await docker(["update", "--memory", String(limit), "--memory-swap", "-1", containerId]);
    if ((await state(containerId)).status !== "running") await docker(["start", containerId]);
  });
}

/** Whether the kernel's OOM killer ended the container's main process. */
export async function oomKilled(containerId: string): Promise<boolean> {
  return (await state(containerId)).oomKilled;
}

/** Off its network: its published port refuses to relay, its peers cannot reach it. The revert connects it again (the port comes back). */
export async function disconnectNetwork(containerId: string, network = "bridge"): Promise<ContainerFault> {
  await docker(["network", "disconnect", network, containerId]);
  return handle(containerId, "network-disconnect", async () => {
    const networks = await docker(["inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}", containerId]);
    if (!networks.split(" ").includes(network)) await docker(["network", "connect", network, containerId]);
  });
}
