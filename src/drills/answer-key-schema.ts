import { s } from "../schema/index.ts";
import type { DrillSchemaContext, RunbookNames } from "./drill-schema.ts";
import { anyParams, kindOf, regex, withIds, withKindParams } from "./kind-params.ts";
import { KEBAB_CASE, KEBAB_HINT, SERVICES } from "./vocabulary.ts";

/** The answer key: what a right response looks like. Hidden from trainees unless asked for. */
export function answerKeySchema(context: DrillSchemaContext, names: RunbookNames) {
  const timedProbe = withKindParams(
    s.object({
      id: s.optional(s.string({ pattern: KEBAB_CASE, patternHint: KEBAB_HINT })),
      probe: kindOf(context.registries.probes, "probe kind"),
      params: s.withDefault(anyParams, {}),
      withinMs: s.from("within", s.describe(s.duration(), "Detection: how soon after injection it must fire. Recovery: how long after the fix it may take.")),
    }),
    context.registries.probes,
    "probe",
  );
  const service = s.enumOf(SERVICES, "component");
  const steps = s.union([s.number({ integer: true, min: 1 }), s.array(s.number({ integer: true, min: 1 }), { minItems: 1 })], "a step number or a list of them");
  const command = s.object({
    command: s.describe(s.string({ minLength: 1 }), "A diagnosis command of the scenario, exactly as the runbook writes it."),
    expect: s.optional(
      s.describe(
        s.object({ output: s.optional(regex("Its output (stdout and stderr) matches this while the fault is on.")), outputNot: s.optional(regex("Its output does not match this.")), exitCode: s.optional(s.number({ integer: true, min: 0 })) }),
        "What the command shows when it shows the fault; absent: running it is enough.",
      ),
    ),
  });
  return s.object({
    severity: s.object({
      accepted: s.describe(s.array(names.severity, { minItems: 1 }), "Severities that earn credit; the best one earns full credit."),
      best: names.severity,
      why: s.describe(s.string({ minLength: 10 }), "Why, quoting the severity table row of `best` (its definition or one of its examples)."),
    }),
    component: s.transform(
      s.describe(s.union([service, s.array(service, { minItems: 1 })], "a component or a list of accepted components"), "The component at fault; a list accepts any of them."),
      (value): readonly (typeof SERVICES)[number][] => (typeof value === "string" ? [value] : value),
    ),
    escalation: s.withDefault(
      s.array(
        s.object({
          level: names.level,
          dueAfterMs: s.from("dueAfter", s.optional(s.describe(s.duration(), "Due this long after injection; default: the matrix's \"not resolved in\" time for the best severity."))),
          onlyIfUnresolved: s.optional(s.describe(s.boolean(), "Due only if the incident is still unresolved then; default: true when the due time comes from a \"not resolved in\" condition.")),
          when: s.optional(s.describe(s.string({ minLength: 1 }), "The condition, in words; default: the matrix's.")),
        }),
      ),
      [],
    ),
    detection: withIds(s.array(timedProbe, { minItems: 1 }), (probe) => probe.probe),
    recovery: withIds(s.array(timedProbe, { minItems: 1 }), (probe) => probe.probe),
    remediation: s.withDefault(
      s.array(
        withKindParams(
          s.object({
            action: kindOf(context.registries.actions, "action"),
            params: s.withDefault(anyParams, {}),
            runbookSteps: s.from("runbookStep", s.transform(steps, (value): readonly number[] => (typeof value === "number" ? [value] : value))),
            optional: s.withDefault(s.describe(s.boolean(), "An alternative or a \"consider …\" step: not taking it is no omission."), false),
          }),
          context.registries.actions,
          "action",
        ),
      ),
      [],
    ),
    runbookCommands: s.withDefault(s.array(s.transform(s.union([s.string({ minLength: 1 }), command], "a command or { command, expect }"), (value) => (typeof value === "string" ? { command: value } : value))), []),
    avoid: s.withDefault(
      s.array(
        s.object({
          action: kindOf(context.registries.actions, "action"),
          params: s.optional(s.describe(anyParams, "Only when the action's params include these.")),
          why: s.string({ minLength: 1 }),
          cost: s.withDefault(s.number({ integer: true, min: 0 }), 10),
        }),
      ),
      [],
    ),
    hints: s.withDefault(s.array(s.object({ cost: s.number({ integer: true, min: 0 }), text: s.string({ minLength: 1 }) })), []),
  });
}
