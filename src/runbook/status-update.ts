import type { StatusUpdateTemplate } from "./model.ts";

/** What a status update a responder wrote holds, field by field, against the runbook's template. */
export interface StatusUpdateReading {
  /** The severity named in the update (its headline, usually): "P2". */
  readonly severity?: string;
  /** Each template field found with a value: text, or the items of a list field. */
  readonly fields: Readonly<Record<string, string | readonly string[]>>;
  /** Template fields that are absent, empty or still the template's placeholder. */
  readonly missing: readonly string[];
  /** Fields whose value is not one of the template's choices (Status: Fixing). */
  readonly invalid: readonly { readonly field: string; readonly value: string; readonly allowed: readonly string[] }[];
}

/**
 * Reads `Status: Identified`, `Current Actions:` followed by `- …` lines and
 * so on; field names match whatever their case or emphasis.
 */
export function readStatusUpdate(text: string, template: StatusUpdateTemplate): StatusUpdateReading {
  const names = new Map(template.fields.map((field) => [field.name.toLowerCase(), field]));
  const values = new Map<string, string | string[]>();
  let listField: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\*\*|__/g, "").trim();
    const field = /^[-*]?\s*([A-Za-z][A-Za-z /-]*?)\s*:\s*(.*)$/.exec(line);
    const known = field === null ? undefined : names.get((field[1] ?? "").toLowerCase());
    if (field !== null && known !== undefined) {
      const value = (field[2] ?? "").trim();
      listField = known.list && value === "" ? known.name : undefined;
      values.set(known.name, known.list ? (value === "" ? [] : [value]) : value);
      continue;
    }
    const item = /^[-*•]\s+(.*)$/.exec(line);
    if (listField !== undefined && item !== null) {
      (values.get(listField) as string[]).push((item[1] ?? "").trim());
      continue;
    }
    if (line !== "") listField = undefined;
  }
  const filled = (value: string) => value !== "" && !/^\[.*\]$/.test(value);
  const fields: Record<string, string | readonly string[]> = {};
  const missing: string[] = [];
  const invalid: { field: string; value: string; allowed: readonly string[] }[] = [];
  for (const field of template.fields) {
    const value = values.get(field.name);
    const present = Array.isArray(value) ? value.filter(filled) : typeof value === "string" && filled(value) ? value : undefined;
    if (present === undefined || (Array.isArray(present) && present.length === 0)) {
      missing.push(field.name);
      continue;
    }
    fields[field.name] = present;
    if (typeof present === "string" && field.options.length > 0 && !field.options.some((option) => option.toLowerCase() === present.toLowerCase())) {
      invalid.push({ field: field.name, value: present, allowed: field.options });
    }
  }
  const severity = /\bP[1-9]\b/.exec(text)?.[0];
  return { ...(severity !== undefined && { severity }), fields, missing, invalid };
}
