import { writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FiredrillError } from "../../errors.ts";
import type { Operator } from "../../faults/operator.ts";
import type { EnvironmentDescriptor, PartName } from "../descriptor.ts";
import { postgresSelectOne, redisPing } from "../health.ts";
import { compose, type ComposeProject } from "./compose-cli.ts";
import { COMPOSE_SERVICES } from "./compose-config.ts";

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_S = "10";

export interface ComposeOperatorOptions {
  project: ComposeProject;
  /** The descriptor as it is now. */
  descriptor(): EnvironmentDescriptor;
  /** The portal's variables in the compose file: an override equal to one of these is no override. */
  portalBase: Readonly<Record<string, string>>;
  /** The portal's image and log mount now: a re-created portal keeps them, whatever FIREDRILL_NODE_IMAGE and FIREDRILL_COMPOSE_LOG_DIR are in this process. */
  portalImage(): string;
  portalLogMount(): string;
  /** Reads the containers again (pids, the portal's variables) after each action. */
  refresh(): Promise<void>;
}

/** Answers again: PING, SELECT 1, any HTTP answer from the portal's health (an unhealthy portal is a state to observe). */
function answers(descriptor: EnvironmentDescriptor, part: PartName): Promise<unknown> {
  if (part === "redis") return redisPing(descriptor.services.redis.directUrl);
  if (part === "postgres") return postgresSelectOne(descriptor.services.postgres.directUrl);
  return fetch(descriptor.target!.healthUrl, { signal: AbortSignal.timeout(2_000) }).then((response) => response.body?.cancel());
}

async function untilAnswers(descriptor: EnvironmentDescriptor, part: PartName): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      return void (await answers(descriptor, part));
    } catch (error) {
      if (Date.now() > deadline) throw new FiredrillError("TIMEOUT", `compose service "${part}": no answer ${READY_TIMEOUT_MS}ms after it started; last error: ${(error as Error).message}`);
      await sleep(100);
    }
  }
}

/**
 * Stops, starts and restarts a compose project's services with
 * docker-compose, as a facilitator would. A portal restart with variables
 * re-creates its container from an override file in the state directory
 * (`up -d --no-deps --force-recreate portal`): a container's variables are
 * fixed when it is created.
 */
export function composeOperator(options: ComposeOperatorOptions): Operator {
  const { project } = options;
  // One action at a time: a restart must not race a stop.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = (action: () => Promise<void>) => {
    const next = queue.then(action, action).finally(() => options.refresh());
    queue = next.catch(() => {});
    return next;
  };
  const start = async (part: PartName) => {
    await compose(project, ["start", COMPOSE_SERVICES[part]]);
    await untilAnswers(options.descriptor(), part);
  };
  const recreatePortal = async (set: Record<string, string>) => {
    const wanted = { ...options.descriptor().target?.overrides, ...set };
    const environment = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => (key in options.portalBase ? options.portalBase[key] !== value : value !== "")));
    const file = path.join(options.descriptor().stateDir, "portal.override.json");
    // JSON is YAML: docker-compose reads it as one more -f file.
    await writeFile(file, `${JSON.stringify({ services: { [COMPOSE_SERVICES.portal]: { image: options.portalImage(), volumes: [options.portalLogMount()], environment } } }, null, 2)}\n`);
    await compose(project, ["up", "-d", "--no-deps", "--force-recreate", "--timeout", STOP_TIMEOUT_S, COMPOSE_SERVICES.portal], [file]);
    await untilAnswers(options.descriptor(), "portal");
  };
  return {
    stopPart: (part) => serially(async () => void (await compose(project, ["stop", "--timeout", STOP_TIMEOUT_S, COMPOSE_SERVICES[part]]))),
    startPart: (part) => serially(() => start(part)),
    restartPart: (part, set = {}) =>
      serially(async () => {
        if (part === "portal") return recreatePortal(set);
        if (Object.keys(set).length > 0) throw new FiredrillError("CONFIG_INVALID", `${part} takes no variables; only the portal does (restart portal with set)`);
        await compose(project, ["restart", "--timeout", STOP_TIMEOUT_S, COMPOSE_SERVICES[part]]);
        await untilAnswers(options.descriptor(), part);
      }),
  };
}
