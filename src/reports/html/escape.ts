import { safeText } from "../text.ts";

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text from a run (drill titles, notes, actor names, probe output) as HTML
 * text or an attribute value: unsafe characters shown as `\uXXXX`
 * (`safeText`), then the five HTML-significant ones as entities, so nothing a
 * drill or a responder writes can open a tag or leave an attribute.
 */
export function escapeHtml(text: string | number): string {
  return safeText(String(text)).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** `<name a="1">children</name>`; children are HTML already, attribute values are escaped here. */
export function tag(name: string, attributes: Readonly<Record<string, string | number | undefined>>, children = ""): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
    .join("");
  return `<${name}${attrs}>${children}</${name}>`;
}
