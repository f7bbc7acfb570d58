import type { Runbook } from "../runbook/model.ts";
import { type Infer, type Schema, s } from "../schema/index.ts";
import { answerKeySchema } from "./answer-key-schema.ts";
import type { DrillRegistries } from "./kind-registry.ts";
import { anyParams, kindOf, withIds, withKindParams } from "./kind-params.ts";
import { KEBAB_CASE, KEBAB_HINT, SERVICES } from "./vocabulary.ts";

export interface DrillSchemaContext {
  readonly registries: DrillRegistries;
  /** With a runbook, scenario, severity and level names are closed lists of its own. */
  readonly runbook?: Runbook;
}

export const idSchema = s.string({ pattern: KEBAB_CASE, patternHint: KEBAB_HINT });

/** Names the runbook defines: closed lists when the runbook is known, patterns otherwise. */
export function runbookNames(runbook: Runbook | undefined) {
  return {
    scenario: runbook ? s.enumOf(runbook.scenarios.map((scenario) => scenario.id), "runbook scenario") : idSchema,
    severity: runbook ? s.enumOf(runbook.severities.map((severity) => severity.id), "severity") : s.string({ pattern: /^P\d+$/, patternHint: "a severity such as P2" }),
    level: runbook ? s.enumOf(runbook.escalation.map((level) => level.id), "escalation level") : s.string({ pattern: /^L\d+$/, patternHint: "an escalation level such as L2" }),
  };
}

/** One definition of a drill: its TypeScript type, its validation and drills/drill.schema.json all come from here. */
export function drillSchema(context: DrillSchemaContext) {
  const names = runbookNames(context.runbook);
  const fault = withKindParams(
    s.object({
      id: s.optional(s.describe(idSchema, "Names the fault for `after` and {{faults.<id>.…}}; defaults to its kind.")),
      kind: kindOf(context.registries.faults, "fault kind"),
      target: s.optional(s.describe(s.enumOf(SERVICES, "service"), "The link or service the fault acts on.")),
      params: s.withDefault(anyParams, {}),
      atMs: s.from("at", s.withDefault(s.describe(s.duration(), "When to inject, after the inject phase starts (or after the `after` fault)."), 0)),
      after: s.optional(s.describe(idSchema, "Inject `at` after this fault was injected.")),
      durationMs: s.from("duration", s.optional(s.describe(s.duration(), "Revert by itself after this long; absent: stays until fixed or rolled back."))),
      revertOn: s.optional(
        s.describe(
          s.object({ escalation: names.level, delayMs: s.from("delay", s.withDefault(s.duration(), 0)) }),
          "A vendor-side fault: the vendor fixes it `delay` after the responder escalates to this level.",
        ),
      ),
    }),
    context.registries.faults,
    "kind",
  );
  const steadyStateProbe = withKindParams(
    s.object({ id: s.optional(idSchema), probe: kindOf(context.registries.probes, "probe kind"), params: s.withDefault(anyParams, {}) }),
    context.registries.probes,
    "probe",
  );
  return s.object({
    id: s.describe(idSchema, "The drill's name; the file is <id>.yaml."),
    title: s.string({ minLength: 1 }),
    scenario: s.describe(names.scenario, "The runbook scenario this drill rehearses, by its id (the slug of its title)."),
    description: s.describe(s.string({ minLength: 1 }), "What the drill exercises; shown by `firedrill list` and `show`."),
    briefing: s.optional(s.describe(s.string({ minLength: 1 }), "What the responder is told when the drill starts (the alert), without the cause.")),
    tags: s.withDefault(s.array(idSchema), []),
    timeLimitMs: s.from("timeLimit", s.optional(s.describe(s.duration(), "How long the drill may run before it ends unresolved."))),
    setup: s.withDefault(
      s.object({
        targetEnv: s.withDefault(
          s.describe(s.record(s.string({ coerce: true }), { keyPattern: /^[A-Z_][A-Z0-9_]*$/, keyHint: "an environment variable name (A-Z, 0-9, _)" }), "Variables the target runs with in this drill."),
          {},
        ),
        traffic: s.withDefault(s.describe(s.record(s.unknown()), "Options for the synthetic traffic."), {}),
      }),
      { targetEnv: {}, traffic: {} },
    ),
    faults: withIds(s.array(fault, { minItems: 1 }), (item) => item.kind.replace(/\./g, "-")),
    steadyState: withIds(s.array(steadyStateProbe, { minItems: 1 }), (item) => item.probe),
    answers: answerKeySchema(context, names),
  });
}

export type Drill = Infer<ReturnType<typeof drillSchema>>;
export type Fault = Drill["faults"][number];
export type SteadyStateProbe = Drill["steadyState"][number];
export type AnswerKey = Drill["answers"];
export type TimedProbe = AnswerKey["detection"][number];
export type EscalationAnswer = AnswerKey["escalation"][number];
export type RemediationAnswer = AnswerKey["remediation"][number];
export type RunbookCommandAnswer = AnswerKey["runbookCommands"][number];
export type AvoidAnswer = AnswerKey["avoid"][number];
export type Hint = AnswerKey["hints"][number];

export type RunbookNames = { readonly [K in keyof ReturnType<typeof runbookNames>]: Schema<string, "required"> };
