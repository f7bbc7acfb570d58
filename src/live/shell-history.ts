import { open } from "node:fs/promises";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { shellHistoryPath } from "../env/shell.ts";
import type { Journal } from "../journal/journal.ts";
import { normalizeCommand } from "../runbook/diagnosis-commands.ts";
import type { Runbook } from "../runbook/model.ts";
import { allDiagnosisCommands } from "../runbook/queries.ts";

export interface HistoryEntry {
  readonly atMs: number;
  readonly command: string;
}

/** bash's timestamped history: `#<epoch seconds>` then the command; lines without a stamp take the last one seen (or `fallbackMs`). */
export function parseShellHistory(text: string, fallbackMs: number): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let stamp: number | undefined;
  for (const line of text.split("\n")) {
    const time = /^#(\d{9,11})$/.exec(line);
    if (time !== null) stamp = Number(time[1]) * 1000;
    else if (line.trim() !== "") entries.push({ atMs: stamp ?? fallbackMs, command: line.trim() });
  }
  return entries;
}

/** The runbook's diagnosis command a typed command is (as written, or with the environment's mapping undone), if any. */
export function runbookCommandOf(command: string, runbook: Runbook): string | undefined {
  const typed = normalizeCommand(command);
  return allDiagnosisCommands(runbook).find(({ command: known }) => normalizeCommand(known.command) === typed)?.command.command;
}

/**
 * Follows the environment's shell history during a live drill and records
 * each new command as a `command` event (with the runbook's diagnosis
 * command it is, if it is one). Reads from where it left off; stop() ends it.
 */
export function watchShellHistory(options: { descriptor: () => EnvironmentDescriptor; journal: Journal; runbook: Runbook; actor?: string; intervalMs?: number }): { stop(): Promise<void> } {
  const file = shellHistoryPath(options.descriptor());
  let offset = -1;
  let pending = "";
  let stopped = false;
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const handle = await open(file, "r").catch(() => undefined);
    if (handle === undefined) {
      if (offset < 0) offset = 0;
      return;
    }
    try {
      const { size } = await handle.stat();
      // What was there before the drill is not the responder's doing in it.
      if (offset < 0) offset = size;
      if (size < offset) offset = 0;
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      const text = pending + buffer.toString("utf8");
      const cut = text.lastIndexOf("\n");
      pending = text.slice(cut + 1);
      for (const entry of parseShellHistory(text.slice(0, cut + 1), Date.now())) {
        const runbookCommand = runbookCommandOf(entry.command, options.runbook);
        options.journal.record({ kind: "command", actor: options.actor ?? "trainee", command: entry.command.slice(0, 2_000), ...(runbookCommand !== undefined && { runbookCommand }) });
      }
    } finally {
      await handle.close();
    }
  };
  const timer = setInterval(() => {
    polling = polling.then(poll).catch(() => {});
  }, options.intervalMs ?? 500);
  polling = poll().catch(() => {});
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await polling;
      await poll().catch(() => {});
    },
  };
}
