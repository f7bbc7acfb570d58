import type { Issue, Path } from "../schema/index.ts";
import { TEMPLATE_ROOTS } from "./vocabulary.ts";

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Problems with the `{{root.field}}` placeholders in `value` (params, searched all the way down). */
export function checkPlaceholders(value: unknown, path: Path, faultIds: readonly string[], issues: Issue[]): void {
  if (typeof value === "string") {
    for (const match of value.matchAll(PLACEHOLDER)) checkPlaceholder(match[1] ?? "", path, faultIds, issues);
  } else if (Array.isArray(value)) {
    value.forEach((element, index) => checkPlaceholders(element, [...path, index], faultIds, issues));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, element] of Object.entries(value)) checkPlaceholders(element, [...path, key], faultIds, issues);
  }
}

function checkPlaceholder(expression: string, path: Path, faultIds: readonly string[], issues: Issue[]): void {
  const [root = "", field, ...rest] = expression.split(".");
  const roots = Object.keys(TEMPLATE_ROOTS);
  if (!Object.hasOwn(TEMPLATE_ROOTS, root)) {
    issues.push({ path, message: `placeholder {{${expression}}} starts with an unknown name "${root}"`, allowed: roots.map((name) => `{{${name}.…}}`) });
    return;
  }
  const fields = TEMPLATE_ROOTS[root as keyof typeof TEMPLATE_ROOTS];
  if (field === undefined || field === "") {
    issues.push({ path, message: `placeholder {{${expression}}} names no field`, fix: `write e.g. {{${root}.${fields?.[0] ?? "name"}}}` });
  } else if (fields !== undefined && !(fields as readonly string[]).includes(field)) {
    issues.push({ path, message: `placeholder {{${expression}}}: ${root} has no field "${field}"`, allowed: fields.map((name) => `{{${root}.${name}}}`) });
  } else if (root === "faults" && !faultIds.includes(field)) {
    issues.push({ path, message: `placeholder {{${expression}}} names no fault of this drill`, allowed: faultIds.map((id) => `{{faults.${id}.…}}`) });
  } else if (root === "faults" && rest.length === 0) {
    issues.push({ path, message: `placeholder {{${expression}}} names no field of the fault's handle`, fix: `write e.g. {{faults.${field}.token}}` });
  }
}
