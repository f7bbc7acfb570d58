/** Just enough markdown for runbooks: lines, fences, headings and the section tree they make. */
export interface Line {
  /** 1-based. */
  readonly number: number;
  readonly text: string;
  /** Inside a fenced code block (fence lines included). */
  readonly inFence: boolean;
}

export interface Section {
  /** 0 for the document itself. */
  readonly level: number;
  readonly title: string;
  readonly line: number;
  /** The lines between the heading and the next heading of any level. */
  readonly lines: readonly Line[];
  readonly children: readonly Section[];
}

interface MutableSection {
  level: number;
  title: string;
  line: number;
  lines: Line[];
  children: MutableSection[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

export function toLines(text: string): Line[] {
  let fence: string | undefined;
  return text.split(/\r?\n/).map((raw, index) => {
    const open = FENCE.exec(raw)?.[1];
    let inFence = fence !== undefined;
    if (fence === undefined && open !== undefined) {
      fence = open;
      inFence = true;
    } else if (fence !== undefined && open !== undefined && open[0] === fence[0] && open.length >= fence.length && raw.trim() === open) {
      fence = undefined;
    }
    return { number: index + 1, text: raw.replace(/\t/g, "    "), inFence };
  });
}

/** The document as a tree of sections under a level-0 root. */
export function parseSections(text: string): Section {
  const root: MutableSection = { level: 0, title: "", line: 1, lines: [], children: [] };
  const stack: MutableSection[] = [root];
  for (const line of toLines(text)) {
    const heading = line.inFence ? null : HEADING.exec(line.text);
    if (heading === null) {
      (stack[stack.length - 1] as MutableSection).lines.push(line);
      continue;
    }
    const section: MutableSection = { level: (heading[1] ?? "#").length, title: (heading[2] ?? "").trim(), line: line.number, lines: [], children: [] };
    while ((stack[stack.length - 1] as MutableSection).level >= section.level) stack.pop();
    (stack[stack.length - 1] as MutableSection).children.push(section);
    stack.push(section);
  }
  return root;
}

/** The first section, depth first, whose title matches. */
export function findSection(root: Section, title: RegExp): Section | undefined {
  for (const child of root.children) {
    if (title.test(child.title)) return child;
    const found = findSection(child, title);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every heading's title, for "headings found: …" in messages. */
export function headingTitles(root: Section): string[] {
  return root.children.flatMap((child) => [child.title, ...headingTitles(child)]);
}

/** A section's lines followed by its subsections' (headings included), in document order. */
export function allLines(section: Section): Line[] {
  return [...section.lines, ...section.children.flatMap((child) => [{ number: child.line, text: `${"#".repeat(child.level)} ${child.title}`, inFence: false }, ...allLines(child)])];
}
