import { escapeHtml, tag } from "./escape.ts";

/** A table of rows of cells that are HTML already; `num` columns align right. */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], options: { readonly num?: readonly number[]; readonly rowClass?: (index: number) => string | undefined } = {}): string {
  const cell = (name: "th" | "td", column: number, html: string) => tag(name, { class: options.num?.includes(column) ? "num" : undefined }, html);
  const head = tag("tr", {}, header.map((html, column) => cell("th", column, html)).join(""));
  const body = rows.map((row, index) => tag("tr", { class: options.rowClass?.(index) }, row.map((html, column) => cell("td", column, html)).join(""))).join("");
  return tag("table", {}, tag("thead", {}, head) + tag("tbody", {}, body));
}

export function notesList(notes: readonly string[]): string {
  return notes.length === 0 ? "" : tag("ul", { class: "notes" }, notes.map((note) => tag("li", {}, escapeHtml(note))).join(""));
}

export function badge(kind: string, text = kind): string {
  return tag("span", { class: `badge ${kind}` }, escapeHtml(text));
}
