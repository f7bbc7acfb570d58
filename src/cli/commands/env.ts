import { spawn } from "node:child_process";
import type { Command } from "commander";
import { assignments, registerEnvUp } from "./env-up.ts";
import { nameOption, print } from "./env-options.ts";
import { ControlClient } from "../../env/control/client.ts";
import { PART_NAMES, type EnvironmentDescriptor, type PartHealth, type PartName } from "../../env/descriptor.ts";
import { reapEnvironment } from "../../env/gc.ts";
import { isAlive } from "../../env/processes.ts";
import { appendShellHistory, shellEnvironment } from "../../env/shell.ts";
import { EnvironmentState } from "../../env/state.ts";
import { FiredrillError } from "../../errors.ts";
import { renderDescriptor, renderHealth } from "../render/environment.ts";

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isAlive(pid);
}

export function registerEnv(program: Command): void {
  const env = program.command("env").description("the drill environment: Redis, PostgreSQL and the SaaS mocks behind fault proxies, and the portal");

  registerEnvUp(env);

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
      // Interactive shells append their own history (HISTFILE, PROMPT_COMMAND); a -c command is recorded here.
      if (options.command !== undefined) await appendShellHistory(client.descriptor, options.command);
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
      .option("--set <NAME=value>", "restart portal only: change a variable of the BFF (repeatable)", collectAssignment, [])
      .action(async (part: string, options: { name: string; set: string[] }) => {
        if (!PART_NAMES.includes(part as PartName)) {
          throw new FiredrillError("CONFIG_INVALID", `no part "${part}"; parts: ${PART_NAMES.join(", ")}`);
        }
        if (options.set.length > 0 && (action !== "restart" || part !== "portal")) {
          throw new FiredrillError("CONFIG_INVALID", `--set goes with \`env restart portal\` only: the portal is the part configured by variables`);
        }
        const client = await ControlClient.connect(options.name);
        await client.part(part as PartName, action, assignments(options.set));
        const after = await new EnvironmentState(options.name).readDescriptor();
        print(`${part}: ${action === "stop" ? "stopped" : `${action}ed`}${action === "stop" || !after ? "" : ` (${describePart(after, part as PartName)})`}`);
      });
  }
}

function collectAssignment(value: string, previous: string[]): string[] {
  if (!value.includes("=")) throw new FiredrillError("CONFIG_INVALID", `"${value}" is not NAME=value; e.g. --set SF_EVENTS_REPLAY=ALL`);
  return [...previous, value];
}

function describePart(descriptor: EnvironmentDescriptor, part: PartName): string {
  if (part === "portal") {
    const target = descriptor.target;
    const overrides = Object.entries(target?.overrides ?? {}).map(([key, value]) => `${key}=${value}`);
    return `pid ${target?.pid ?? 0}, ${target?.url ?? "no portal"}${overrides.length > 0 ? `, with ${overrides.join(" ")}` : ""}`;
  }
  const service = descriptor.services[part];
  return `pid ${service.pid}, ${service.directUrl.replace(/\/\/[^@]*@/, "//")}`;
}
