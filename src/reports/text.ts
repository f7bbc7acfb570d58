/**
 * Characters no report should carry as they are: C0 controls other than tab
 * and newline (ESC would restyle a terminal; most are illegal in XML 1.0),
 * DEL, C1 controls (CSI is an escape on some terminals), the non-characters
 * U+FFFE/U+FFFF and lone surrogates (not representable in UTF-8).
 */
const UNSAFE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` with every unsafe character shown as `\uXXXX` (so a probe's output
 * with colour codes still says what it said), CRLF and lone CR as newlines.
 */
export function safeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/** The cells padded to left-aligned columns (the last column is left as it is), for the caller to colour and join. */
export function padColumns(rows: readonly (readonly string[])[]): string[][] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell + " ".repeat(widths[column]! - [...cell].length))));
}
