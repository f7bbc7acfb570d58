/** Plain-text tables and number formatting for the benchmark's output. */

export type Align = "left" | "right";

export function table(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => ((align?.[column] ?? (column === 0 ? "left" : "right")) === "left" ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
export const signed = (value: number, digits = 1) => (Number.isFinite(value) ? `${value >= 0 ? "+" : ""}${value.toFixed(digits)}` : "n/a");
export const thousands = (value: number) => value.toLocaleString("en-US");
/** Decimal megabytes (10^6 bytes), as the targets are stated. */
export const megabytes = (bytes: number) => bytes / 1e6;
