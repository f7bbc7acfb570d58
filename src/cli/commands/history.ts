import type { Command } from "commander";
import { FiredrillError } from "../../errors.ts";
import { RUN_MODES } from "../../journal/events.ts";
import { print } from "./env-options.ts";

interface HistoryCliOptions {
  person?: string;
  team?: string;
  drill?: string;
  mode?: string;
  since?: string;
  json?: boolean;
  historyDir?: string;
}

function parseMode(value: string): (typeof RUN_MODES)[number] {
  if (!(RUN_MODES as readonly string[]).includes(value)) throw new FiredrillError("CONFIG_INVALID", `--mode "${value}" is not a run mode; use one of ${RUN_MODES.join(", ")}`);
  return value as (typeof RUN_MODES)[number];
}

export function registerHistory(program: Command): void {
  program
    .command("history")
    .description("trends across recorded runs and game days: MTTD, MTTA, MTTR and scores per person, per team and per game day")
    .option("--person <name>", "only runs this responder took part in")
    .option("--team <team>", "only this team's runs")
    .option("--drill <id>", "only this drill's runs")
    .option("--mode <mode>", `only runs of this mode (${RUN_MODES.join(", ")})`)
    .option("--since <when>", "only runs since a day (2026-11-01), an ISO 8601 time, or an age (30d)")
    .option("--json", "print the trends as JSON")
    .option("--history-dir <dir>", "the history's directory (default: $FIREDRILL_HISTORY_DIR, else ${XDG_DATA_HOME:-~/.local/share}/firedrill/history)")
    .action(async (options: HistoryCliOptions) => {
      const { parseSince, readHistory, renderTrends, trendsOf } = await import("../../history/index.ts");
      const filter = {
        ...(options.person !== undefined && { person: options.person }),
        ...(options.team !== undefined && { team: options.team }),
        ...(options.drill !== undefined && { drill: options.drill }),
        ...(options.mode !== undefined && { mode: parseMode(options.mode) }),
        ...(options.since !== undefined && { sinceMs: parseSince(options.since) }),
      };
      const history = await readHistory(options.historyDir === undefined ? {} : { dir: options.historyDir });
      if (history.skipped.length > 0) {
        const lines = history.skipped.map((skip) => skip.line);
        process.stderr.write(`firedrill: history "${history.file}": skipped ${lines.length} unreadable line(s) (${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", …" : ""}); first: ${history.skipped[0]!.reason}\n`);
      }
      const trends = trendsOf(history.records, filter);
      if (options.json) print(JSON.stringify({ file: history.file, skippedLines: history.skipped.length, ...trends }, null, 2));
      else if (history.records.length === 0) print(`No runs recorded yet in ${history.file}. Drills, training and game days add a line per run.`);
      else if (trends.runs === 0) print(`No runs match these filters (${history.records.length} run(s) in ${history.file}).`);
      else print(renderTrends(trends, filter));
    });
}
