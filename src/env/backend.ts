import type { EnvironmentDescriptor, PartName } from "./descriptor.ts";
import type { EnvironmentState } from "./state.ts";

/** What a backend contributes to the descriptor; the supervisor adds name, pids, control. */
export type BackendDescriptor = Pick<EnvironmentDescriptor, "backend" | "proxy" | "services" | "mocks" | "target" | "env">;

export interface UpOptions {
  name: string;
  /** The environment's directory: every private directory and process of the environment lives under `state.runDir`. */
  state: EnvironmentState;
}

/** A running environment. "Not started" (the backend) and "started" (this) are different types. */
export interface Environment extends AsyncDisposable {
  readonly descriptor: BackendDescriptor;
  /** Operator actions on one part: what `systemctl stop|start|restart <service>` is in production. */
  stopPart(part: PartName): Promise<void>;
  startPart(part: PartName): Promise<void>;
  /** `set`: variables to change on the way (only the portal takes them). */
  restartPart(part: PartName, set?: Record<string, string>): Promise<void>;
  /** Stops everything it started; idempotent. */
  down(): Promise<void>;
}

export interface EnvironmentBackend {
  readonly name: EnvironmentDescriptor["backend"];
  up(options: UpOptions): Promise<Environment>;
}
