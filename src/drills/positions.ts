import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { Path } from "../schema/index.ts";

export interface Position {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly col: number;
}

/**
 * Where `path` is in the YAML source: its value, or its key when the key is
 * the problem. A path that runs out (a missing field) ends at the deepest
 * node that exists — the mapping that lacks the field.
 */
export function locate(document: Document, lineCounter: LineCounter, path: Path, at: "key" | "value" = "value"): Position {
  let node: unknown = document.contents;
  let found: unknown = node;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      if (last && at === "key") {
        found = pair.key;
        break;
      }
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
    } else break;
    found = node;
  }
  const offset = (found as Node | null | undefined)?.range?.[0] ?? 0;
  const position = lineCounter.linePos(offset);
  return { line: position.line, col: position.col };
}
