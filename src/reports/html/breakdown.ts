import type { DrillRun } from "../../engine/result.ts";
import type { Part, Score } from "../../scoring/score-model.ts";
import { formatMs } from "../../scoring/incident.ts";
import { factsOf } from "../facts.ts";
import { escapeHtml } from "./escape.ts";
import { htmlTable, notesList } from "./html-table.ts";

/**
 * The score part by part: what was measured, points of max, and the notes
 * that say why points were lost; then the penalties and the total.
 */
export function breakdownTable(run: DrillRun, score: Score): string {
  const facts = factsOf(run);
  const updates = score.communication.updates;
  const parts: readonly [string, Part, string][] = [
    ["Detection", score.detection, `detected after ${facts.detection}; acknowledged after ${score.detection.timeToAcknowledgeMs === undefined ? "never" : formatMs(score.detection.timeToAcknowledgeMs)}`],
    ["Classification", score.classification, `${facts.severity}; component ${score.classification.component.given ?? "none"} (${score.classification.component.verdict})`],
    ["Escalation", score.escalation, facts.escalation],
    ["Resolution", score.resolution, `recovery ${facts.recovery}; ${score.resolution.claims.length} resolve claim(s)`],
    ["Communication", score.communication, `${updates.length} status update(s)${updates.length === 0 ? "" : `, best coverage ${Math.round(Math.max(...updates.map((update) => update.coverage)) * 100)}%`}`],
  ];
  const rows = parts.map(([name, part, measured]) => [escapeHtml(name), escapeHtml(measured), `${part.points}`, `${part.max}`, notesList(part.notes)]);
  rows.push([escapeHtml("Penalties"), escapeHtml(`${score.penalties.items.length} item(s)`), score.penalties.points === 0 ? "0" : `−${score.penalties.points}`, "", ""]);
  rows.push([escapeHtml("Total"), "", `${score.total}`, `${score.max}`, notesList(score.verdict.failures)]);
  return htmlTable(["Part", "Measured", "Points", "Max", "Notes"], rows, { num: [2, 3], rowClass: (index) => (index === rows.length - 1 ? "total" : undefined) });
}
