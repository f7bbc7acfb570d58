import { safeText } from "./text.ts";

/**
 * XML 1.0 escaping. Characters XML 1.0 does not allow at all (most C0
 * controls, U+FFFE/U+FFFF, lone surrogates) cannot be escaped either — not
 * even as character references — so `safeText` first shows them as
 * `\uXXXX`. No CDATA: escaped text has no `]]>` to worry about.
 */
export function xmlText(text: string): string {
  return safeText(text).replace(/[&<>]/g, (char) => ENTITIES[char]!);
}

/** As `xmlText`, and quotes; tab and newline as character references, which attribute-value normalisation would otherwise turn into spaces. */
export function xmlAttr(value: string | number): string {
  return safeText(String(value)).replace(/[&<>"'\t\n]/g, (char) => ENTITIES[char]!);
}

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;" };

/** `<name a="1">children</name>`, or `<name a="1"/>` without children. Children are XML already. */
export function element(name: string, attributes: Readonly<Record<string, string | number>>, children?: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlAttr(value)}"`)
    .join("");
  return children === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${children}</${name}>`;
}
