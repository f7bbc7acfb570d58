import path from "node:path";
import { type Command, Option } from "commander";
import type { Drill } from "../../drills/drill-schema.ts";
import { defaultDrillsDir } from "../../drills/load-drills.ts";
import { FiredrillError } from "../../errors.ts";
import type { GameDay } from "../../live/gameday.ts";
import type { Runbook } from "../../runbook/model.ts";
import { abortOnSignal, EXIT_INTERRUPTED } from "../fail.ts";
import { parseSeed } from "../options.ts";
import { loadSources, runbookOption } from "./drill-sources.ts";
import { print } from "./env-options.ts";
import { addTargetOptions, type TargetChoice, superviseForDrills } from "./env-up.ts";

interface GameDayCliOptions extends TargetChoice {
  name: string;
  drills?: string;
  drillsDir: string;
  runbook: string;
  seed?: string;
  team?: string;
  timeScale: string;
  gap: string;
  out?: string;
}

function parseTimeScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) throw new FiredrillError("CONFIG_INVALID", `--time-scale "${value}": give a positive number, e.g. --time-scale 10 (the runbook's deadlines ten times shorter)`);
  return scale;
}

async function selectDrills(options: GameDayCliOptions): Promise<{ runbook: Runbook; drills: Drill[] }> {
  const { runbook, drills } = await loadSources({ drills: options.drillsDir, runbook: options.runbook });
  const { matchingDrills, shardOf } = await import("../../engine/select.ts");
  // Sorted (shardOf with no shard), so the seed alone decides the order whatever order the files were read in.
  return { runbook, drills: shardOf(matchingDrills(drills, options.drills), undefined) };
}

async function gameday(options: GameDayCliOptions): Promise<void> {
  if (!options.portal) throw new FiredrillError("CONFIG_INVALID", "--no-portal: a game day needs a BFF to break (the sample portal, or yours with --target-cmd)");
  const [{ runGameDay, gameDayId }, { parseGapRange }, { renderScoreboard }, { watchEnvironment }] = await Promise.all([
    import("../../live/gameday.ts"),
    import("../../live/gameday-schedule.ts"),
    import("../../live/gameday-scoreboard.ts"),
    import("../../live/watch.ts"),
  ]);
  const seed = parseSeed(options.seed);
  const gap = parseGapRange(options.gap);
  const timeScale = parseTimeScale(options.timeScale);
  const { runbook, drills } = await selectDrills(options);
  const id = gameDayId();
  const out = options.out ?? path.join("firedrill-results", `gameday-${id}`);
  const interruption = await abortOnSignal("ending the game day, rolling back the incident in progress…");
  print(`firedrill gameday ${id} (seed ${seed}, ${drills.length} incident(s)${options.team === undefined ? "" : `, team ${options.team}`}): starting the standing environment "${options.name}"…`);
  const { supervised, environment } = await superviseForDrills(options.name, options);
  try {
    const result = await runGameDay({
      id,
      drills,
      runbook,
      environment,
      seed,
      gap,
      timeScale,
      signal: interruption.signal,
      ...(options.team !== undefined && { team: options.team }),
      // Observed remediation has no name on it: it is the team's.
      watch: ({ journal, descriptor, busy }) => watchEnvironment({ journal, descriptor, ignore: busy, actor: "team" }),
      onReady: ({ incidents }) =>
        print(
          [
            `The game day is on: ${incidents} incident(s) will come, unannounced, one at a time. Every responder uses their own name:`,
            `  investigate:  firedrill env shell --name ${options.name}`,
            `  respond:      firedrill respond ack --name ${options.name} --as <you>     (also: classify --severity P2 --component redis | escalate L2 --reason "…" | update --file status.txt | resolve | hint | status)`,
            `  facilitator:  firedrill gameday status --name ${options.name} [--facilitator]`,
          ].join("\n"),
        ),
      onEvent: (event) => {
        const time = new Date().toISOString().slice(11, 19);
        if (event.kind === "incident-live") print(`${time} incident ${event.incident} of ${event.of} is live`);
        else print(`${time} incident ${event.incident} of ${event.of} has ended: ${event.run.outcome}${event.run.score === undefined ? "" : `, ${event.run.score.total}/${event.run.score.max} points`}`);
      },
    });
    print(`\n${renderScoreboard(result.runs)}`);
    if (result.notRun > 0) print(`${result.notRun} planned incident(s) did not start (interrupted).`);
    const written = await saveGameDayRecords(result, drills, runbook, out);
    print(`\nReport: ${written.join("\n        ")}`);
    // Scores are the outcome of a game day; only an incident that could not run fails the command.
    process.exitCode = interruption.interrupted() ? EXIT_INTERRUPTED : result.runs.some((run) => run.outcome === "error") ? 1 : 0;
  } finally {
    await supervised.down();
  }
}

/** The HTML report of every incident, a review draft per P1/P2 incident, and a history record per incident that ran to its end. */
async function saveGameDayRecords(result: GameDay, drills: readonly Drill[], runbook: Runbook, out: string): Promise<string[]> {
  const [{ renderHtmlReport }, { renderReviewDraft }, { writeFileAtomic }, { recordRun }] = await Promise.all([
    import("../../reports/html/index.ts"),
    import("../../reports/review.ts"),
    import("../../reports/write-atomic.ts"),
    import("../../history/index.ts"),
  ]);
  const byId = new Map(drills.map((drill) => [drill.id, drill]));
  const report = path.join(out, "gameday.html");
  await writeFileAtomic(report, renderHtmlReport({ runs: result.runs, drills: byId, runbook, title: `Game day ${result.id}${result.team === undefined ? "" : ` (${result.team})`}` }));
  const written = [report];
  for (const [index, run] of result.runs.entries()) {
    const review = run.score === undefined ? undefined : renderReviewDraft(run, byId.get(run.drill.id)!, runbook);
    if (review === undefined) continue;
    const file = path.join(out, `incident-${index + 1}-${run.drill.id}-review.md`);
    await writeFileAtomic(file, review);
    written.push(file);
  }
  // An interrupted incident would read as an unresolved one in the trends: it is in the report, not in the history.
  for (const run of result.runs.filter((each) => each.outcome !== "interrupted" && each.score !== undefined)) {
    await recordRun(run, { mode: "gameday", gameday: result.id, ...(result.team !== undefined && { team: result.team }) });
  }
  return written;
}

async function status(options: { name: string; json?: boolean; facilitator?: boolean }): Promise<void> {
  const [{ readSessionFile }, { renderGameDayView }] = await Promise.all([import("../../live/session-file.ts"), import("../../live/gameday-scoreboard.ts")]);
  const noGameDay = () => new FiredrillError("NOT_FOUND", `no game day runs in environment "${options.name}"; start one with \`firedrill gameday --name ${options.name}\` (or pass the --name it runs under)`);
  const session = await readSessionFile(options.name).catch((error: unknown) => {
    throw error instanceof FiredrillError && error.code === "NOT_FOUND" ? noGameDay() : error;
  });
  if (!session.drill.startsWith("gameday ")) throw noGameDay();
  let response: Response;
  try {
    response = await fetch(`${session.url}/gameday${options.facilitator ? "?facilitator=1" : ""}`, { headers: { Authorization: `Bearer ${session.token}` }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new FiredrillError("NOT_FOUND", `the game day in environment "${options.name}" does not answer (${(error as Error).message}); has it ended?`);
  }
  const reply = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new FiredrillError("STATE_INVALID", `the game day in environment "${options.name}" refused the status: ${String(reply.error ?? `HTTP ${response.status}`)}`);
  print(options.json ? JSON.stringify(reply, null, 2) : renderGameDayView(reply as unknown as Parameters<typeof renderGameDayView>[0]));
}

export function registerGameDay(program: Command): void {
  const command = addTargetOptions(
    program
      .command("gameday")
      .description("a game day: a standing environment, unannounced incidents one at a time, several named responders, a scoreboard")
      .addOption(new Option("--name <name>", "the standing environment's name (respond --name and gameday status --name use it)").default("gameday"))
      .option("--drills <glob>", "the drills to draw incidents from: an id glob (redis-*, {redis,postgres}-down) or a file glob; default all")
      .option("--seed <n>", "seed of the incidents' order and gaps (printed, so a game day can be replayed)")
      .option("--team <team>", "the team, for the report and `firedrill history`")
      .option("--time-scale <x>", "divide the runbook's deadlines by this (practice runs)", "1")
      .option("--gap <range>", "unannounced wait before each incident: a duration or a range", "30s-2m")
      .option("--out <dir>", "where the HTML report and review drafts go (default: firedrill-results/gameday-<id>)")
      .addOption(new Option("--drills-dir <dir>", "directory of drill YAML files").default(defaultDrillsDir()))
      .addOption(runbookOption()),
  ).action((options: GameDayCliOptions) => gameday(options));

  command
    .command("status")
    .description("the live state of each incident of the game day running in --name (drills hidden until they end, unless --facilitator)")
    .option("--json", "print the state as JSON")
    .option("--facilitator", "show every incident's drill and gap, and the seed")
    .configureHelp({ showGlobalOptions: true })
    // --name is the game day's own option: commander gives it to the parent, whichever side of `status` it is written.
    .action((_options: unknown, self: Command) => status(self.optsWithGlobals()));
}
