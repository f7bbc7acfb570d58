import type { DrillRun, SuiteRun } from "../engine/result.ts";
import { type DrillFacts, factsOf, msText, tallyOf } from "./facts.ts";
import { padColumns } from "./text.ts";
import { element, xmlText } from "./xml.ts";

/**
 * `junit.xml`, in the shape GitLab, Jenkins and GitHub's test reporters read:
 * `<testsuites>` holding one `<testsuite name="firedrill">` (tests, failures,
 * errors, skipped, time in seconds, timestamp as UTC `YYYY-MM-DDTHH:MM:SS`),
 * one `<testcase classname="<runbook scenario>" name="<drill id>: <title>">`
 * per drill run. A failed or invalid drill has a `<failure type="failed|invalid">`,
 * an errored or interrupted one an `<error type="error|interrupted">`; the
 * message is the first reason, the body all of them, one a line. Every case's
 * `<system-out>` tells the score: detection probes and their timings,
 * classification, escalation, recovery, the runbook's commands and verdicts.
 * Nothing is ever skipped (skipped="0"): a drill that did not run is an error.
 */
export function renderJunit(suite: SuiteRun): string {
  const { byOutcome } = tallyOf(suite);
  const counts = { tests: suite.runs.length, failures: byOutcome.failed + byOutcome.invalid, errors: byOutcome.error + byOutcome.interrupted, skipped: 0, time: seconds(suite.durationMs) };
  const properties = [
    element("property", { name: "firedrill.runId", value: suite.runId }),
    ...(suite.shard === undefined ? [] : [element("property", { name: "firedrill.shard", value: `${suite.shard.index}/${suite.shard.total}` })]),
  ];
  const cases = suite.runs.map(testcase);
  const testsuite = element("testsuite", { name: "firedrill", ...counts, timestamp: timestamp(suite.startedAt) }, `\n    ${element("properties", {}, `\n      ${properties.join("\n      ")}\n    `)}\n${cases.join("\n")}\n  `);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element("testsuites", { name: "firedrill", ...counts }, `\n  ${testsuite}\n`)}\n`;
}

function testcase(run: DrillRun): string {
  const facts = factsOf(run);
  const children = [...problem(facts), element("system-out", {}, xmlText(systemOut(run, facts)))];
  return `    ${element("testcase", { classname: run.drill.scenario, name: `${run.drill.id}: ${run.drill.title}`, time: seconds(run.durationMs) }, `\n      ${children.join("\n      ")}\n    `)}`;
}

function problem(facts: DrillFacts): string[] {
  if (facts.outcome === "passed") return [];
  const name = facts.outcome === "failed" || facts.outcome === "invalid" ? "failure" : "error";
  return [element(name, { message: facts.reasons[0] ?? facts.outcome, type: facts.outcome }, xmlText(facts.reasons.join("\n")))];
}

/** What the score found, in words: the case's log in the CI's test view. */
function systemOut(run: DrillRun, facts: DrillFacts): string {
  const lines = [`outcome: ${run.outcome} (run ${run.runId}, environment ${run.environment}, started ${run.startedAt})`, `points: ${facts.points}`];
  const score = run.score;
  if (score !== undefined) {
    const { detection, classification } = score;
    lines.push(`detection: ${facts.detection === "not detected" ? "not detected" : `detected after ${facts.detection}`}${detection.timeToAcknowledgeMs === undefined ? "" : `, acknowledged after ${msText(detection.timeToAcknowledgeMs)}`}`);
    for (const probe of detection.probes) {
      const fired = probe.firedAfterMs === undefined ? "never fired" : `fired after ${msText(probe.firedAfterMs)}`;
      const verdict = probe.inTime ? "in time" : probe.firedAfterMs === undefined ? "missed" : "late";
      lines.push(`  ${verdict.padEnd(7)}  probe ${probe.id} (${probe.probe}): ${fired}, expected within ${msText(probe.withinMs)}`);
    }
    lines.push(`classification: severity ${facts.severity}; component ${classification.component.given ?? "none"} (${classification.component.verdict})`);
    lines.push(`escalation: ${facts.escalation}`, `recovery: ${facts.recovery}`);
  }
  if (facts.commands.length > 0) {
    lines.push("runbook commands:");
    const rows = facts.commands.map((command) => [command.status, command.command + (command.ranAfterMs === undefined ? "" : ` (ran after ${msText(command.ranAfterMs)})`)]);
    lines.push(...padColumns(rows).map((row) => `  ${row.join("  ")}`));
  }
  return lines.join("\n");
}

function seconds(ms: number): string {
  return (ms / 1_000).toFixed(3);
}

/** JUnit's schema wants a local time without zone: the UTC time, as firedrill's times are. */
function timestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 19);
}
