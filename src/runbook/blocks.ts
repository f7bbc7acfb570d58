import type { Line, Section } from "./markdown.ts";

/**
 * A scenario's content split at its labels — `**Symptoms:**` lines, or
 * subheadings (`#### Symptoms`) for runbooks written that way.
 */
export interface Block {
  /** As written, without emphasis or the colon; "" for the text before the first label. */
  readonly label: string;
  readonly line: number;
  /** Text after the label on its own line: `**Escalation:** If unresolved …`. */
  readonly inline: string;
  readonly items: readonly ListItem[];
  readonly code: readonly CodeBlock[];
  readonly paragraphs: readonly string[];
}

export interface ListItem {
  /** The number of an ordered item; undefined for a bullet. */
  readonly number?: number;
  readonly text: string;
  readonly line: number;
}

export interface CodeBlock {
  readonly lang: string;
  readonly line: number;
  /** The lines between the fences. */
  readonly lines: readonly Line[];
}

interface MutableBlock {
  label: string;
  line: number;
  inline: string;
  items: ListItem[];
  code: CodeBlock[];
  paragraphs: string[];
}

const LABEL = /^\s*(?:\*\*|__)([^*_:][^*_]*?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(.*)$/;
const ITEM = /^(\s*)(?:([-*+])|(\d+)[.)])\s+(.*)$/;
const FENCE_OPEN = /^\s*(?:`{3,}|~{3,})\s*([\w-]*)/;

export function blocksOf(section: Section): Block[] {
  const blocks = splitBlocks(section.lines, "", section.line);
  for (const child of section.children) blocks.push(...splitBlocks(child.lines, child.title, child.line));
  return blocks;
}

function splitBlocks(lines: readonly Line[], firstLabel: string, firstLine: number): MutableBlock[] {
  const blocks: MutableBlock[] = [emptyBlock(firstLabel, firstLine, "")];
  let fence: Line[] | undefined;
  let fenceStart: { lang: string; line: number } | undefined;
  let lastItem: { index: number; indent: number } | undefined;
  for (const line of lines) {
    const block = blocks[blocks.length - 1] as MutableBlock;
    if (line.inFence) {
      if (fence === undefined) {
        fence = [];
        fenceStart = { lang: FENCE_OPEN.exec(line.text)?.[1] ?? "", line: line.number };
      } else if (FENCE_OPEN.test(line.text) && line.text.trim().replace(/[`~]/g, "") === "") {
        block.code.push({ ...(fenceStart as { lang: string; line: number }), lines: fence });
        fence = undefined;
      } else fence.push(line);
      continue;
    }
    const label = LABEL.exec(line.text);
    if (label !== null) {
      blocks.push(emptyBlock(label[1] ?? "", line.number, (label[2] ?? "").trim()));
      lastItem = undefined;
      continue;
    }
    if (line.text.trim() === "" || /^\s*(-{3,}|\*{3,})\s*$/.test(line.text)) {
      continue;
    }
    const item = ITEM.exec(line.text);
    if (item !== null) {
      const indent = (item[1] ?? "").length;
      block.items.push({ ...(item[3] !== undefined && { number: Number(item[3]) }), text: (item[4] ?? "").trim(), line: line.number });
      lastItem = { index: block.items.length - 1, indent };
      continue;
    }
    const continues = lastItem !== undefined && /^\s+\S/.test(line.text);
    if (continues && lastItem !== undefined) {
      const previous = block.items[lastItem.index] as ListItem;
      block.items[lastItem.index] = { ...previous, text: `${previous.text} ${line.text.trim()}` };
      continue;
    }
    lastItem = undefined;
    block.paragraphs.push(line.text.trim());
  }
  // An unterminated fence still holds commands.
  if (fence !== undefined && fenceStart !== undefined) (blocks[blocks.length - 1] as MutableBlock).code.push({ ...fenceStart, lines: fence });
  return blocks.filter((block, index) => index > 0 || block.label !== "" || block.items.length + block.code.length + block.paragraphs.length > 0);
}

function emptyBlock(label: string, line: number, inline: string): MutableBlock {
  return { label: label.trim(), line, inline, items: [], code: [], paragraphs: [] };
}
