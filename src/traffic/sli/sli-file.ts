import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { FiredrillError } from "../../errors.ts";
import type { SliLine } from "./lines.ts";

/**
 * sli.jsonl as the run writes it: truncated at the start, then one JSON
 * object per line, each written whole with one write(2) so a reader in
 * another process sees whole lines (at worst, a last line still missing its
 * newline). A write that fails stops further writes; `error` keeps why.
 */
export class SliFileWriter {
  readonly path: string;
  #fd: number | undefined;
  #error: Error | undefined;

  private constructor(file: string, fd: number) {
    this.path = file;
    this.#fd = fd;
  }

  static open(dir: string, name: string): SliFileWriter {
    const file = path.resolve(dir, name);
    try {
      mkdirSync(dir, { recursive: true });
      return new SliFileWriter(file, openSync(file, "w", 0o644));
    } catch (error) {
      throw new FiredrillError("CONFIG_INVALID", `traffic: cannot write SLIs to ${file}: ${(error as Error).message}; give an output directory this user can write to`, { cause: error });
    }
  }

  get error(): Error | undefined {
    return this.#error;
  }

  write(line: SliLine): void {
    if (this.#fd === undefined) return;
    try {
      writeSync(this.#fd, `${JSON.stringify(line)}\n`);
    } catch (error) {
      this.#error = error as Error;
      this.close();
    }
  }

  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      closeSync(fd);
    } catch (error) {
      this.#error ??= error as Error;
    }
  }
}

/** The lines of an sli.jsonl written so far, oldest first; a last line still being written is left out. */
export async function readSliFile(file: string): Promise<SliLine[]> {
  const text = await readFile(file, "utf8");
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  return complete
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as SliLine);
}
