/** Plain-text tables for the environment bench. */

/** A row of cells, or a section title spanning the table. */
export type Row = readonly string[] | { section: string };

/** First column left-aligned, the others right-aligned except those listed in `left`. */
export function table(headers: readonly string[], rows: readonly Row[], left: readonly number[] = [0]): string {
  const cellRows = rows.filter((row): row is readonly string[] => Array.isArray(row));
  const widths = headers.map((header, column) => Math.max(header.length, ...cellRows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (left.includes(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(headers), rule, ...rows.map((row) => (Array.isArray(row) ? line(row) : `${(row as { section: string }).section}`))].join("\n");
}

export const seconds = (ms: number, digits = 2) => (Number.isFinite(ms) ? `${(ms / 1_000).toFixed(digits)} s` : "n/a");
/** Decimal megabytes (10^6 bytes), as the issue states its memory target. */
export const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(0)} MB` : "n/a");
export const mbFromKb = (kb: number) => mb(kb * 1024);

export type Verdict = "PASS" | "MISS" | "info";

export const atMost = (value: number, target: number): Verdict => (Number.isFinite(value) ? (value <= target ? "PASS" : "MISS") : "MISS");
