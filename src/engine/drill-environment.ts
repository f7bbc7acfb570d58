import { ControlClient } from "../env/control/client.ts";
import type { EnvironmentDescriptor, PartName } from "../env/descriptor.ts";
import type { Supervised } from "../env/supervisor.ts";
import { controlOperator, type Operator } from "../faults/operator.ts";

/**
 * An environment drills run in: its descriptor as it is now, an operator
 * for its parts, and the target variables each drill starts from.
 */
export interface DrillEnvironment {
  descriptor(): EnvironmentDescriptor;
  readonly operator: Operator;
  /** The target's overrides when the engine got the environment: every drill starts from these, and the session ends on them. */
  readonly baseOverrides: Readonly<Record<string, string>>;
  /** The environment's variables as they were then (the wiring, with those overrides): what a variable a drill changed goes back to. */
  readonly baseVariables: Readonly<Record<string, string>>;
}

/** An environment this process supervises: its descriptor is always current. */
export function supervisedEnvironment(supervised: Supervised): DrillEnvironment {
  return {
    descriptor: () => supervised.descriptor,
    operator: controlOperator(supervised.descriptor),
    baseOverrides: { ...(supervised.descriptor.target?.overrides ?? {}) },
    baseVariables: { ...supervised.descriptor.env },
  };
}

/** An environment another process supervises (`firedrill env up --detach`): the descriptor is re-read after each change. */
export async function attachedEnvironment(name: string, root?: string): Promise<DrillEnvironment> {
  const client = await ControlClient.connect(name, root);
  const read = async () => ((await client.status()) as { descriptor: EnvironmentDescriptor }).descriptor;
  let current = await read();
  const refreshAfter =
    (change: (part: PartName, set?: Record<string, string>) => Promise<unknown>) =>
    async (part: PartName, set?: Record<string, string>): Promise<void> => {
      try {
        await change(part, set);
      } finally {
        current = await read();
      }
    };
  return {
    descriptor: () => current,
    operator: {
      stopPart: refreshAfter((part) => client.part(part, "stop")),
      startPart: refreshAfter((part) => client.part(part, "start")),
      restartPart: refreshAfter((part, set) => client.part(part, "restart", set ?? {})),
    },
    baseOverrides: { ...(current.target?.overrides ?? {}) },
    baseVariables: { ...current.env },
  };
}
