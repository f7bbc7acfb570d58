import { parseDurationMs } from "../schema/duration.ts";
import { type Block, blocksOf } from "./blocks.ts";
import { commandsOf, commandsOfItems } from "./diagnosis-commands.ts";
import { codeSpans, plainText, slugify } from "./inline.ts";
import type { Section } from "./markdown.ts";
import type { Scenario, ScenarioEscalation, ScenarioNote } from "./model.ts";
import type { Problems } from "./runbook-error.ts";

type Role = "symptoms" | "diagnosis" | "resolution" | "escalation" | "impact" | "immediateActions";

/** Labels as runbooks write them, to what they are. */
const ROLES: readonly [RegExp, Role][] = [
  [/^symptoms?$/i, "symptoms"],
  [/^(diagnosis|diagnose|diagnostics?|investigation)$/i, "diagnosis"],
  [/^(resolution|resolve|remediation|fix)( steps)?$/i, "resolution"],
  [/^escalation$/i, "escalation"],
  [/^impact( notes?)?$/i, "impact"],
  [/^immediate actions?$/i, "immediateActions"],
];

/** One `### N. Title` section of the scenarios. */
export function readScenario(section: Section, position: number, problems: Problems): Scenario | undefined {
  const heading = /^(?:(\d+)[.):]?\s+)?(.+)$/.exec(plainText(section.title));
  const title = (heading?.[2] ?? section.title).trim();
  const number = heading?.[1] === undefined ? position : Number(heading[1]);
  const byRole = new Map<Role, Block>();
  const notes: ScenarioNote[] = [];
  for (const block of blocksOf(section)) {
    if (block.label === "") continue;
    const role = ROLES.find(([pattern]) => pattern.test(plainText(block.label)))?.[1];
    if (role === undefined || byRole.has(role)) notes.push(noteOf(block));
    else byRole.set(role, block);
  }
  const where = section.title;
  const before = problems.list.length;

  const symptomsBlock = byRole.get("symptoms");
  const symptoms = symptomsBlock === undefined ? [] : [...symptomsBlock.items.map((item) => item.text), ...(symptomsBlock.inline === "" ? [] : [symptomsBlock.inline])];
  if (symptoms.length === 0) problems.add(symptomsBlock?.line ?? section.line, where, "has no symptoms; add a **Symptoms:** list (- Orders stuck …)");

  const diagnosisBlock = byRole.get("diagnosis");
  const diagnosis = diagnosisBlock === undefined ? [] : diagnosisBlock.code.length > 0 ? commandsOf(diagnosisBlock.code) : commandsOfItems(diagnosisBlock.items);
  if (diagnosisBlock !== undefined && diagnosis.length === 0) {
    problems.add(diagnosisBlock.line, where, "**Diagnosis:** holds no commands; put them in a ```bash block, each under a # comment");
  }

  const resolution = stepsOf(byRole.get("resolution"));
  const immediateActions = stepsOf(byRole.get("immediateActions"));
  const resolutionBlock = byRole.get("resolution");
  if (resolutionBlock !== undefined && resolution.length === 0) problems.add(resolutionBlock.line, where, "**Resolution:** has no steps; write them as a numbered list (1. Verify …)");
  if (resolutionBlock === undefined && byRole.get("immediateActions") === undefined) {
    problems.add(section.line, where, "has neither **Resolution:** nor **Immediate Actions:** steps; add a numbered list of what to do");
  }
  if (problems.list.length > before) return undefined;

  const escalation = escalationOf(byRole.get("escalation"));
  const impact = byRole.get("impact");
  return {
    number,
    id: slugify(title),
    title,
    line: section.line,
    symptoms,
    diagnosis,
    resolution,
    immediateActions,
    ...(escalation !== undefined && { escalation }),
    ...(impact !== undefined && { impact: noteOf(impact) }),
    notes,
  };
}

function stepsOf(block: Block | undefined): Scenario["resolution"] {
  return (block?.items ?? []).map((item, index) => ({ number: item.number ?? index + 1, text: item.text, code: codeSpans(item.text), line: item.line }));
}

function escalationOf(block: Block | undefined): ScenarioEscalation | undefined {
  if (block === undefined) return undefined;
  const text = [block.inline, ...block.paragraphs, ...block.items.map((item) => item.text)].filter((part) => part !== "").join(" ");
  const after = /\b(?:in|within|after)\s+(\d+(?:\.\d+)?\s*[a-z]+)/i.exec(text)?.[1];
  const afterMs = after === undefined ? undefined : parseDurationMs(after);
  const severity = /\bP\d+\b/.exec(text)?.[0];
  return { text: plainText(text), line: block.line, ...(afterMs !== undefined && { afterMs }), ...(severity !== undefined && { severity }), immediate: /\bimmediately\b/i.test(text) };
}

function noteOf(block: Block): ScenarioNote {
  return { label: plainText(block.label), text: [block.inline, ...block.paragraphs].filter((part) => part !== "").join(" "), items: block.items.map((item) => item.text), line: block.line };
}
