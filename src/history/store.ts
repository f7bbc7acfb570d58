import { appendFile, mkdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DrillRun } from "../engine/result.ts";
import { FiredrillError } from "../errors.ts";
import { formatPath, validate } from "../schema/index.ts";
import { type HistoryRecord, historyRecordSchema, type RunContext, summarizeRun } from "./record.ts";

/**
 * The history is one JSON-lines file, append-only: one line per run.
 *
 * Concurrency: every record is appended with one `appendFile` of one whole
 * line (O_APPEND, so each write lands at the end of the file whatever other
 * processes appended meanwhile). On a local Linux file system a write to a
 * regular file is not interleaved with another, so concurrent drills,
 * trainees and game days can record side by side without a lock. POSIX does
 * not promise that for every file system (NFS, say): the reader therefore
 * skips a line it cannot read and counts it, and finds a record glued to a
 * torn line (a crash mid-write) again by its leading `{"v":`.
 */
export const HISTORY_FILE = "runs.jsonl";

export interface HistoryOptions {
  /** The history's directory. Default: `$FIREDRILL_HISTORY_DIR`, else `${XDG_DATA_HOME:-~/.local/share}/firedrill/history`. */
  readonly dir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export function historyDir(options: HistoryOptions = {}): string {
  if (options.dir !== undefined) return options.dir;
  const env = options.env ?? process.env;
  if (env.FIREDRILL_HISTORY_DIR) return env.FIREDRILL_HISTORY_DIR;
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "firedrill", "history");
}

export const historyFile = (options: HistoryOptions = {}): string => path.join(historyDir(options), HISTORY_FILE);

/** Appends the run's summary to the history and returns it. Throws CONFIG_INVALID naming the file when it cannot be written. */
export async function recordRun(run: DrillRun, context: RunContext, options: HistoryOptions = {}): Promise<HistoryRecord> {
  const record = summarizeRun(run, context);
  const file = historyFile(options);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(record)}\n`, { encoding: "utf8", flag: "a" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FiredrillError("CONFIG_INVALID", `history "${file}": run ${run.runId} could not be recorded: ${reason}; make the directory writable or set FIREDRILL_HISTORY_DIR to one that is`, { cause: error });
  }
  return record;
}

export interface SkippedLine {
  readonly line: number;
  readonly reason: string;
}

export interface History {
  readonly file: string;
  /** In the order they were recorded. */
  readonly records: HistoryRecord[];
  /** Lines that held no readable record: never fatal, the caller may warn. */
  readonly skipped: SkippedLine[];
}

/** Reads every record; a missing file is an empty history. Throws CONFIG_INVALID only when the file exists and cannot be read. */
export async function readHistory(options: HistoryOptions = {}): Promise<History> {
  const file = historyFile(options);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { file, records: [], skipped: [] };
    throw new FiredrillError("CONFIG_INVALID", `history "${file}" could not be read: ${(error as Error).message}; check its permissions or set FIREDRILL_HISTORY_DIR`, { cause: error });
  }
  return { file, ...parseHistory(text) };
}

/** Parses the history's lines, skipping (and naming) those that hold no valid record. */
export function parseHistory(text: string): { records: HistoryRecord[]; skipped: SkippedLine[] } {
  const records: HistoryRecord[] = [];
  const skipped: SkippedLine[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const parsed = parseLine(line);
    if (typeof parsed === "string") {
      // A torn line (a writer died mid-line) has the next record glued to its end.
      const glued = line.lastIndexOf('{"v":');
      const recovered = glued > 0 ? parseLine(line.slice(glued)) : undefined;
      skipped.push({ line: index + 1, reason: parsed });
      if (recovered !== undefined && typeof recovered !== "string") records.push(recovered);
      return;
    }
    records.push(parsed);
  });
  return { records, skipped };
}

function parseLine(line: string): HistoryRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "not JSON";
  }
  const checked = validate(historyRecordSchema, value);
  if (checked.ok) return checked.value;
  const issue = checked.issues[0];
  return issue === undefined ? "not a run record" : `${formatPath(issue.path)}: ${issue.message}`;
}
