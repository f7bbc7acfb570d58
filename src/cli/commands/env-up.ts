import path from "node:path";
import { type Command, Option } from "commander";
import type { DrillEnvironment } from "../../engine/drill-environment.ts";
import type { BackendName } from "../../env/descriptor.ts";
import type { BackendChoiceOptions, Supervised } from "../../env/supervisor.ts";
import { FiredrillError } from "../../errors.ts";
import { startDetached } from "../detach.ts";
import { untilSignal } from "../fail.ts";
import { parseBackend, parsePort } from "../options.ts";
import { renderDescriptor } from "../render/environment.ts";
import { nameOption, print } from "./env-options.ts";

/** What `addTargetOptions` parses: where the environment runs and which BFF it drills (env up, run, ci). */
export interface TargetChoice {
  backend?: BackendName;
  proxyPort?: number;
  portal: boolean;
  targetCmd?: string;
  targetHealthUrl?: string;
  targetPort?: number;
  targetEnv: string[];
}

interface UpOptions extends TargetChoice {
  name: string;
  detach?: boolean;
  json?: boolean;
  traffic?: string;
  trafficDuration: string;
}

function parseAssignment(value: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) {
    throw new FiredrillError("CONFIG_INVALID", `"${value}" is not a variable assignment; write NAME=value, e.g. --target-env SF_EVENTS_REPLAY=ALL`);
  }
  return [...previous, value];
}

export function assignments(list: readonly string[]): Record<string, string> {
  return Object.fromEntries(list.map((item) => [item.slice(0, item.indexOf("=")), item.slice(item.indexOf("=") + 1)]));
}

export function backendOptions(options: TargetChoice): BackendChoiceOptions {
  const target = options.portal
    ? {
        ...(options.targetCmd ? { command: options.targetCmd } : {}),
        ...(options.targetHealthUrl ? { healthUrl: options.targetHealthUrl } : {}),
        ...(options.targetPort ? { port: options.targetPort } : {}),
        env: assignments(options.targetEnv),
      }
    : (false as const);
  return { ...(options.proxyPort === undefined ? {} : { proxyPort: options.proxyPort }), target };
}

/** An environment this command supervises for drills (run, ci, train, gameday), as the drill engine sees it; `supervised.down()` ends it. */
export async function superviseForDrills(name: string, options: TargetChoice): Promise<{ readonly supervised: Supervised; readonly environment: DrillEnvironment }> {
  const [{ selectBackend, supervise }, { supervisedEnvironment }] = await Promise.all([import("../../env/supervisor.ts"), import("../../engine/drill-environment.ts")]);
  const supervised = await supervise({ name, backend: await selectBackend(options.backend, backendOptions(options)) });
  return { supervised, environment: supervisedEnvironment(supervised) };
}

/** The target options every command that brings up an environment takes (env up, later run and ci). */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option("--backend <backend>", "where Redis and PostgreSQL run: local (processes) or containers (Docker)").argParser(parseBackend).default("local"))
    .addOption(new Option("--proxy-port <port>", "port of the fault proxy's control API (default: a free one)").argParser(parsePort))
    .option("--no-portal", "run without a BFF (Redis, PostgreSQL, mocks and proxies only)")
    .option("--target-cmd <command>", "run your own BFF (a shell command) instead of the sample portal, with the same wiring")
    .option("--target-health-url <url>", "your BFF's health URL (default: http://127.0.0.1:$PORT/health)")
    .addOption(new Option("--target-port <port>", "the port your BFF listens on, exported as PORT (default: a free one)").argParser(parsePort))
    .option("--target-env <NAME=value>", "a variable for the BFF, on top of the wiring (repeatable)", parseAssignment, []);
}

/** `env up --traffic N`: customers at N requests/s from the supervisor, for a bounded time; SLIs in <stateDir>/traffic/sli.jsonl. */
async function startBackgroundTraffic(options: UpOptions, supervised: Supervised): Promise<AsyncDisposable | undefined> {
  if (options.traffic === undefined) return undefined;
  const { target, mocks, stateDir } = supervised.descriptor;
  if (target === undefined) throw new FiredrillError("CONFIG_INVALID", "--traffic needs a portal to play customers against; drop --no-portal");
  const { startTraffic, controlApiSink, parseDuration } = await import("../../traffic/index.ts");
  const rps = Number(options.traffic);
  if (!Number.isFinite(rps) || rps <= 0) throw new FiredrillError("CONFIG_INVALID", `--traffic "${options.traffic}" is not a rate; give requests per second, e.g. --traffic 20`);
  return startTraffic({
    targetUrl: target.url,
    rps,
    durationMs: parseDuration(options.trafficDuration),
    name: options.name,
    outDir: path.join(stateDir, "traffic"),
    events: { sink: controlApiSink(mocks.controlUrl) },
  });
}

/**
 * Holds an environment until a signal or `env down`. The signal handlers go
 * in before anything starts: a SIGTERM while Redis and PostgreSQL are still
 * coming up must tear them down too, not leave them for `gc`.
 */
async function hold(options: UpOptions, onReady: (supervised: Supervised) => void): Promise<void> {
  const signal = untilSignal();
  // Loaded on demand: the mocks and their dependencies would slow every other command's start-up.
  const { selectBackend, supervise } = await import("../../env/supervisor.ts");
  const starting = selectBackend(options.backend, backendOptions(options)).then((backend) => supervise({ name: options.name, backend }));
  const first = await Promise.race([starting.then(() => "up" as const), signal.then(() => "signal" as const)]);
  const supervised = await starting;
  let traffic: AsyncDisposable | undefined;
  try {
    if (first === "signal") return;
    traffic = await startBackgroundTraffic(options, supervised);
    onReady(supervised);
    await Promise.race([signal, supervised.downRequested]);
  } finally {
    await traffic?.[Symbol.asyncDispose]();
    await supervised.down();
  }
}

export function registerEnvUp(env: Command): void {
  addTargetOptions(
    env
      .command("up")
      .description("start an environment; in the foreground until Ctrl-C, or --detach to leave it running")
      .addOption(nameOption())
      .option("--detach", "return once everything is ready; a supervisor process keeps the environment")
      .option("--json", "print the environment descriptor as JSON")
      .option("--traffic <rps>", "also play customers at this many requests/s (SLIs in <stateDir>/traffic/sli.jsonl)")
      .option("--traffic-duration <time>", "how long the traffic runs (bounded: it stops by itself)", "10m"),
  ).action(async (options: UpOptions) => {
    if (options.detach) {
      const descriptor = await startDetached(options.name, JSON.stringify(options));
      print(options.json ? JSON.stringify(descriptor, null, 2) : renderDescriptor(descriptor));
      return;
    }
    await hold(options, (supervised) =>
      print(options.json ? JSON.stringify(supervised.descriptor, null, 2) : `${renderDescriptor(supervised.descriptor)}\nPress Ctrl-C to stop.`),
    );
    if (!options.json) print(`environment "${options.name}" is down`);
  });

  env
    .command("supervise", { hidden: true })
    .description("hold an environment for `env up --detach` (internal)")
    .addOption(nameOption())
    .requiredOption("--options <json>", "the options of `env up`")
    .action(async ({ options: json }: { options: string }) => {
      const options = JSON.parse(json) as UpOptions;
      // The `env up` that started us may be gone (killed, Ctrl-C): then there is nobody to tell.
      const send = (message: unknown) => {
        if (process.connected) process.send?.(message);
      };
      try {
        await hold(options, (supervised) => {
          send({ type: "ready", descriptor: supervised.descriptor });
          if (process.connected) process.disconnect();
        });
      } catch (error) {
        send({ type: "error", code: (error as FiredrillError).code, message: (error as Error).message });
        process.exit(2);
      }
      // Everything is released; idle keep-alive sockets and timers of libraries must not keep a finished supervisor around.
      process.exit(0);
    });
}
