import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderJunit } from "./junit.ts";
import { errorRun, failedRun, passedRun, sampleSuite } from "./testing.ts";

interface Problem { readonly message: string; readonly type: string; readonly "#text": string }
interface Case { readonly classname: string; readonly name: string; readonly time: string; readonly failure?: Problem; readonly error?: Problem; readonly "system-out": string }
interface Suite { readonly tests: string; readonly failures: string; readonly errors: string; readonly skipped: string; readonly time: string; readonly timestamp: string; readonly testcase: readonly Case[] }

/** Characters XML 1.0 forbids outright, and lone surrogates. */
const ILLEGAL_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Parses the report back, after checking it is well-formed and holds only characters XML 1.0 allows. */
function parse(xml: string): { testsuites: Suite & { testsuite: Suite } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(ILLEGAL_XML);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", parseTagValue: false, parseAttributeValue: false, trimValues: false, htmlEntities: true, isArray: (name) => name === "testcase" });
  return parser.parse(xml);
}

describe("renderJunit", () => {
  it("counts the drills by outcome in <testsuites> and its one <testsuite>", () => {
    const { testsuites } = parse(renderJunit(sampleSuite()));
    const counts = { tests: "4", failures: "2", errors: "1", skipped: "0", time: "312.345" };
    expect(testsuites).toMatchObject(counts);
    expect(testsuites.testsuite).toMatchObject({ name: "firedrill", ...counts, timestamp: "2026-11-27T09:00:00" });
  });

  it("has one <testcase> per drill, named by scenario and drill, with its failure or error", () => {
    const cases = parse(renderJunit(sampleSuite())).testsuites.testsuite.testcase;
    expect(cases.map((entry) => [entry.classname, entry.name, entry.time])).toEqual([
      ["redis-connection-failures", "redis-down: Redis goes down (token blacklist fails closed)", "125.000"],
      ["database-connection-issues", "postgres-down: PostgreSQL goes down", "60.000"],
      ["redis-connection-failures", "redis-down: Redis goes down (token blacklist fails closed)", "1.000"],
      ["whmcs-api-unavailable", "whmcs-down: The WHMCS server goes down", "0.000"],
    ]);
    const [passed, failed, invalid, errored] = cases;
    expect(passed).not.toHaveProperty("failure");
    expect(passed).not.toHaveProperty("error");
    const reasons = failedRun().score!.verdict.failures;
    expect(failed?.failure).toEqual({ type: "failed", message: reasons[0], "#text": reasons.join("\n") });
    expect(reasons).toContain("runbook command `psql $DATABASE_URL -c \"SELECT 1\"` did not show the fault");
    expect(invalid?.failure).toMatchObject({ type: "invalid", message: 'steady state not met before injection: probe "http-json" (http-json)' });
    expect(errored?.error).toMatchObject({ type: "error" });
    expect(errored).not.toHaveProperty("failure");
  });

  it("tells detection timings and the runbook commands' verdicts in <system-out>", () => {
    const [passed, failed] = parse(renderJunit(sampleSuite())).testsuites.testsuite.testcase;
    expect(passed?.["system-out"]).toContain("detection: detected after 2s, acknowledged after 4s\n  in time  probe http-json (http-json): fired after 2s, expected within 5s");
    expect(passed?.["system-out"]).toContain("recovery: 99s");
    expect(failed?.["system-out"]).toContain("  missed   probe postgres (postgres): never fired, expected within 5s");
    expect(failed?.["system-out"]).toContain('runbook commands:\n  blind         psql $DATABASE_URL -c "SELECT 1" (ran after 1.5s)\n  showed-fault  psql $DATABASE_URL');
    expect(failed?.["system-out"]).toContain("classification: severity P4 (wrong; expected P1); component postgres (right)");
  });

  it("escapes markup in attributes and text, and shows characters XML 1.0 forbids as \\uXXXX", () => {
    const title = `Quotes "double" & 'single' <tag> ]]> tab\there`;
    const error = "crashed\x00 with \x1b[31mred\x1b[0m\x07 bell, \uFFFF, lone \uD800 and emoji 🔥\r\nnext line";
    const run = { ...passedRun(), drill: { ...passedRun().drill, title }, outcome: "error" as const, error };
    const xml = renderJunit(sampleSuite([run]));
    const [entry] = parse(xml).testsuites.testsuite.testcase;
    expect(entry?.name).toBe(`redis-down: ${title}`);
    const shown = "crashed\\u0000 with \\u001B[31mred\\u001B[0m\\u0007 bell, \\uFFFF, lone \\uD800 and emoji 🔥\nnext line";
    expect(entry?.error?.["#text"]).toBe(shown);
    expect(entry?.error?.message).toBe(shown);
    expect(xml).toContain('message="crashed\\u0000 with \\u001B[31mred\\u001B[0m\\u0007 bell, \\uFFFF, lone \\uD800 and emoji 🔥&#10;next line"');
    expect(xml).toContain("tab&#9;here");
  });

  it("reports an interrupted drill as an error and an empty suite as no tests", () => {
    const interrupted = { ...errorRun(), outcome: "interrupted" as const, error: "SIGINT: the run was stopped" };
    const { testsuites } = parse(renderJunit(sampleSuite([interrupted])));
    expect(testsuites.testsuite).toMatchObject({ tests: "1", failures: "0", errors: "1" });
    expect(testsuites.testsuite.testcase[0]?.error).toMatchObject({ type: "interrupted", message: "SIGINT: the run was stopped" });
    expect(parse(renderJunit(sampleSuite([]))).testsuites).toMatchObject({ tests: "0", failures: "0", errors: "0" });
  });
});
