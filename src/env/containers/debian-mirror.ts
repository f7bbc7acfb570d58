import fs from "node:fs/promises";
import path from "node:path";

const FALLBACK = "http://deb.debian.org/debian";

/**
 * The Debian mirror debootstrap should use: FIREDRILL_DEBIAN_MIRROR, else the
 * machine's own apt source for `suite` (a machine without internet access has
 * a configured local mirror there), else deb.debian.org.
 */
export async function debianMirror(suite: string, env: NodeJS.ProcessEnv = process.env, dir = "/etc/apt"): Promise<string> {
  if (env.FIREDRILL_DEBIAN_MIRROR) return env.FIREDRILL_DEBIAN_MIRROR;
  const files = [path.join(dir, "sources.list"), ...(await fs.readdir(path.join(dir, "sources.list.d")).catch(() => [] as string[])).map((name) => path.join(dir, "sources.list.d", name))];
  for (const file of files) {
    const text = await fs.readFile(file, "utf8").catch(() => "");
    const found = file.endsWith(".sources") ? fromDeb822(text, suite) : fromOneLine(text, suite);
    if (found) return found;
  }
  return FALLBACK;
}

/** `deb [options] URI suite components…` */
export function fromOneLine(text: string, suite: string): string | undefined {
  for (const line of text.split("\n")) {
    const words = line.replace(/\[[^\]]*\]/, "").trim().split(/\s+/);
    if (words[0] === "deb" && words[2] === suite) return words[1];
  }
  return undefined;
}

/** Stanzas of `Types:`, `URIs:`, `Suites:` … separated by blank lines. */
export function fromDeb822(text: string, suite: string): string | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => stanza.match(new RegExp(`^${name}:\\s*(.+)$`, "mi"))?.[1]?.trim().split(/\s+/) ?? [];
    if (field("Types").includes("deb") && field("Suites").includes(suite)) return field("URIs")[0];
  }
  return undefined;
}
