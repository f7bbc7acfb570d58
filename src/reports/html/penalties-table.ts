import { formatMs } from "../../scoring/incident.ts";
import type { Score } from "../../scoring/score-model.ts";
import { escapeHtml, tag } from "./escape.ts";
import { htmlTable } from "./html-table.ts";

/** Hints, false claims, avoided or destructive actions (evidence tampering among them), unexpected escalations. */
export function penaltiesTable(score: Score): string {
  const items = score.penalties.items;
  if (items.length === 0) return tag("p", { class: "muted" }, "No penalties.");
  return htmlTable(
    ["Penalty", "After", "Cost", "Detail"],
    items.map((item) => [escapeHtml(item.kind), escapeHtml(formatMs(item.afterMs)), `−${item.cost}`, escapeHtml(item.detail)]),
    { num: [1, 2] },
  );
}
