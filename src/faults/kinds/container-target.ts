import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { FiredrillError } from "../../errors.ts";
import { targetOf } from "../target.ts";

export const CONTAINER_TARGETS = ["redis", "postgres"] as const;
export type ContainerTarget = (typeof CONTAINER_TARGETS)[number];

/**
 * The drill's target and its container: the containers backend and a
 * docker-compose environment run Redis and PostgreSQL in containers, the
 * local backend as processes, where a container fault has nothing to act on.
 */
export function containerOf(kind: string, descriptor: EnvironmentDescriptor, target: string | undefined): { target: ContainerTarget; containerId: string } {
  const part = targetOf(kind, target, CONTAINER_TARGETS);
  const containerId = descriptor.services[part].containerId;
  if (containerId === undefined) {
    throw new FiredrillError(
      "CONFIG_INVALID",
      `fault "${kind}": environment "${descriptor.name}" (${descriptor.backend} backend) runs ${part} as a process, not in a container; this kind needs --backend containers (or --compose <file>)`,
    );
  }
  return { target: part, containerId };
}
