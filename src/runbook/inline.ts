/** Inline markdown: emphasis removed, code spans found. */
export function plainText(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/__(.+?)__/g, "$1")
    .replace(/(^|\W)\*(\S.*?)\*(?=\W|$)/g, "$1$2")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .trim();
}

export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
}

/** `Redis Connection Failures` → `redis-connection-failures`. */
export function slugify(title: string): string {
  return plainText(title)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Splits on commas outside parentheses: `a, b (c, d), e` → [`a`, `b (c, d)`, `e`]. */
export function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth = Math.max(0, depth - 1);
    if (char === "," && depth === 0) {
      clauses.push(current);
      current = "";
    } else current += char;
  }
  clauses.push(current);
  return clauses.map((clause) => clause.trim()).filter((clause) => clause !== "");
}
