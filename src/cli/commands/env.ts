import { spawn } from "node:child_process";
import { type Command, Option } from "commander";
import { ControlClient } from "../../env/control/client.ts";
import { PART_NAMES, type EnvironmentDescriptor, type PartHealth, type PartName } from "../../env/descriptor.ts";
import { reapEnvironment } from "../../env/gc.ts";
import { localBackend } from "../../env/local/backend.ts";
import { isAlive } from "../../env/processes.ts";
import { shellEnvironment } from "../../env/shell.ts";
import { EnvironmentState } from "../../env/state.ts";
import { supervise } from "../../env/supervisor.ts";
import { FiredrillError } from "../../errors.ts";
import { startDetached } from "../detach.ts";
import { untilSignal } from "../fail.ts";
import { parsePort } from "../options.ts";
import { renderDescriptor, renderHealth } from "../render/environment.ts";

const nameOption = () => new Option("--name <name>", "environment name (several can run side by side)").default("default");
const proxyPortOption = () => new Option("--proxy-port <port>", "port of the fault proxy's control API (default: a free one)").argParser(parsePort);
const backendOptions = (options: { proxyPort?: number }) => (options.proxyPort === undefined ? {} : { proxyPort: options.proxyPort });
const print = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isAlive(pid);
}

export function registerEnv(program: Command): void {
  const env = program.command("env").description("the drill environment: Redis and PostgreSQL behind fault proxies");

  env
    .command("up")
    .description("start an environment; in the foreground until Ctrl-C, or --detach to leave it running")
    .addOption(nameOption())
    .option("--detach", "return once everything is ready; a supervisor process keeps the environment")
    .option("--json", "print the environment descriptor as JSON")
    .addOption(proxyPortOption())
    .action(async (options: { name: string; detach?: boolean; json?: boolean; proxyPort?: number }) => {
      if (options.detach) {
        const descriptor = await startDetached(options.name, options.proxyPort === undefined ? [] : ["--proxy-port", String(options.proxyPort)]);
        print(options.json ? JSON.stringify(descriptor, null, 2) : renderDescriptor(descriptor));
        return;
      }
      const supervised = await supervise({ name: options.name, backend: localBackend(backendOptions(options)) });
      try {
        print(options.json ? JSON.stringify(supervised.descriptor, null, 2) : `${renderDescriptor(supervised.descriptor)}\nPress Ctrl-C to stop.`);
        await Promise.race([untilSignal(), supervised.downRequested]);
      } finally {
        await supervised.down();
      }
      if (!options.json) print(`environment "${options.name}" is down`);
    });

  env
    .command("supervise", { hidden: true })
    .description("hold an environment for `env up --detach` (internal)")
    .addOption(nameOption())
    .addOption(proxyPortOption())
    .action(async (options: { name: string; proxyPort?: number }) => {
      const send = (message: unknown) => process.send?.(message);
      let supervised;
      try {
        supervised = await supervise({ name: options.name, backend: localBackend(backendOptions(options)) });
      } catch (error) {
        send({ type: "error", code: (error as FiredrillError).code, message: (error as Error).message });
        process.exitCode = 2;
        return;
      }
      const signal = untilSignal();
      send({ type: "ready", descriptor: supervised.descriptor });
      process.disconnect?.();
      await Promise.race([signal, supervised.downRequested]);
      await supervised.down();
    });

  env
    .command("status")
    .description("the descriptor and the live health of each part; exit code 1 when a part is unhealthy")
    .addOption(nameOption())
    .option("--json", "print descriptor and health as JSON")
    .action(async (options: { name: string; json?: boolean }) => {
      const client = await ControlClient.connect(options.name);
      const status = (await client.status()) as { descriptor: EnvironmentDescriptor; health: PartHealth[] };
      print(options.json ? JSON.stringify(status, null, 2) : `${renderDescriptor(status.descriptor)}\n${renderHealth(status.health)}`);
      if (status.health.some((part) => part.status !== "ok")) process.exitCode = 1;
    });

  env
    .command("down")
    .description("stop an environment and remove everything it created")
    .addOption(nameOption())
    .action(async (options: { name: string }) => {
      const state = new EnvironmentState(options.name);
      let client: ControlClient;
      try {
        client = await ControlClient.connect(options.name);
      } catch (error) {
        const reaped = await reapEnvironment(state);
        print(reaped ? `environment "${options.name}" was not running; reaped what it left (${reaped.processes.length} processes)` : `environment "${options.name}" is not running; nothing to do`);
        return;
      }
      const pid = client.descriptor.supervisorPid;
      await client.down();
      if (!(await waitForExit(pid, 15_000))) {
        await reapEnvironment(state, { force: true });
      }
      print(`environment "${options.name}" is down`);
    });

  env
    .command("shell")
    .description("a subshell with DATABASE_URL, REDIS_URL, TOXIPROXY_URL, … exported (redis-cli points at the environment)")
    .addOption(nameOption())
    .option("-c, --command <command>", "run this command instead of an interactive shell")
    .action(async (options: { name: string; command?: string }) => {
      const client = await ControlClient.connect(options.name);
      const shell = process.env.SHELL ?? "/bin/bash";
      const child = spawn(shell, options.command === undefined ? ["-i"] : ["-c", options.command], {
        stdio: "inherit",
        env: await shellEnvironment(client.descriptor),
      });
      const code = await new Promise<number>((resolve) => child.once("exit", (status, signal) => resolve(status ?? (signal ? 128 : 1))));
      process.exitCode = code;
    });

  for (const action of ["restart", "stop", "start"] as const) {
    env
      .command(`${action} <part>`)
      .description(`${action} one part (${PART_NAMES.join(", ")}), as an operator would with systemctl ${action}`)
      .addOption(nameOption())
      .action(async (part: string, options: { name: string }) => {
        if (!PART_NAMES.includes(part as PartName)) {
          throw new FiredrillError("CONFIG_INVALID", `no part "${part}"; parts: ${PART_NAMES.join(", ")}`);
        }
        const client = await ControlClient.connect(options.name);
        await client.part(part as PartName, action);
        const after = await new EnvironmentState(options.name).readDescriptor();
        const service = after?.services[part as PartName];
        print(`${part}: ${action === "stop" ? "stopped" : `${action}ed`}${action !== "stop" && service ? ` (pid ${service.pid}, ${service.directUrl.replace(/\/\/[^@]*@/, "//")})` : ""}`);
      });
  }
}
