import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { renderHtmlReport } from "../src/reports/html/index.ts";
import { fixtureDrills, postgresP1Run } from "../src/reports/html/testing.ts";
import { errorRun, passedRun } from "../src/reports/testing.ts";
import { shippedRunbook } from "../src/runbook/testing.ts";

const run = promisify(execFile);
const chromium = (() => {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    throw new Error("chromium is not installed: run bash scripts/setup.sh (apt-get install chromium)");
  }
})();
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1600"];

/**
 * The game-day report opened in Debian's headless Chromium: the DOM it built
 * holds the timeline and the scores, and it paints. FIREDRILL_SCREENSHOT=path
 * keeps the screenshot (docs/report-screenshot.png is made this way).
 */
// No skip: scripts/setup.sh installs chromium; a machine without it fails here, naming the fix.
describe("the HTML report in headless Chromium (apt-get install chromium)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "firedrill-html-"));
  const file = path.join(dir, "report.html");
  writeFileSync(file, renderHtmlReport({ runs: [passedRun(), postgresP1Run(), errorRun()], drills: fixtureDrills(), runbook: shippedRunbook(), title: "Game day 2026-11-27" }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("renders the scoreboard, each timeline and each score breakdown", async () => {
    const { stdout: dom } = await run(chromium!, [...FLAGS, "--dump-dom", `file://${file}`], { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
    expect(dom).toContain("<h1>Game day 2026-11-27</h1>");
    expect(dom).toContain("<h2>Scoreboard</h2>");
    expect(dom.match(/<svg class="timeline"/g)).toHaveLength(2);
    expect(dom).toContain('data-kind="detection" data-after-ms="2000"');
    expect(dom).toContain('data-kind="resolve-claim" data-after-ms="29000"');
    expect(dom).toMatch(/data-band-ms="3600000"/);
    expect(dom).toContain('<span class="score">100/100</span>');
    expect(dom).toContain('<span class="score">32.5/100</span>');
    expect(dom.match(/<h3>Score breakdown<\/h3>/g)).toHaveLength(2);
  });

  it("paints it", async () => {
    const png = path.join(dir, "report.png");
    await run(chromium!, [...FLAGS, `--screenshot=${png}`, `file://${file}`], { timeout: 60_000 });
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(bytes.readUInt32BE(16)).toBe(1200);
    expect(statSync(png).size).toBeGreaterThan(50_000);
    const keep = process.env.FIREDRILL_SCREENSHOT;
    if (keep !== undefined && keep !== "") copyFileSync(png, keep);
  });
});
