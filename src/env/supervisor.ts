import { FiredrillError } from "../errors.ts";
import type { TargetOptions } from "./assemble.ts";
import type { EnvironmentBackend, Environment } from "./backend.ts";
import { type StartedControlServer, startControlServer } from "./control/server.ts";
import type { BackendName, EnvironmentDescriptor } from "./descriptor.ts";
import { reapEnvironment, supervisorAlive } from "./gc.ts";
import { checkHealth } from "./health.ts";
import { EnvironmentState } from "./state.ts";

export interface SuperviseOptions {
  name: string;
  backend: EnvironmentBackend;
  /** State root; default `stateRoot()`. */
  root?: string;
}

/** What `env up` passes to whichever backend it runs: the fault proxy's port and the target. */
export interface BackendChoiceOptions {
  proxyPort?: number;
  target?: false | TargetOptions;
}

/** The backend `env up --backend` names, loaded on demand (the containers backend brings testcontainers). Default local. */
export async function selectBackend(name: BackendName = "local", options: BackendChoiceOptions = {}): Promise<EnvironmentBackend> {
  if (name === "containers") return (await import("./containers/backend.ts")).containersBackend(options);
  return (await import("./local/backend.ts")).localBackend(options);
}

export interface Supervised extends AsyncDisposable {
  readonly descriptor: EnvironmentDescriptor;
  /** Resolves when someone asked for the environment to go down (`firedrill env down`). */
  readonly downRequested: Promise<void>;
  /** Tears everything down, removes the environment's directory. Idempotent. */
  down(): Promise<void>;
}

async function claimName(state: EnvironmentState): Promise<void> {
  if (await state.claim(process.pid)) return;
  const holder = await supervisorAlive(state);
  if (holder !== undefined) {
    throw new FiredrillError(
      "NAME_IN_USE",
      `environment "${state.name}" is already up (supervisor pid ${holder}); stop it with \`firedrill env down --name ${state.name}\` or choose another --name`,
    );
  }
  // What a crashed run left under this name: reap it, as `firedrill gc` would, and take the name.
  await reapEnvironment(state);
  if (!(await state.claim(process.pid))) {
    throw new FiredrillError("NAME_IN_USE", `environment "${state.name}" was claimed by another process just now; choose another --name`);
  }
}

/**
 * Holds one named environment in this process: claims the name, brings the
 * backend up, serves the control API, writes the descriptor. On any failure
 * everything acquired so far is released before the error propagates.
 */
export async function supervise(options: SuperviseOptions): Promise<Supervised> {
  const state = new EnvironmentState(options.name, options.root);
  await claimName(state);
  let environment: Environment | undefined;
  let control: StartedControlServer | undefined;
  let requestDown!: () => void;
  const downRequested = new Promise<void>((resolve) => (requestDown = resolve));
  let tearingDown: Promise<void> | undefined;
  const down = () => {
    tearingDown ??= (async () => {
      try {
        await environment?.down();
      } finally {
        await control?.close();
        await state.remove();
      }
    })();
    return tearingDown;
  };

  try {
    environment = await options.backend.up({ name: options.name, state });
    const running = environment;
    let descriptor!: EnvironmentDescriptor;
    control = await startControlServer({
      status: async () => ({ descriptor, health: await checkHealth(descriptor) }),
      part: async (part, action, set) => {
        if (action === "stop") await running.stopPart(part);
        else if (action === "start") await running.startPart(part);
        else await running.restartPart(part, set);
        // Pids, the target's overrides (and, for some backends, ports) change when a part starts again.
        const { services, target, env } = running.descriptor;
        descriptor = { ...descriptor, services, ...(target ? { target } : {}), env: { ...env, FIREDRILL_ENV: options.name } };
        await state.writeDescriptor(descriptor, control!.token);
      },
      down: requestDown,
    });
    descriptor = {
      name: options.name,
      backend: running.descriptor.backend,
      supervisorPid: process.pid,
      createdAt: new Date().toISOString(),
      stateDir: state.dir,
      proxy: running.descriptor.proxy,
      control: { url: control.url },
      services: running.descriptor.services,
      mocks: running.descriptor.mocks,
      ...(running.descriptor.target ? { target: running.descriptor.target } : {}),
      env: { ...running.descriptor.env, FIREDRILL_ENV: options.name },
    };
    await state.writeDescriptor(descriptor, control.token);
    return {
      // A getter: part actions (restarts, --set) replace the descriptor.
      get descriptor() {
        return descriptor;
      },
      downRequested,
      down,
      [Symbol.asyncDispose]: down,
    };
  } catch (error) {
    await down();
    throw error;
  }
}
