import { readFileSync } from "node:fs";
import { defaultRunbookPath } from "./load-runbook.ts";
import type { Runbook } from "./model.ts";
import { parseRunbook } from "./parse-runbook.ts";

/** The shipped runbook's text, for tests that edit it. */
export function shippedRunbookText(): string {
  return readFileSync(defaultRunbookPath(), "utf8");
}

let shipped: Runbook | undefined;

/** The shipped runbook, parsed once per test file. */
export function shippedRunbook(): Runbook {
  shipped ??= parseRunbook(shippedRunbookText(), "runbooks/incident-response.md");
  return shipped;
}

/** The text from the line starting with `start` up to (not including) the line starting with `end`. */
export function cut(text: string, start: string, end: string): { readonly removed: string; readonly rest: string } {
  const from = text.indexOf(`\n${start}`);
  const to = text.indexOf(`\n${end}`, from + 1);
  if (from < 0 || to < 0) throw new Error(`cut: "${start}" … "${end}" not found`);
  return { removed: text.slice(from + 1, to + 1), rest: text.slice(0, from + 1) + text.slice(to + 1) };
}
