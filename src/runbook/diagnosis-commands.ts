import type { CodeBlock, ListItem } from "./blocks.ts";
import { codeSpans } from "./inline.ts";
import type { DiagnosisCommand } from "./model.ts";

/**
 * The commands of a diagnosis code block, each with the `#` comment lines
 * above it; a line ending in `\` continues on the next.
 */
export function commandsOf(code: readonly CodeBlock[]): DiagnosisCommand[] {
  const commands: DiagnosisCommand[] = [];
  for (const block of code) {
    let comments: string[] = [];
    let pending: { parts: string[]; line: number } | undefined;
    for (const { text, number } of block.lines) {
      const trimmed = text.trim();
      if (pending !== undefined) {
        pending.parts.push(trimmed.replace(/\\$/, "").trim());
        if (!trimmed.endsWith("\\")) {
          commands.push({ command: pending.parts.join(" "), comments, line: pending.line });
          comments = [];
          pending = undefined;
        }
        continue;
      }
      if (trimmed === "") continue;
      if (trimmed.startsWith("#")) {
        comments.push(trimmed.replace(/^#+\s*/, ""));
        continue;
      }
      const command = trimmed.replace(/^\$\s+/, "");
      if (command.endsWith("\\")) pending = { parts: [command.slice(0, -1).trim()], line: number };
      else {
        commands.push({ command, comments, line: number });
        comments = [];
      }
    }
    if (pending !== undefined) commands.push({ command: pending.parts.join(" "), comments, line: pending.line });
  }
  return commands;
}

/** Diagnosis written as a list of code spans ("- `redis-cli ping` — check connectivity"). */
export function commandsOfItems(items: readonly ListItem[]): DiagnosisCommand[] {
  return items.flatMap((item) => {
    const [command] = codeSpans(item.text);
    if (command === undefined) return [];
    const comment = item.text.replace(/`[^`]+`/, "").replace(/^[\s:—–-]+/, "").trim();
    return [{ command, comments: comment === "" ? [] : [comment], line: item.line }];
  });
}

/** Commands compare equal whatever their spacing. */
export function normalizeCommand(command: string): string {
  return command.trim().replace(/\s+/g, " ");
}
