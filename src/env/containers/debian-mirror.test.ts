import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { debianMirror, fromDeb822, fromOneLine } from "./debian-mirror.ts";

describe("debianMirror", () => {
  it("reads deb822 stanzas, skipping other suites", () => {
    const text = "Types: deb\nURIs: http://mirror.local/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://mirror.local/debian-security\nSuites: bookworm-security\n";
    expect(fromDeb822(text, "bookworm")).toBe("http://mirror.local/debian");
    expect(fromDeb822(text, "trixie")).toBeUndefined();
  });

  it("reads one-line sources with options", () => {
    expect(fromOneLine("# comment\ndeb [arch=amd64] http://m.local/debian bookworm main\n", "bookworm")).toBe("http://m.local/debian");
  });

  it("prefers the variable, then the apt sources, then deb.debian.org", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-apt-"));
    expect(await debianMirror("bookworm", { FIREDRILL_DEBIAN_MIRROR: "http://x/debian" }, dir)).toBe("http://x/debian");
    expect(await debianMirror("bookworm", {}, dir)).toBe("http://deb.debian.org/debian");
    await mkdir(path.join(dir, "sources.list.d"));
    await writeFile(path.join(dir, "sources.list.d", "debian.sources"), "Types: deb\nURIs: http://local.mirror/debian\nSuites: bookworm\n");
    expect(await debianMirror("bookworm", {}, dir)).toBe("http://local.mirror/debian");
  });
});
