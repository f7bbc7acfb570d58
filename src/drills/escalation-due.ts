import type { Runbook } from "../runbook/model.ts";
import { findLevel } from "../runbook/queries.ts";
import type { Drill, EscalationAnswer } from "./drill-schema.ts";

/** When an expected escalation is due, with the defaults the runbook's matrix gives. */
export interface EscalationDue {
  readonly level: string;
  /** After injection; undefined: any time while the incident lasts. */
  readonly dueAfterMs: number | undefined;
  /** Required only if the incident is still unresolved at dueAfterMs (a "not resolved in" condition). */
  readonly onlyIfUnresolved: boolean;
  readonly when: string;
}

/**
 * The matrix's "P1/P2 not resolved in 30 minutes" clause gives the due time
 * and makes it conditional on the incident being unresolved — when the
 * drill's best severity is among its severities. A drill's own dueAfter,
 * onlyIfUnresolved and when win.
 */
export function escalationDue(entry: EscalationAnswer, drill: Pick<Drill, "answers">, runbook: Runbook): EscalationDue {
  const level = findLevel(runbook, entry.level);
  const best = drill.answers.severity.best;
  const unresolved = level?.conditions.find((condition) => condition.kind === "unresolved" && condition.severities.includes(best));
  const fromMatrix = unresolved?.kind === "unresolved" && entry.dueAfterMs === undefined ? unresolved : undefined;
  return {
    level: entry.level,
    dueAfterMs: entry.dueAfterMs ?? fromMatrix?.afterMs,
    onlyIfUnresolved: entry.onlyIfUnresolved ?? fromMatrix !== undefined,
    when: entry.when ?? unresolved?.text ?? level?.when ?? "",
  };
}
