import { escapeHtml } from "./escape.ts";

/** A runbook step as written (`Start Redis: \`systemctl start redis\``, `**Do not** …`) as HTML: escaped first, then code spans and bold. */
export function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
}
