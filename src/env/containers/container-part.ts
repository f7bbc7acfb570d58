import { setTimeout as sleep } from "node:timers/promises";
import { FiredrillError } from "../../errors.ts";
import type { Part } from "../local/parts.ts";
import { LOOPBACK, onFreePort, portInUse } from "../ports.ts";
import { runtimeClient, testcontainers } from "./runtime.ts";

export interface ContainerSpec {
  /** Names the part in messages: "redis", "postgres". */
  name: string;
  image: string;
  /** The port the server listens on inside the container. */
  containerPort: number;
  command?: string[];
  env?: Record<string, string>;
  labels: Record<string, string>;
  /** The signal `docker stop` sends (postgres: SIGINT, its fast shutdown). */
  stopSignal?: string;
  /** Log line of a fresh start's readiness. */
  readyLog: RegExp;
  /** A real request on the host port (PING, SELECT 1): readiness after a restart, when old log lines say nothing. */
  answers(port: number): Promise<unknown>;
  /** Files to put in before the start: [content, path in the container]. */
  files?: [string, string][];
  tmpfs?: Record<string, string>;
  startupTimeoutMs?: number;
}

export interface ContainerPart extends Part {
  readonly containerId: string;
  readonly image: string;
}

const RESTART_TIMEOUT_MS = 30_000;

/**
 * A server in a container, published on a fixed loopback port so that a
 * stop/start (`docker stop`, `docker start`) brings it back where its proxy
 * and clients expect it; a random published port would change on every start.
 */
export async function startContainerPart(spec: ContainerSpec): Promise<ContainerPart> {
  const started = await onFreePort(undefined, (port) => startOn(spec, port));
  const client = await runtimeClient();
  const container = client.container.getById(started.getId());
  const port = started.getMappedPort(spec.containerPort);
  let pid = (await container.inspect()).State.Pid;
  let removing: Promise<void> | undefined;
  // Operator actions run one at a time: a restart must not race a stop.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = (action: () => Promise<void>) => {
    const next = queue.then(action, action);
    queue = next.catch(() => {});
    return next;
  };
  return {
    port,
    containerId: started.getId(),
    image: spec.image,
    get pid() {
      return pid;
    },
    get running() {
      return pid !== 0;
    },
    stopServer: () =>
      serially(async () => {
        await container.stop({ t: 10 }).catch(ignoreNotModified);
        pid = 0;
      }),
    startServer: () =>
      serially(async () => {
        if (removing) throw new FiredrillError("STATE_INVALID", `${spec.name}: its container ${started.getId().slice(0, 12)} was removed with the environment`);
        await container.start().catch(ignoreNotModified);
        await untilAnswers(spec, port);
        pid = (await container.inspect()).State.Pid;
      }),
    [Symbol.asyncDispose]: () => {
      // Removed with its anonymous volumes (the postgres image declares one); nothing in it outlives the environment.
      removing ??= container.remove({ force: true, v: true }).catch(ignoreGone);
      return removing;
    },
  };
}

async function startOn(spec: ContainerSpec, port: number) {
  const { GenericContainer, Wait } = await testcontainers();
  // Published on loopback only: all of an environment's traffic stays on this machine.
  class LoopbackContainer extends GenericContainer {
    publishOnLoopback(containerPort: number, hostPort: number): this {
      this.withExposedPorts({ container: containerPort, host: hostPort });
      this.hostConfig.PortBindings = { ...this.hostConfig.PortBindings, [`${containerPort}/tcp`]: [{ HostIp: LOOPBACK, HostPort: String(hostPort) }] };
      return this;
    }
    withStopSignal(signal: string): this {
      this.createOpts.StopSignal = signal;
      return this;
    }
  }
  const container = new LoopbackContainer(spec.image)
    .publishOnLoopback(spec.containerPort, port)
    .withLabels(spec.labels)
    // No testcontainers reaper: firedrill reaps by label (reap.ts); asking for one serializes starts on a lock file.
    .withAutoCleanup(false)
    .withEnvironment(spec.env ?? {})
    .withWaitStrategy(Wait.forLogMessage(spec.readyLog))
    .withStartupTimeout(spec.startupTimeoutMs ?? 60_000);
  if (spec.command) container.withCommand(spec.command);
  if (spec.stopSignal) container.withStopSignal(spec.stopSignal);
  if (spec.tmpfs) container.withTmpFs(spec.tmpfs);
  if (spec.files) container.withCopyContentToContainer(spec.files.map(([content, target]) => ({ content, target })));
  try {
    return await container.start();
  } catch (error) {
    const message = (error as Error).message;
    if (/port is already allocated|address already in use/i.test(message)) throw portInUse(port, LOOPBACK, spec.name, error);
    if (/No such image|pull access denied|manifest unknown|registry|no such host|failed to resolve|ETIMEDOUT|ENOTFOUND|Client network socket/i.test(message)) {
      throw new FiredrillError(
        "MISSING_DEPENDENCY",
        `${spec.name}: image ${spec.image} is not present and could not be pulled (${message.split("\n")[0]}); build local images with \`firedrill images build\` or point the image setting at one you have`,
        { cause: error },
      );
    }
    throw new FiredrillError("PROCESS_FAILED", `${spec.name}: container from ${spec.image} did not start: ${message.split("\n")[0]}`, { cause: error });
  }
}

async function untilAnswers(spec: ContainerSpec, port: number): Promise<void> {
  const deadline = Date.now() + RESTART_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await spec.answers(port);
      return;
    } catch (error) {
      last = error;
      await sleep(50);
    }
  }
  throw new FiredrillError("TIMEOUT", `${spec.name}: no answer on port ${port} ${RESTART_TIMEOUT_MS}ms after its container started again; last error: ${(last as Error)?.message}`);
}

/** 304: already stopped / already started. */
function ignoreNotModified(error: { statusCode?: number }): void {
  if (error.statusCode !== 304) throw error;
}

function ignoreGone(error: { statusCode?: number }): void {
  if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
}
