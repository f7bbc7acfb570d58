/** How many points each part is worth, and what penalties cost. The defaults add up to 100. */
export interface Weights {
  readonly detection: { readonly diagnostics: number; readonly acknowledgement: number };
  readonly classification: { readonly severity: number; readonly component: number };
  readonly escalation: number;
  readonly resolution: { readonly recovery: number; readonly claim: number };
  readonly communication: number;
  /** Share of a part's points for the near miss: an accepted-but-not-best severity, a late ack, escalation or recovery. */
  readonly partialCredit: number;
  readonly penalties: { readonly falseClaim: number; readonly destructiveAction: number; readonly unexpectedEscalation: number };
}

export const DEFAULT_WEIGHTS: Weights = {
  detection: { diagnostics: 10, acknowledgement: 10 },
  classification: { severity: 10, component: 10 },
  escalation: 15,
  resolution: { recovery: 20, claim: 10 },
  communication: 15,
  partialCredit: 0.5,
  penalties: { falseClaim: 10, destructiveAction: 10, unexpectedEscalation: 5 },
};

export function maxPoints(weights: Weights): number {
  return (
    weights.detection.diagnostics +
    weights.detection.acknowledgement +
    weights.classification.severity +
    weights.classification.component +
    weights.escalation +
    weights.resolution.recovery +
    weights.resolution.claim +
    weights.communication
  );
}

/** Points rounded to tenths, so sums print cleanly and compare exactly. */
export function roundPoints(points: number): number {
  return Math.round(points * 10) / 10;
}
