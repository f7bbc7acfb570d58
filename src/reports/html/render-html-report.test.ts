import { describe, expect, it } from "vitest";
import { shippedRunbook } from "../../runbook/testing.ts";
import { errorRun, passedRun } from "../testing.ts";
import { renderHtmlReport } from "./render-html-report.ts";
import { fixtureDrills, postgresP1Run, redisRunAtScale } from "./testing.ts";

const runbook = shippedRunbook();
const render = (runs = [passedRun()], title?: string) => renderHtmlReport({ runs, drills: fixtureDrills(), runbook, ...(title !== undefined && { title }) });

/** The timeline markers of the HTML: kind and time after injection, in document order. */
const markersOf = (html: string) => [...html.matchAll(/data-kind="([a-z-]+)" data-after-ms="(-?[\d.]+)"/g)].map((match) => [match[1], Number(match[2])]);
const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decode = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);
/** A table row's cells as text: tags stripped, entities decoded. */
const rowOf = (html: string, first: string) => {
  const row = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((match) => [...match[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((cell) => decode(cell[1]!).trim())).find((cells) => cells[0] === first);
  if (row === undefined) throw new Error(`no row starting with "${first}"`);
  return row;
};

describe("renderHtmlReport", () => {
  it("is one self-contained document: inline style and SVG, no script, nothing fetched", () => {
    const html = render([passedRun(), postgresP1Run(), errorRun()]);
    expect(html.startsWith("<!doctype html>\n<html lang=\"en\">")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).toContain('<svg class="timeline" xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(|href="(?!#)/i);
  });

  it("draws a marker per moment of the incident at its time after the injection", () => {
    expect(markersOf(render())).toEqual([
      ["injection", 0],
      ["fault-reverted", 124_000],
      ["detection", 2_000],
      ["ack", 4_000],
      ["classify", 19_000],
      ["status-update", 59_000],
      ["action", 89_000],
      ["recovery", 99_000],
      ["resolve-claim", 119_000],
    ]);
    const html = render([postgresP1Run()]);
    expect(markersOf(html)).toEqual(expect.arrayContaining([["hint", 4_000], ["ack", 9_000], ["classify", 9_000], ["escalate", 20_000], ["resolve-claim", 29_000]]));
    expect(html).toMatch(/class="marker kind-resolve-claim tone-bad"[^>]*><title>\+29s: ben declared it resolved \(false\)<\/title>/);
    expect(html).not.toContain('data-kind="recovery"');
  });

  it("draws the best severity's response time, divided by the time scale, as the band", () => {
    const html = render([redisRunAtScale(60)]);
    const band = /data-band-ms="(\d+)" data-band-width="([\d.]+)"/.exec(html)!;
    expect(Number(band[1])).toBe(60_000);
    expect(html).toContain("P2 (High) response time 1 hour ÷ 60 (time scale) = 60s");
    const xOf = (kind: string) => Number(new RegExp(`data-kind="${kind}" data-after-ms="[\\d.]+" data-x="([\\d.]+)"`).exec(html)![1]);
    // The band spans 60 s of the axis; recovery came 99 s after the injection.
    expect(Number(band[2]) / (xOf("recovery") - xOf("injection"))).toBeCloseTo(60 / 99, 2);
  });

  it("cuts a band far longer than the incident at the chart's edge and says so", () => {
    const html = render();
    expect(html).toMatch(/data-band-ms="3600000" data-band-width="836"/);
    expect(html).toContain("P2 (High) response time 1 hour → continues beyond the chart");
  });

  it("tables the score part by part with its notes, the penalties and the total", () => {
    const html = render([postgresP1Run()]);
    const score = postgresP1Run().score!;
    expect(rowOf(html, "Detection").slice(2, 4)).toEqual([`${score.detection.points}`, "20"]);
    expect(rowOf(html, "Detection")[4]).toContain('detection probe "postgres" (postgres) never fired');
    expect(rowOf(html, "Escalation").slice(1, 4)).toEqual(["L2 on-time, L3 pending", "15", "15"]);
    expect(rowOf(html, "Penalties").slice(1, 3)).toEqual(["2 item(s)", "−15"]);
    expect(rowOf(html, "Total").slice(2, 4)).toEqual(["32.5", "100"]);
    expect(html).toContain('<span class="score">32.5/100</span>');
  });

  it("lists the scenario's runbook steps with the ones taken (when) and missed", () => {
    const steps = runbook.scenarios.find((scenario) => scenario.id === "database-connection-issues")!.resolution;
    const html = render([postgresP1Run()]);
    expect(rowOf(html, "1")).toEqual(["1", steps[0]!.text.replace(/`/g, ""), "missed", "postgres.start"]);
    expect(rowOf(html, "4").slice(2)).toEqual(["missed", "postgres.start"]);
    expect(rowOf(html, "2")[2]).toBe("not required here");
    expect(rowOf(render(), "3").slice(2)).toEqual(["taken after 89s", "redis.start"]);
  });

  it("lists the runbook's diagnosis commands with the runbook's comment and their verdict, and the penalties", () => {
    const html = render([postgresP1Run()]);
    expect(rowOf(html, 'psql $DATABASE_URL -c "SELECT 1"').slice(2)).toEqual(["blind", "1.5s"]);
    expect(rowOf(html, "hint")).toEqual(["hint", "4s", "−5", "hint 1"]);
    expect(rowOf(html, "false-claim")).toEqual(["false-claim", "29s", "−10", "ben declared it resolved while the recovery probes failed"]);
    expect(render()).toContain("No penalties.");
  });

  it("puts a scoreboard of the responders and the runs on top of a game day, none on a single drill", () => {
    const html = render([passedRun(), postgresP1Run(), errorRun()]);
    expect(html.indexOf("<h2>Scoreboard</h2>")).toBeLessThan(html.indexOf('<section class="drill"'));
    expect(rowOf(html, "1").slice(1, 5)).toEqual(["ana", "1", "1", "100/100"]);
    expect(rowOf(html, "2").slice(1, 9)).toEqual(["ben", "1", "0", "32.5/100", "9s", "0", "1", "1"]);
    expect(html).toContain("3 runs: 1 passed, 1 failed, 1 error");
    expect(html).toContain('<a href="#run-2">PostgreSQL goes down</a>');
    expect(html).toContain('id="run-3"');
    expect(render()).not.toContain("Scoreboard");
  });

  it("shows a run without a score by its error and its journal", () => {
    const html = render([errorRun()]);
    expect(html).toContain("No score: the run ended before its journal had anything to score.");
    expect(html).toContain("redis-server exited with code 1 &amp; said &lt;\\u001B[31mFATAL\\u001B[0m&gt; &quot;bad config&quot;");
  });

  it("escapes every text from drills, journals and the caller", () => {
    const evil = "<script>alert(1)</script>";
    const run = postgresP1Run('<img src=x onerror="alert(1)">');
    const html = render([{ ...run, drill: { ...run.drill, title: evil } }, passedRun()], `${evil} & co`);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});
