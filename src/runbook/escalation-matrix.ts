import { parseDurationMs } from "../schema/duration.ts";
import { plainText, splitClauses } from "./inline.ts";
import type { Section } from "./markdown.ts";
import type { EscalationCondition, EscalationLevel } from "./model.ts";
import type { Problems } from "./runbook-error.ts";
import { columnIndex, findTable } from "./table.ts";

/** The escalation matrix: `| **L2** | Technical Lead | Development lead | P1/P2 not resolved in 30 minutes |`. */
export function readEscalationMatrix(section: Section, problems: Problems): EscalationLevel[] | undefined {
  const table = findTable(section.lines);
  if (table === undefined) return problems.add(section.line, section.title, "has no table of levels; expected | Level | Scope | Contact | When to Escalate |");
  const columns = { level: columnIndex(table, /level/i), scope: columnIndex(table, /scope|role/i), contact: columnIndex(table, /contact/i), when: columnIndex(table, /when|condition/i) };
  if (columns.level < 0 || columns.when < 0) {
    return problems.add(table.line, section.title, `the escalation table needs "Level" and "When to Escalate" columns (columns: ${table.header.join(", ")})`);
  }
  const levels: EscalationLevel[] = [];
  for (const row of table.rows) {
    const cell = (index: number) => (index < 0 ? "" : plainText(row.cells[index] ?? ""));
    const id = /^L\d+$/i.exec(cell(columns.level))?.[0]?.toUpperCase();
    if (id === undefined) {
      problems.add(row.line, section.title, `level ${JSON.stringify(cell(columns.level))} is not L1, L2, …; write e.g. **L2**`);
      continue;
    }
    if (levels.some((level) => level.id === id)) {
      problems.add(row.line, section.title, `${id} appears twice; keep one row per level`);
      continue;
    }
    const when = cell(columns.when);
    levels.push({ id, scope: cell(columns.scope), contact: cell(columns.contact), when, conditions: readConditions(when), line: row.line });
  }
  if (levels.length === 0 && table.rows.length === 0) return problems.add(table.line, section.title, "the escalation table has no rows");
  return levels;
}

const UNRESOLVED = /^((?:P\d+\s*(?:\/|,|or|and)\s*)*P\d+)\s+(?:is\s+|are\s+)?(?:not|un)\s*resolved\s+(?:in|within|after)\s+(.+)$/i;

/** "P1 not resolved in 1 hour, customer impact" → two conditions, either of which calls for the level. */
export function readConditions(text: string): EscalationCondition[] {
  return splitClauses(text).map((clause): EscalationCondition => {
    if (/^all( incidents)?$/i.test(clause)) return { kind: "always", text: clause };
    const unresolved = UNRESOLVED.exec(clause);
    const afterMs = unresolved === null ? undefined : parseDurationMs(unresolved[2] ?? "");
    if (unresolved !== null && afterMs !== undefined) {
      return { kind: "unresolved", severities: (unresolved[1] ?? "").toUpperCase().match(/P\d+/g) ?? [], afterMs, text: clause };
    }
    const external = /external\s+(?:system|service|vendor)s?\s+failure\s*(?:\(([^)]*)\))?/i.exec(clause);
    if (external !== null) {
      return { kind: "external-system", systems: (external[1] ?? "").split(/,|\bor\b|\band\b/).map((system) => system.trim()).filter((system) => system !== ""), text: clause };
    }
    if (/customer[- ]impact/i.test(clause)) return { kind: "customer-impact", text: clause };
    return { kind: "other", text: clause };
  });
}
