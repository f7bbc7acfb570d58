import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { type Command, Option } from "commander";
import type { LeasedEnvironment } from "../../engine/suite.ts";
import { defaultDrillsDir } from "../../drills/load-drills.ts";
import { FiredrillError } from "../../errors.ts";
import { abortOnSignal, EXIT_INTERRUPTED } from "../fail.ts";
import { addTargetOptions, type TargetChoice, superviseForDrills } from "./env-up.ts";
import { findDrill, loadSources, runbookOption } from "./drill-sources.ts";

interface DrillRunOptions extends TargetChoice {
  drills?: string;
  drillsDir: string;
  runbook: string;
  shard?: string;
  reporter: string;
  out: string;
  parallel: string;
  env?: string;
  compose?: string[];
  composeProject?: string;
}


function parseParallel(value: string): number {
  const parallel = Number(value);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8) throw new FiredrillError("CONFIG_INVALID", `--parallel "${value}": give a whole number of environments from 1 to 8`);
  return parallel;
}

function checkOptions(options: DrillRunOptions, parallel: number): void {
  if (!options.portal) throw new FiredrillError("CONFIG_INVALID", "--no-portal: drills need a BFF to drill (the sample portal, or yours with --target-cmd)");
  if (parallel > 1 && (options.proxyPort !== undefined || options.targetPort !== undefined)) {
    throw new FiredrillError("CONFIG_INVALID", `--parallel ${parallel} starts ${parallel} environments: --proxy-port and --target-port would collide; drop them or use --parallel 1`);
  }
  if (options.env !== undefined && (options.targetCmd !== undefined || options.targetEnv.length > 0 || options.backend !== "local")) {
    throw new FiredrillError("CONFIG_INVALID", `--env ${options.env} runs on an environment that is already up: its target and backend were chosen by its \`env up\`; drop --target-*/--backend`);
  }
  if (options.compose !== undefined && (options.env !== undefined || options.targetCmd !== undefined || options.targetEnv.length > 0 || options.backend !== "local")) {
    throw new FiredrillError("CONFIG_INVALID", `--compose ${options.compose.join(" ")} runs on the compose stack that is already up: its target and backend are the compose file's; drop --env/--target-*/--backend`);
  }
  if (options.composeProject !== undefined && options.compose === undefined) {
    throw new FiredrillError("CONFIG_INVALID", `--compose-project ${options.composeProject} names a compose project: give its file too (--compose docker-compose.yml)`);
  }
}

/** A fresh environment per worker (torn down after), or the named one / the compose stack that is already up (restored after, left up). */
function environments(options: DrillRunOptions): (index: number) => Promise<LeasedEnvironment> {
  if (options.compose !== undefined) {
    const files = options.compose;
    return async () => {
      const { composeEnvironment } = await import("../../env/compose/compose-environment.ts");
      return { environment: await composeEnvironment({ file: files, projectName: options.composeProject }), release: async () => {} };
    };
  }
  if (options.env !== undefined) {
    const name = options.env;
    return async () => {
      const { attachedEnvironment } = await import("../../engine/drill-environment.ts");
      return { environment: await attachedEnvironment(name), release: async () => {} };
    };
  }
  const session = randomBytes(2).toString("hex");
  return async (index) => {
    const { supervised, environment } = await superviseForDrills(`fd-${session}-${index + 1}`, options);
    return { environment, release: () => supervised.down() };
  };
}

async function selectDrills(options: DrillRunOptions, only?: string) {
  const { runbook, drills } = await loadSources({ drills: options.drillsDir, runbook: options.runbook });
  const { matchingDrills, parseShard, shardOf } = await import("../../engine/select.ts");
  if (only !== undefined) return { runbook, drills: [findDrill(drills, only, options.drillsDir)], shard: undefined };
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  return { runbook, drills: shardOf(matchingDrills(drills, options.drills), shard), shard };
}

async function execute(options: DrillRunOptions, only?: string): Promise<void> {
  const requested = parseParallel(options.parallel);
  checkOptions(options, requested);
  // An environment that is already up (--env, --compose) is one: its drills run one after another.
  const parallel = options.env !== undefined || options.compose !== undefined ? 1 : requested;
  const [{ parseReporters, writeReports }, { runSuite }, { exitCodeOf }, { automatedResponder }] = await Promise.all([
    import("../../reports/index.ts"),
    import("../../engine/suite.ts"),
    import("../../engine/result.ts"),
    import("../../responders/index.ts"),
  ]);
  const reporters = parseReporters(options.reporter);
  if (options.out !== undefined && (await stat(options.out).catch(() => undefined))?.isFile()) {
    throw new FiredrillError("CONFIG_INVALID", `--out ${options.out} is a file; give a directory for the reports`);
  }
  const { runbook, drills, shard } = await selectDrills(options, only);
  const interruption = await abortOnSignal("rolling back the drill in progress…");
  process.stderr.write(`firedrill: ${drills.length} drill(s) on ${Math.min(parallel, drills.length)} environment(s)${shard ? ` (shard ${shard.index}/${shard.total})` : ""}\n`);
  const suite = await runSuite({
    drills,
    runbook,
    responder: () => automatedResponder(),
    parallel,
    environment: environments(options),
    mode: only === undefined ? "ci" : "run",
    signal: interruption.signal,
    ...(shard !== undefined && { shard }),
    onRun: (run) => process.stderr.write(`  ${run.outcome === "passed" ? "✓" : "✗"} ${run.drill.id}: ${run.outcome} (${(run.durationMs / 1000).toFixed(1)}s)\n`),
  });
  await writeReports(suite, reporters, {
    outDir: options.out,
    color: process.stdout.isTTY === true,
    stdout: process.stdout,
    sources: { drills: new Map(drills.map((drill) => [drill.id, drill])), runbook },
  });
  process.exitCode = interruption.interrupted() ? EXIT_INTERRUPTED : exitCodeOf(suite);
}

function addRunOptions(command: Command): Command {
  return addTargetOptions(
    command
      .addOption(new Option("--drills-dir <dir>", "directory of drill YAML files").default(defaultDrillsDir()))
      .addOption(runbookOption())
      .option("--reporter <list>", "console, json, junit, markdown, html (comma-separated)", "console")
      .option("--out <dir>", "directory for the json, junit, markdown and html reports", "firedrill-results")
      .option("--env <name>", "run on an environment that is already up (`firedrill env up --detach --name <name>`) instead of starting one")
      .option("--compose <file>", "run on a standing docker-compose stack (docker-compose.yml; repeat for more -f files, e.g. docker-compose.local.yml) instead of starting one", (file: string, files: string[] = []) => [...files, file])
      .option("--compose-project <name>", "the stack's compose project (docker-compose -p); default docker-compose's own"),
  );
}

export function registerDrillRuns(program: Command): void {
  addRunOptions(
    program
      .command("ci")
      .description("run every drill (or those --drills selects) with the automated responder; exit 0 when each fault was detected, classified and recovered, 1 naming each that was not")
      .option("--drills <glob>", "drills to run: an id glob (redis-*, {redis,postgres}-down) or a file glob (drills/security-*.yaml)")
      .option("--shard <i/n>", "run the i-th of n parts (drills sorted by id, every n-th): one part per CI runner")
      .option("--parallel <n>", "environments side by side (each runs its drills one after another)", "3"),
  ).action((options: DrillRunOptions) => execute(options));

  addRunOptions(
    program
      .command("run")
      .description("run one drill with the automated responder and score it")
      .argument("<drill>", "the drill's id (see `firedrill list`)"),
  ).action((id: string, options: DrillRunOptions) => execute({ ...options, parallel: "1" }, id));
}
