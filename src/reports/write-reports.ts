import path from "node:path";
import type { SuiteRun } from "../engine/result.ts";
import { type RenderOptions, type ReporterName, reporterOf, REPORTERS } from "./registry.ts";
import { writeFileAtomic } from "./write-atomic.ts";

/** Where the file reporters write when no output directory is given: a folder of its own under the current directory, so results never mix with the project's files. */
export const DEFAULT_OUT_DIR = "firedrill-results";

export interface WriteReportsOptions {
  /** Directory for the file reporters (json → firedrill.json, junit → junit.xml, markdown → report.md); created if missing. Default `DEFAULT_OUT_DIR`, relative to the current directory. */
  readonly outDir?: string;
  /** ANSI colours in the console report; the CLI passes `process.stdout.isTTY`. Default false. */
  readonly color?: boolean;
  /** The drills and runbook, for the html reporter. */
  readonly sources?: RenderOptions["sources"];
  /** Where the console report goes. */
  readonly stdout: { write(text: string): unknown };
}

export interface WrittenReport {
  readonly reporter: ReporterName;
  /** The file written, or "stdout". */
  readonly path: string;
}

/**
 * Renders the suite with each reporter (in `REPORTERS` order, each once) and
 * writes it: console to `stdout` first, so the summary shows even when a file
 * cannot be written; then each file atomically (`writeFileAtomic`). A file
 * that cannot be written throws CONFIG_INVALID naming it; files written
 * before it stay, complete.
 */
export async function writeReports(suite: SuiteRun, reporters: readonly ReporterName[], options: WriteReportsOptions): Promise<WrittenReport[]> {
  const color = options.color ?? false;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const rendered = REPORTERS.filter((name) => reporters.includes(name)).map((name) => {
    const reporter = reporterOf(name);
    return { name, file: reporter.file, text: reporter.render(suite, { color, ...(options.sources !== undefined && { sources: options.sources }) }) };
  });
  const written: WrittenReport[] = [];
  for (const { name, file, text } of rendered) {
    if (file !== undefined) continue;
    options.stdout.write(text);
    written.push({ reporter: name, path: "stdout" });
  }
  for (const { name, file, text } of rendered) {
    if (file === undefined) continue;
    const target = path.join(outDir, file);
    await writeFileAtomic(target, text);
    written.push({ reporter: name, path: target });
  }
  return written;
}
