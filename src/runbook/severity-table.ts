import { parseDurationMs } from "../schema/duration.ts";
import { plainText } from "./inline.ts";
import type { Section } from "./markdown.ts";
import type { Severity } from "./model.ts";
import type { Problems } from "./runbook-error.ts";
import { columnIndex, findTable, type Table } from "./table.ts";

const COLUMNS = { severity: /severity|priority|level/i, definition: /definition|description/i, responseTime: /response/i, examples: /example/i } as const;

/** The severity table: `| **P1 - Critical** | … | 15 minutes | … |`. */
export function readSeverities(section: Section, problems: Problems): Severity[] | undefined {
  const table = findTable(section.lines);
  if (table === undefined) return problems.add(section.line, section.title, "has no table of severities; expected | Severity | Definition | Response Time | Examples |");
  const columns = requiredColumns(table, section, problems);
  if (columns === undefined) return undefined;
  const severities: Severity[] = [];
  for (const row of table.rows) {
    const cell = (index: number) => row.cells[index] ?? "";
    const title = /^(P\d+)\s*(?:[-–—:]\s*(.*))?$/i.exec(plainText(cell(columns.severity)));
    if (title === null) {
      problems.add(row.line, section.title, `severity ${JSON.stringify(cell(columns.severity))} does not start with P1, P2, …; write e.g. **P1 - Critical**`);
      continue;
    }
    const id = (title[1] ?? "").toUpperCase();
    const responseTimeText = plainText(cell(columns.responseTime));
    const responseTimeMs = parseDurationMs(responseTimeText);
    if (responseTimeMs === undefined) {
      problems.add(row.line, section.title, `${id}: response time ${JSON.stringify(responseTimeText)} is not a duration; write e.g. "15 minutes" or "1 hour"`);
      continue;
    }
    if (severities.some((severity) => severity.id === id)) {
      problems.add(row.line, section.title, `${id} appears twice; keep one row per severity`);
      continue;
    }
    severities.push({
      id,
      name: (title[2] ?? "").trim(),
      definition: plainText(cell(columns.definition)),
      responseTimeMs,
      responseTimeText,
      examples: columns.examples < 0 ? [] : plainText(cell(columns.examples)).split(",").map((example) => example.trim()).filter((example) => example !== ""),
      line: row.line,
    });
  }
  if (severities.length === 0 && table.rows.length === 0) return problems.add(table.line, section.title, "the severity table has no rows");
  return severities.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
}

function requiredColumns(table: Table, section: Section, problems: Problems) {
  const columns = {
    severity: columnIndex(table, COLUMNS.severity),
    definition: columnIndex(table, COLUMNS.definition),
    responseTime: columnIndex(table, COLUMNS.responseTime),
    examples: columnIndex(table, COLUMNS.examples),
  };
  const missing = (["severity", "definition", "responseTime"] as const).filter((name) => columns[name] < 0);
  if (missing.length === 0) return columns;
  const names = { severity: "Severity", definition: "Definition", responseTime: "Response Time" };
  return problems.add(
    table.line,
    section.title,
    `the severity table has no ${missing.map((name) => `"${names[name]}"`).join(" or ")} column (columns: ${table.header.join(", ")}); expected | Severity | Definition | Response Time | Examples |`,
  );
}
