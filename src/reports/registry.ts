import type { Drill } from "../drills/drill-schema.ts";
import type { SuiteRun } from "../engine/result.ts";
import type { Runbook } from "../runbook/model.ts";
import { FiredrillError } from "../errors.ts";
import { renderConsole } from "./console.ts";
import { renderHtmlReport } from "./html/index.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";

/** A reporter renders the whole suite as text; `file` is its file name in the output directory (none: it goes to stdout). */
export interface Reporter {
  readonly file?: string;
  render(suite: SuiteRun, options: RenderOptions): string;
}

export interface RenderOptions {
  readonly color: boolean;
  /** The drills (answer keys included) and the runbook: the HTML report draws the response-time bands and runbook steps from them. */
  readonly sources?: { readonly drills: ReadonlyMap<string, Drill>; readonly runbook: Runbook };
}

const defineReporter = <R extends Reporter>(reporter: R): R => reporter;

const REGISTRY = {
  console: defineReporter({ render: renderConsole }),
  json: defineReporter({ file: "firedrill.json", render: renderJson }),
  junit: defineReporter({ file: "junit.xml", render: renderJunit }),
  markdown: defineReporter({ file: "report.md", render: renderMarkdown }),
  html: defineReporter({
    file: "report.html",
    render: (suite, { sources }) => {
      if (sources === undefined) throw new FiredrillError("CONFIG_INVALID", "the html reporter needs the drills and the runbook (RenderOptions.sources)");
      return renderHtmlReport({ runs: suite.runs, drills: sources.drills, runbook: sources.runbook, title: `firedrill ${suite.runs.length === 1 ? suite.runs[0]!.drill.id : "suite"} ${suite.startedAt.slice(0, 16)}` });
    },
  }),
} as const satisfies Readonly<Record<string, Reporter>>;

export type ReporterName = keyof typeof REGISTRY;

/** Every reporter, in the order their output is written. */
export const REPORTERS: readonly ReporterName[] = Object.freeze(Object.keys(REGISTRY) as ReporterName[]);

export function reporterOf(name: ReporterName): Reporter {
  return REGISTRY[name];
}

const isReporterName = (name: string): name is ReporterName => Object.hasOwn(REGISTRY, name);

/**
 * `"console,junit"` (or the values of a repeated option) → `["console", "junit"]`:
 * names split on commas, trimmed, repeats dropped. Throws CONFIG_INVALID
 * naming the bad value and the allowed ones.
 */
export function parseReporters(value: string | readonly string[]): ReporterName[] {
  const given = typeof value === "string" ? value : value.join(",");
  const names = given
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const allowed = `use one or more of ${REPORTERS.join(", ")}, separated by commas`;
  if (names.length === 0) throw new FiredrillError("CONFIG_INVALID", `no reporter given in "${given}": ${allowed}`);
  const unknown = names.find((name) => !isReporterName(name));
  if (unknown !== undefined) throw new FiredrillError("CONFIG_INVALID", `reporter "${unknown}" is not known (in "${given}"): ${allowed}`);
  return [...new Set(names as ReporterName[])];
}
