import { readEscalationMatrix } from "./escalation-matrix.ts";
import { plainText } from "./inline.ts";
import { findSection, headingTitles, parseSections, type Section } from "./markdown.ts";
import type { Runbook, Scenario } from "./model.ts";
import { Problems, RunbookError } from "./runbook-error.ts";
import { readScenario } from "./scenario.ts";
import { readSeverities } from "./severity-table.ts";
import { readReviewTemplate, readStatusUpdateTemplate } from "./templates.ts";

/** The sections a runbook must have, found by their headings wherever they are. */
const REQUIRED = {
  severities: { title: /severity|severities|priorit/i, describe: 'the "Severity Classification" section (a heading with "Severity" in it, then a table of P1–P4)' },
  escalation: { title: /escalation matrix|escalation levels|^escalation$/i, describe: 'the "Escalation Matrix" section (a heading, then a table of L1–L4)' },
  scenarios: { title: /scenarios|playbooks/i, describe: 'the "Common Incident Scenarios" section (a heading with "Scenarios" in it, then one ### subsection per scenario)' },
  statusUpdate: { title: /status update/i, describe: 'the "Internal Status Update" template (a heading with "Status Update" in it, then a ``` block)' },
} as const;

/**
 * Reads a runbook in the Customer Portal's format. Sections are found by
 * their headings in any order; scenarios are every subsection of the
 * scenarios section. Throws a RunbookError naming each line and section
 * that cannot be read.
 */
export function parseRunbook(text: string, file: string): Runbook {
  const root = parseSections(text);
  const problems = new Problems();
  const sections = Object.fromEntries(
    Object.entries(REQUIRED).map(([key, { title, describe }]) => {
      const section = findSection(root, title);
      if (section === undefined) problems.add(1, "(document)", `missing ${describe}; headings found: ${headingTitles(root).map((heading) => JSON.stringify(heading)).join(", ") || "none"}`);
      return [key, section];
    }),
  ) as Record<keyof typeof REQUIRED, Section | undefined>;

  const severities = sections.severities && readSeverities(sections.severities, problems);
  const escalation = sections.escalation && readEscalationMatrix(sections.escalation, problems);
  const scenarios = sections.scenarios && readScenarios(sections.scenarios, problems);
  const statusUpdate = sections.statusUpdate && readStatusUpdateTemplate(sections.statusUpdate, problems);
  const reviewSection = findSection(root, /review template/i) ?? findSection(root, /post-incident review|postmortem/i);
  const review = reviewSection && readReviewTemplate(reviewSection);

  if (problems.list.length > 0 || !severities || !escalation || !scenarios || !statusUpdate) {
    throw new RunbookError(file, [...problems.list].sort((a, b) => a.line - b.line));
  }
  const title = root.children.find((section) => section.level === 1)?.title;
  return { file, title: title === undefined ? "Runbook" : plainText(title), severities, escalation, scenarios, statusUpdate, ...(review !== undefined && { review }) };
}

function readScenarios(section: Section, problems: Problems): Scenario[] | undefined {
  if (section.children.length === 0) return problems.add(section.line, section.title, "has no scenarios; add one ### subsection per scenario (### 1. Redis Connection Failures)");
  const scenarios: Scenario[] = [];
  section.children.forEach((child, index) => {
    const scenario = readScenario(child, index + 1, problems);
    if (scenario === undefined) return;
    const twin = scenarios.find((other) => other.id === scenario.id);
    if (twin !== undefined) problems.add(child.line, child.title, `has the same id "${scenario.id}" as the scenario on line ${twin.line}; give it another title`);
    else scenarios.push(scenario);
  });
  return scenarios;
}
