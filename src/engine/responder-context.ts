import { runAction } from "../actions/registry.ts";
import type { Drill } from "../drills/drill-schema.ts";
import { withoutAnswers } from "../drills/public-view.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Operator } from "../faults/operator.ts";
import type { Journal } from "../journal/journal.ts";
import type { ResponderContext } from "../responders/responder.ts";
import type { Runbook } from "../runbook/model.ts";

export interface ResponderContextInput {
  readonly drill: Drill;
  readonly runbook: Runbook;
  readonly journal: Journal;
  readonly descriptor: () => EnvironmentDescriptor;
  readonly operator: Operator;
  readonly incidentStartedAt: Date;
  readonly signal: AbortSignal;
  readonly actor: string;
  readonly verifyRecovery: ResponderContext["verifyRecovery"];
}

/** A responder's moves, each recorded in the journal as it is made. */
export function responderContext(input: ResponderContextInput): ResponderContext {
  const { journal, actor } = input;
  return {
    drill: withoutAnswers(input.drill),
    runbook: input.runbook,
    descriptor: input.descriptor,
    incidentStartedAt: input.incidentStartedAt,
    signal: input.signal,
    actor,
    acknowledge: () => void journal.record({ kind: "ack", actor }),
    classify: (severity, component) => void journal.record({ kind: "classify", actor, severity, ...(component !== undefined && { component }) }),
    escalate: (level, reason) => void journal.record({ kind: "escalate", actor, level, ...(reason !== undefined && { reason }) }),
    statusUpdate: (text) => void journal.record({ kind: "status-update", actor, text }),
    claimResolved: (note) => void journal.record({ kind: "resolve-claim", actor, ...(note !== undefined && { note }) }),
    verifyRecovery: input.verifyRecovery,
    as: (other) => responderContext({ ...input, actor: other }),
    takeHint() {
      const index = journal.events.filter((event) => event.kind === "hint").length;
      const hint = input.drill.answers.hints[index];
      if (hint === undefined) return undefined;
      journal.record({ kind: "hint", actor, index, cost: hint.cost });
      return { index, text: hint.text, cost: hint.cost };
    },
    async act(action, params = {}) {
      try {
        const { destructive, details } = await runAction(action, { descriptor: input.descriptor(), params, operator: input.operator });
        journal.record({ kind: "action", actor, action, params: { ...params }, source: "responder", ...(destructive && { destructive }), ok: true });
        return { ok: true, details };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        journal.record({ kind: "action", actor, action, params: { ...params }, source: "responder", ok: false, error: message });
        return { ok: false, error: message };
      }
    },
  };
}
