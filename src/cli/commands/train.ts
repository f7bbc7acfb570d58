import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Command, Option } from "commander";
import type { Drill } from "../../drills/drill-schema.ts";
import type { DrillRun } from "../../engine/result.ts";
import type { Runbook } from "../../runbook/model.ts";
import { abortOnSignal, EXIT_INTERRUPTED } from "../fail.ts";
import { parseSeed } from "../options.ts";
import { print } from "./env-options.ts";
import { addTargetOptions, type TargetChoice, superviseForDrills } from "./env-up.ts";
import { findDrill, loadSources, runbookOption } from "./drill-sources.ts";
import { defaultDrillsDir } from "../../drills/load-drills.ts";

interface TrainOptions extends TargetChoice {
  name: string;
  out: string;
  team?: string;
  seed?: string;
  delay: string;
  json?: boolean;
  drillsDir: string;
  runbook: string;
}

async function train(id: string, options: TrainOptions): Promise<void> {
  const [{ parseDelayRange, seededDelay }, { runTraining }, { feedbackFor }, { renderConsole }, { watchEnvironment }] = await Promise.all([
    import("../../live/delay.ts"),
    import("../../live/train.ts"),
    import("../../live/feedback.ts"),
    import("../../reports/console.ts"),
    import("../../live/watch.ts"),
  ]);
  const { watchShellHistory } = await import("../../live/shell-history.ts");
  const seed = parseSeed(options.seed);
  const delayMs = seededDelay(parseDelayRange(options.delay), seed);
  const { runbook, drills } = await loadSources({ drills: options.drillsDir, runbook: options.runbook });
  const drill = findDrill(drills, id, options.drillsDir);
  const interruption = await abortOnSignal("ending the drill, rolling back…");
  const log = (text: string) => (options.json ? process.stderr.write(`${text}\n`) : print(text));
  log(`firedrill train ${drill.id} (seed ${seed}): starting a private environment "${options.name}"…`);
  const { supervised, environment } = await superviseForDrills(options.name, options);
  try {
    let alerted = false;
    const run = await runTraining({
      drill,
      runbook,
      environment,
      injectDelayMs: delayMs,
      seed,
      signal: interruption.signal,
      // What the trainee does to the environment (Redis restarted, a query killed, logs touched) goes into the journal.
      watch: ({ journal, descriptor, busy }) => {
        const environment = watchEnvironment({ journal, descriptor, ignore: busy });
        const shell = watchShellHistory({ journal, descriptor, runbook });
        return { stop: async () => void (await Promise.all([environment.stop(), shell.stop()])) };
      },
      onReady: () =>
        log(
          [
            "You are on call for the Customer Portal. Something will go wrong, unannounced.",
            `  investigate:  firedrill env shell --name ${options.name}     (redis-cli, psql $DATABASE_URL, curl $PORTAL_URL/health, $BFF_LOG_DIR)`,
            `  respond:      firedrill respond ack --name ${options.name}   (also: classify --severity P2 --component redis, escalate L2 --reason "…",`,
            `                update --file status.txt, resolve, hint (costs points), status — each with --name ${options.name})`,
            "  the runbook:  runbooks/incident-response.md",
          ].join("\n"),
        ),
      onEvent: (event) => {
        if (!alerted && event.kind === "probe" && event.role === "detection" && event.matched) {
          alerted = true;
          log(`\nALERT ${new Date().toISOString().slice(11, 19)}: ${drill.briefing ?? "the portal's monitoring fired"}`);
        }
      },
    });
    const written = await saveTrainingRecords(run, drill, runbook, options);
    if (options.json) {
      print(JSON.stringify({ run, feedback: run.score === undefined ? [] : feedbackFor(run.score, drill, runbook, run.journal) }, null, 2));
    } else {
      print(renderConsole({ runId: run.runId, startedAt: run.startedAt, durationMs: run.durationMs, runs: [run] }, { color: process.stdout.isTTY === true }));
      if (run.score !== undefined) print(["Feedback:", ...feedbackFor(run.score, drill, runbook, run.journal).map((line) => `  - ${line}`)].join("\n"));
      print(written.map((file) => `wrote ${file}`).join("\n"));
    }
    // The score is the outcome of a training run; only a drill that could not run is a failure of the command.
    process.exitCode = interruption.interrupted() ? EXIT_INTERRUPTED : run.outcome === "error" ? 1 : 0;
  } finally {
    await supervised.down();
  }
}

/** The HTML report, the review draft (P1/P2) and the history record of a training run. */
async function saveTrainingRecords(run: DrillRun, drill: Drill, runbook: Runbook, options: TrainOptions): Promise<string[]> {
  if (run.score === undefined) return [];
  const [{ renderHtmlReport }, { renderReviewDraft }, { writeFileAtomic }, { recordRun }] = await Promise.all([
    import("../../reports/html/index.ts"),
    import("../../reports/review.ts"),
    import("../../reports/write-atomic.ts"),
    import("../../history/index.ts"),
  ]);
  const stem = path.join(options.out, `train-${drill.id}-${run.runId.slice(0, 8)}`);
  await mkdir(options.out, { recursive: true });
  await writeFileAtomic(`${stem}.html`, renderHtmlReport({ runs: [run], drills: new Map([[drill.id, drill]]), runbook, title: `Training: ${drill.title}` }));
  const written = [`${stem}.html`];
  const review = renderReviewDraft(run, drill, runbook);
  if (review !== undefined) {
    await writeFileAtomic(`${stem}-review.md`, review);
    written.push(`${stem}-review.md`);
  }
  await recordRun(run, { mode: "train", ...(options.team !== undefined && { team: options.team }) });
  return written;
}

export function registerTrain(program: Command): void {
  addTargetOptions(
    program
      .command("train")
      .description("one live drill on a private environment: the fault comes unannounced; investigate with real tools, respond with `firedrill respond`")
      .argument("<drill>", "the drill's id (see `firedrill list`)")
      .addOption(new Option("--name <name>", "the environment's name (respond --name uses it)").default("train"))
      .option("--seed <n>", "seed of the unannounced delay (printed, so a run can be replayed)")
      .option("--delay <range>", "when the fault comes: a duration or a range", "5s-30s")
      .option("--json", "print the run (journal and score) and the feedback as JSON")
      .option("--out <dir>", "where the HTML report and the review draft go", "firedrill-results")
      .option("--team <team>", "your team, for `firedrill history`")
      .addOption(new Option("--drills-dir <dir>", "directory of drill YAML files").default(defaultDrillsDir()))
      .addOption(runbookOption()),
  ).action((id: string, options: TrainOptions) => train(id, options));
}
