import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import type { LogLevel, LogSink } from "./logger.ts";

/**
 * combined.log (every line) and error.log (level error) in one directory,
 * as the runbook's `grep … /var/log/bff/combined.log` expects. Lines are
 * written synchronously to descriptors kept open: a `grep` right after an
 * event sees its line, and nothing is lost when the process is killed.
 */
export class LogFiles implements LogSink {
  readonly dir: string;
  readonly combinedPath: string;
  readonly errorPath: string;
  #combined: number | undefined;
  #error: number | undefined;

  constructor(dir: string) {
    this.dir = dir;
    this.combinedPath = path.join(dir, "combined.log");
    this.errorPath = path.join(dir, "error.log");
    mkdirSync(dir, { recursive: true });
    this.#combined = openSync(this.combinedPath, "a");
    this.#error = openSync(this.errorPath, "a");
  }

  write(level: LogLevel, line: string): void {
    const bytes = Buffer.from(`${line}\n`);
    if (this.#combined !== undefined) writeFully(this.#combined, bytes);
    if (level === "error" && this.#error !== undefined) writeFully(this.#error, bytes);
  }

  close(): void {
    for (const fd of [this.#combined, this.#error]) if (fd !== undefined) closeSync(fd);
    this.#combined = undefined;
    this.#error = undefined;
  }
}

function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}
