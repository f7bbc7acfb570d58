import { LineCounter, parseDocument } from "yaml";
import type { Runbook } from "../runbook/model.ts";
import { formatPath, type Issue, validate } from "../schema/index.ts";
import { crossCheck } from "./cross-checks.ts";
import { defaultRegistries } from "./default-kinds.ts";
import { type Drill, drillSchema } from "./drill-schema.ts";
import { DrillError, type DrillIssue } from "./drill-error.ts";
import type { DrillRegistries } from "./kind-registry.ts";
import { locate } from "./positions.ts";

export interface ParseDrillOptions {
  /** Named in problems. */
  readonly file: string;
  readonly runbook: Runbook;
  readonly registries?: DrillRegistries;
}

export type DrillReading = { readonly ok: true; readonly drill: Drill } | { readonly ok: false; readonly issues: readonly DrillIssue[] };

/** Reads one drill's YAML: every problem (syntax, schema, references into the runbook) with its line and column. */
export function readDrill(text: string, options: ParseDrillOptions): DrillReading {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: true, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => ({
        file: options.file,
        line: error.linePos?.[0]?.line ?? 1,
        col: error.linePos?.[0]?.col ?? 1,
        path: "",
        ...yamlProblem(error.code, error.message),
      })),
    };
  }
  const schema = drillSchema({ registries: options.registries ?? defaultRegistries, runbook: options.runbook });
  const checked = validate(schema, document.toJS({ maxAliasCount: 100 }));
  const issues: readonly Issue[] = checked.ok ? crossCheck(checked.value, options.runbook) : checked.issues;
  if (checked.ok && issues.length === 0) return { ok: true, drill: checked.value };
  return {
    ok: false,
    issues: issues.map((issue) => {
      const position = locate(document, lineCounter, issue.path, issue.at);
      return {
        file: options.file,
        ...position,
        path: issue.path.length === 0 ? "" : formatPath(issue.path),
        message: issue.message,
        ...(issue.allowed !== undefined && { allowed: issue.allowed }),
        ...(issue.fix !== undefined && { fix: issue.fix }),
      };
    }),
  };
}

/** One drill from its YAML, or a DrillError naming every problem. */
export function parseDrill(text: string, options: ParseDrillOptions): Drill {
  const reading = readDrill(text, options);
  if (!reading.ok) throw new DrillError(reading.issues);
  return reading.drill;
}

/** The YAML library's message in firedrill's words, with the fix for the usual mistakes. */
function yamlProblem(code: string, message: string): { message: string; fix: string } {
  const first = (message.split("\n")[0] ?? code).replace(/ at line \d+, column \d+:?$/, "");
  switch (code) {
    case "MULTIPLE_DOCS":
      return { message: "YAML: the file holds more than one document (a second ---)", fix: "keep one drill per file" };
    case "DUPLICATE_KEY":
      return { message: `YAML: ${first}`, fix: "keep one of the two" };
    case "TAB_AS_INDENT":
      return { message: `YAML: ${first}`, fix: "indent with spaces" };
    default:
      return { message: `YAML: ${first}`, fix: "check indentation and quoting (a value holding `: `, `#` or `{` needs quotes)" };
  }
}
