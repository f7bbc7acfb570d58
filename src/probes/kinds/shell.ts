import { spawn } from "node:child_process";
import { regex } from "../../drills/kind-params.ts";
import { shellEnvironment } from "../../env/shell.ts";
import { s } from "../../schema/index.ts";
import { defineProbe, observing } from "../probe.ts";

const OUTPUT_LIMIT = 64 * 1024;

interface Ran {
  readonly exitCode: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

function run(command: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout kills the command's children too.
    const child = spawn("bash", ["-c", command], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    const append = (chunk: Buffer) => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString("utf8").slice(0, OUTPUT_LIMIT - output.length);
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.once("error", (error) => (clearTimeout(timer), reject(error)));
    child.once("close", (exitCode) => (clearTimeout(timer), resolve({ exitCode, output, timedOut })));
  });
}

/**
 * A command run as in `firedrill env shell` (the environment's variables,
 * its redis-cli wrapper), killed after timeoutMs. It matches when every
 * expectation holds: `output` / `outputNot` (regular expressions over stdout
 * and stderr), `exitCode` (default 0 when no expectation is given).
 */
export const shellProbe = defineProbe({
  description: "run a command in the environment's shell and test its output and exit code",
  params: s.object({
    command: s.string({ minLength: 1 }),
    output: s.optional(regex("A regular expression the combined stdout and stderr must match.")),
    outputNot: s.optional(regex("A regular expression the combined stdout and stderr must not match.")),
    exitCode: s.optional(s.number({ integer: true, min: 0, max: 255 })),
    timeoutMs: s.withDefault(s.number({ integer: true, min: 1, max: 60_000 }), 10_000),
  }),
  check: observing(async ({ descriptor, params }) => {
    const ran = await run(params.command, await shellEnvironment(descriptor), params.timeoutMs);
    if (ran.timedOut) throw new Error(`command did not finish within ${params.timeoutMs}ms: ${params.command}`);
    const wantedExit = params.exitCode ?? (params.output === undefined && params.outputNot === undefined ? 0 : undefined);
    const matched =
      (wantedExit === undefined || ran.exitCode === wantedExit) &&
      (params.output === undefined || new RegExp(params.output).test(ran.output)) &&
      (params.outputNot === undefined || !new RegExp(params.outputNot).test(ran.output));
    return { matched, output: { exitCode: ran.exitCode, output: ran.output } };
  }),
});
