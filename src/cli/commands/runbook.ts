import type { Command } from "commander";
import { runbookCoverage } from "../../drills/index.ts";
import { renderCoverage } from "../render/drills.ts";
import { type DrillSourceOptions, drillsOption, loadSources, runbookOption } from "./drill-sources.ts";
import { print } from "./env-options.ts";

export function registerRunbook(program: Command): void {
  const runbook = program.command("runbook").description("the incident runbook the drills rehearse");
  runbook
    .command("check")
    .description("coverage: scenarios without a drill, diagnosis commands no drill exercises; exit code 1 when there are gaps")
    .addOption(runbookOption())
    .addOption(drillsOption())
    .option("--json", "print the coverage as JSON")
    .action(async (options: DrillSourceOptions & { json?: boolean }) => {
      const sources = await loadSources(options);
      const coverage = runbookCoverage(sources.runbook, sources.drills);
      print(options.json ? JSON.stringify(coverage, null, 2) : renderCoverage(coverage, sources.runbook));
      if (coverage.scenariosWithoutDrill.length > 0 || coverage.commandsNotExercised.length > 0) process.exitCode = 1;
    });
}
