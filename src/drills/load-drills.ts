import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { FiredrillError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import type { Runbook } from "../runbook/model.ts";
import type { Drill } from "./drill-schema.ts";
import { DrillError, type DrillIssue } from "./drill-error.ts";
import type { DrillRegistries } from "./kind-registry.ts";
import { readDrill } from "./parse-drill.ts";

/** A drill with the file it came from. */
export type LoadedDrill = Drill & { readonly file: string };

export interface LoadDrillsOptions {
  readonly runbook: Runbook;
  /** Default: firedrill's own drills/ directory. */
  readonly dir?: string;
  readonly registries?: DrillRegistries;
}

export function defaultDrillsDir(): string {
  return projectPath("drills");
}

const DRILL_FILE = /\.ya?ml$/;

/**
 * Every `*.yaml` in the directory, in name order. All or nothing: any
 * problem in any file throws one DrillError listing them all.
 */
export async function loadDrills(options: LoadDrillsOptions): Promise<LoadedDrill[]> {
  const dir = options.dir ?? defaultDrillsDir();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => DRILL_FILE.test(name)).sort();
  } catch (error) {
    throw new FiredrillError("NOT_FOUND", `drills: cannot read the directory ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass a directory of drill YAML files`, { cause: error });
  }
  return loadDrillFiles(names.map((name) => path.join(dir, name)), options);
}

/** The named files, checked together: each id matches its file name and is used once. */
export async function loadDrillFiles(files: readonly string[], options: Omit<LoadDrillsOptions, "dir">): Promise<LoadedDrill[]> {
  const issues: DrillIssue[] = [];
  const drills: LoadedDrill[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      issues.push({ file, line: 1, col: 1, path: "", message: `cannot read the file (${error.code ?? error.message})` });
      return undefined;
    });
    if (text === undefined) continue;
    const reading = readDrill(text, { file, runbook: options.runbook, ...(options.registries !== undefined && { registries: options.registries }) });
    if (!reading.ok) {
      issues.push(...reading.issues);
      continue;
    }
    const stem = path.basename(file).replace(DRILL_FILE, "");
    const idAt = { file, ...lineOfId(text), path: "id" };
    if (reading.drill.id !== stem) issues.push({ ...idAt, message: `is "${reading.drill.id}" but the file is ${path.basename(file)}`, fix: `rename the file to ${reading.drill.id}.yaml or set id: ${stem}` });
    const twin = drills.find((drill) => drill.id === reading.drill.id);
    if (twin !== undefined) issues.push({ ...idAt, message: `"${reading.drill.id}" is also the id of ${twin.file}`, fix: "give each drill its own id" });
    drills.push({ ...reading.drill, file });
  }
  if (issues.length > 0) throw new DrillError(issues);
  return drills;
}

/** Where the top-level `id:` value is, for problems with the id itself. */
function lineOfId(text: string): { line: number; col: number } {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => /^id\s*:/.test(line));
  if (index < 0) return { line: 1, col: 1 };
  const match = /^id\s*:\s*/.exec(lines[index] ?? "");
  return { line: index + 1, col: (match?.[0].length ?? 0) + 1 };
}
