import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FiredrillError } from "../errors.ts";
import { renderConsole } from "./console.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";
import { REPORTERS } from "./registry.ts";
import { sampleSuite } from "./testing.ts";
import { writeFileAtomic } from "./write-atomic.ts";
import { writeReports } from "./write-reports.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "firedrill-reports-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const chunks: string[] = [];
  return { chunks, stdout: { write: (text: string) => chunks.push(text) } };
}

describe("writeReports", () => {
  const suite = sampleSuite();

  it("writes console to stdout and each file reporter to its file in outDir, which it creates", async () => {
    const outDir = path.join(dir, "nested", "results");
    const { chunks, stdout } = capture();
    const written = await writeReports(suite, ["junit", "console", "markdown", "json"], { outDir, color: false, stdout });
    expect(written).toEqual([
      { reporter: "console", path: "stdout" },
      { reporter: "json", path: path.join(outDir, "firedrill.json") },
      { reporter: "junit", path: path.join(outDir, "junit.xml") },
      { reporter: "markdown", path: path.join(outDir, "report.md") },
    ]);
    expect(chunks).toEqual([renderConsole(suite, { color: false })]);
    expect(await readFile(path.join(outDir, "firedrill.json"), "utf8")).toBe(renderJson(suite));
    expect(await readFile(path.join(outDir, "junit.xml"), "utf8")).toBe(renderJunit(suite));
    expect(await readFile(path.join(outDir, "report.md"), "utf8")).toBe(renderMarkdown(suite));
    expect((await readdir(outDir)).sort()).toEqual(["firedrill.json", "junit.xml", "report.md"]);
  });

  it("writes only the reporters asked for, and creates no directory for console alone", async () => {
    const outDir = path.join(dir, "results");
    const { chunks, stdout } = capture();
    expect(await writeReports(suite, ["console"], { outDir, color: true, stdout })).toEqual([{ reporter: "console", path: "stdout" }]);
    expect(chunks[0]).toContain("\x1b[32m✓ passed");
    await expect(readdir(outDir)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await writeReports(suite, ["junit"], { outDir, stdout })).toEqual([{ reporter: "junit", path: path.join(outDir, "junit.xml") }]);
    expect(chunks).toHaveLength(1);
    expect(await readdir(outDir)).toEqual(["junit.xml"]);
  });

  it("replaces an earlier report whole", async () => {
    await writeReports(suite, ["junit"], { outDir: dir, stdout: capture().stdout });
    const smaller = sampleSuite(suite.runs.slice(0, 1));
    await writeReports(smaller, ["junit"], { outDir: dir, stdout: capture().stdout });
    expect(await readFile(path.join(dir, "junit.xml"), "utf8")).toBe(renderJunit(smaller));
    expect(await readdir(dir)).toEqual(["junit.xml"]);
  });

  it("throws CONFIG_INVALID naming the path when outDir is a file, after the console summary", async () => {
    const outDir = path.join(dir, "results");
    await writeFile(outDir, "not a directory");
    const { chunks, stdout } = capture();
    const error = await writeReports(suite, REPORTERS.filter((name) => name !== "html"), { outDir, stdout }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FiredrillError);
    expect(error).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(`report "${path.join(outDir, "firedrill.json")}" could not be written: `) });
    expect(chunks).toHaveLength(1);
    expect(await readFile(outDir, "utf8")).toBe("not a directory");
    expect(await readdir(dir)).toEqual(["results"]);
  });
});

describe("writeFileAtomic", () => {
  it("leaves no temporary file and no partial file when the rename fails", async () => {
    // The target is a directory: the temporary file is written in full, then the rename fails.
    const target = path.join(dir, "junit.xml");
    await mkdir(target);
    await writeFile(path.join(target, "keep"), "x");
    const error = await writeFileAtomic(target, "<testsuites/>").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(`report "${target}" could not be written: EISDIR`) });
    expect(await readdir(dir)).toEqual(["junit.xml"]);
    expect(await readdir(target)).toEqual(["keep"]);
  });
});
