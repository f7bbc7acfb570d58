import path from "node:path";
import { ControlClient } from "../env/control/client.ts";
import type { EnvironmentDescriptor, PartName } from "../env/descriptor.ts";

/**
 * What stops and starts an environment's parts. The default goes through the
 * supervisor's control API (any environment, in this process or detached);
 * an in-process caller holding the backend may pass its own.
 */
export interface Operator {
  stopPart(part: PartName): Promise<void>;
  startPart(part: PartName): Promise<void>;
  /** Restarts a part; for the portal, `set` changes its variables first (`env restart portal --set K=V`). */
  restartPart(part: PartName, set?: Record<string, string>): Promise<void>;
}

/** The supervisor's control API for the environment the descriptor describes. */
export function controlOperator(descriptor: EnvironmentDescriptor): Operator {
  // stateDir is <root>/envs/<name> (EnvironmentState).
  const root = path.dirname(path.dirname(descriptor.stateDir));
  const client = () => ControlClient.connect(descriptor.name, root);
  return {
    stopPart: async (part) => void (await (await client()).part(part, "stop")),
    startPart: async (part) => void (await (await client()).part(part, "start")),
    restartPart: async (part, set = {}) => void (await (await client()).part(part, "restart", set)),
  };
}
