import type { Command } from "commander";
import { drillSummaries, drillView, renderDrill, renderDrillTable } from "../render/drills.ts";
import { type DrillSourceOptions, drillsOption, findDrill, loadSources, runbookOption } from "./drill-sources.ts";
import { print } from "./env-options.ts";

export function registerDrills(program: Command): void {
  program
    .command("list")
    .description("every drill: id, runbook scenario, title, fault kinds (no answers)")
    .addOption(drillsOption())
    .addOption(runbookOption())
    .option("--json", "print the drills as JSON")
    .action(async (options: DrillSourceOptions & { json?: boolean }) => {
      const { runbook, drills } = await loadSources(options);
      print(options.json ? JSON.stringify(drillSummaries(drills, runbook), null, 2) : renderDrillTable(drills, runbook));
    });

  program
    .command("show")
    .description("one drill: briefing, scenario, faults, steady state; the answer key only with --answers")
    .argument("<drill>", "the drill's id (see `firedrill list`)")
    .addOption(drillsOption())
    .addOption(runbookOption())
    .option("--json", "print the drill as JSON")
    .option("--answers", "include the answer key (severity, component, escalation, probes, remediation, runbook commands)")
    .action(async (id: string, options: DrillSourceOptions & { json?: boolean; answers?: boolean }) => {
      const { runbook, drills } = await loadSources(options);
      const drill = findDrill(drills, id, options.drills);
      const answers = options.answers === true;
      print(options.json ? JSON.stringify(drillView(drill, runbook, answers), null, 2) : renderDrill(drill, runbook, answers));
    });
}
