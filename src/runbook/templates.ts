import { blocksOf } from "./blocks.ts";
import { plainText } from "./inline.ts";
import type { Section } from "./markdown.ts";
import type { ReviewTemplate, StatusUpdateTemplate, TemplateField } from "./model.ts";
import type { Problems } from "./runbook-error.ts";

const FIELD = /^([A-Z][A-Za-z]*(?:[ /-][A-Za-z]+)*)\s*:\s*(.*)$/;

/** The Internal Status Update template: a fenced block of `Name: [placeholder]` lines. */
export function readStatusUpdateTemplate(section: Section, problems: Problems): StatusUpdateTemplate | undefined {
  const code = blocksOf(section).flatMap((block) => block.code)[0];
  if (code === undefined) return problems.add(section.line, section.title, "has no ``` block holding the template (INCIDENT UPDATE …, Status: […], …)");
  const lines = code.lines.filter((line) => line.text.trim() !== "");
  const [headline, ...rest] = lines;
  const fields: TemplateField[] = [];
  for (const line of rest) {
    const field = FIELD.exec(line.text.trim());
    if (field === null) continue;
    const placeholder = (field[2] ?? "").trim();
    fields.push({ name: field[1] ?? "", placeholder, options: optionsOf(placeholder), list: placeholder === "", line: line.number });
  }
  if (headline === undefined || fields.length === 0) return problems.add(code.line, section.title, "the template has no `Field: [placeholder]` lines (Status: […], Impact: […], …)");
  return { headline: headline.text.trim(), fields, line: code.line };
}

/** `[Investigating/Identified/Monitoring/Resolved]` → its choices; free text → none. */
export function optionsOf(placeholder: string): string[] {
  const inner = /^\[(.*)\]$/.exec(placeholder.trim())?.[1];
  if (inner === undefined) return [];
  const options = inner.split("/").map((option) => option.trim());
  return options.length > 1 && options.every((option) => /^[A-Za-z0-9]+$/.test(option)) ? options : [];
}

/** The post-incident review template: `1. **Incident Summary**` items, each followed by its prompts. */
export function readReviewTemplate(section: Section): ReviewTemplate | undefined {
  const sections: { title: string; prompts: string[]; line: number }[] = [];
  for (const block of blocksOf(section)) {
    for (const item of block.items) {
      if (item.number !== undefined) sections.push({ title: plainText(item.text), prompts: [], line: item.line });
      else sections[sections.length - 1]?.prompts.push(plainText(item.text));
    }
  }
  return sections.length === 0 ? undefined : { sections };
}
