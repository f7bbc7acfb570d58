import { plainText } from "./inline.ts";
import type { Line } from "./markdown.ts";

export interface Table {
  readonly header: readonly string[];
  readonly line: number;
  readonly rows: readonly { readonly cells: readonly string[]; readonly line: number }[];
}

const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** The first pipe table in `lines` (cells as written, trimmed), or undefined. */
export function findTable(lines: readonly Line[]): Table | undefined {
  for (let index = 0; index + 1 < lines.length; index++) {
    const head = lines[index] as Line;
    const separator = lines[index + 1] as Line;
    if (head.inFence || !head.text.includes("|") || !SEPARATOR.test(separator.text)) continue;
    const rows: { cells: string[]; line: number }[] = [];
    for (const line of lines.slice(index + 2)) {
      if (line.inFence || !line.text.includes("|")) break;
      rows.push({ cells: cellsOf(line.text), line: line.number });
    }
    return { header: cellsOf(head.text).map(plainText), line: head.number, rows };
  }
  return undefined;
}

/** The index of the first header matching `name`, or -1. */
export function columnIndex(table: Table, name: RegExp): number {
  return table.header.findIndex((header) => name.test(header));
}

function cellsOf(text: string): string[] {
  const trimmed = text.trim().replace(/^\|/, "").replace(/\|$/, "");
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}
