/**
 * A drill run's score: points per part, what each part found, and the
 * verdict CI uses. Times named …AfterMs count from the fault's injection.
 */
export interface Score {
  readonly drill: string;
  readonly runId: string;
  /** 0 … max: the parts' points less the penalties. */
  readonly total: number;
  readonly max: number;
  readonly verdict: Verdict;
  readonly detection: DetectionPart;
  readonly classification: ClassificationPart;
  readonly escalation: EscalationPart;
  readonly resolution: ResolutionPart;
  readonly communication: CommunicationPart;
  readonly penalties: PenaltiesPart;
  /** The runbook's diagnosis commands this drill exercises, each with what it showed. No points. */
  readonly diagnosis: DiagnosisPart;
}

/** passed: every fault detected by every expected probe, classified, recovered, and no runbook command blind. */
export interface Verdict {
  readonly status: "passed" | "failed" | "invalid";
  readonly detected: boolean;
  readonly classified: boolean;
  readonly recovered: boolean;
  /** Each reason it did not pass, naming the probe, command or answer. */
  readonly failures: readonly string[];
}

export interface Part {
  readonly points: number;
  readonly max: number;
  /** Feedback in words, tied to the runbook where it can be. */
  readonly notes: readonly string[];
}

export interface DetectionPart extends Part {
  /** At least one expected detection probe fired in time. */
  readonly detected: boolean;
  /** Every expected detection probe fired in time. */
  readonly allFired: boolean;
  readonly timeToDetectMs?: number;
  /** The responder's first sign of life: ack, or the first classify/escalate/update/action/resolve. */
  readonly timeToAcknowledgeMs?: number;
  readonly probes: readonly { readonly id: string; readonly probe: string; readonly withinMs: number; readonly firedAfterMs?: number; readonly inTime: boolean }[];
}

export interface ClassificationPart extends Part {
  readonly classifiedAfterMs?: number;
  readonly severity: { readonly given?: string; readonly best: string; readonly accepted: readonly string[]; readonly verdict: "best" | "accepted" | "wrong" | "missing" };
  readonly component: { readonly given?: string; readonly accepted: readonly string[]; readonly verdict: "right" | "wrong" | "missing" };
}

export type EscalationStatus = "on-time" | "late" | "missing" | "not-needed" | "pending";

export interface EscalationPart extends Part {
  readonly levels: readonly {
    readonly level: string;
    readonly when: string;
    /** Scaled by the run's time scale. */
    readonly dueAfterMs?: number;
    readonly onlyIfUnresolved: boolean;
    readonly escalatedAfterMs?: number;
    readonly status: EscalationStatus;
  }[];
}

export interface ResolutionPart extends Part {
  /** Every recovery probe passed (before the rollback) and kept passing. */
  readonly recovered: boolean;
  readonly timeToRecoverMs?: number;
  /** The best severity's response time, scaled by the run's time scale. */
  readonly responseTimeMs: number;
  readonly withinResponseTime: boolean;
  readonly probes: readonly { readonly id: string; readonly probe: string; readonly status: "passed" | "failing" | "not-run"; readonly passedAfterMs?: number }[];
  /** verified: the recovery probes agreed; false: they disagreed; unverified: no probe ran to say. */
  readonly claims: readonly { readonly afterMs: number; readonly actor: string; readonly verdict: "verified" | "false" | "unverified" }[];
  /** The answer key's remediation, each with when it was taken. */
  readonly remediation: readonly { readonly action: string; readonly runbookSteps: readonly number[]; readonly optional: boolean; readonly takenAfterMs?: number }[];
}

export interface CommunicationPart extends Part {
  readonly updates: readonly {
    readonly afterMs: number;
    readonly actor: string;
    readonly severity?: string;
    readonly missing: readonly string[];
    readonly invalid: readonly { readonly field: string; readonly value: string; readonly allowed: readonly string[] }[];
    /** Share of the template's fields (and the headline's severity) filled in: 0 … 1. */
    readonly coverage: number;
  }[];
}

export type PenaltyKind = "hint" | "false-claim" | "avoided-action" | "destructive-action" | "unexpected-escalation";

export interface PenaltiesPart {
  /** What the penalties take off the total (≥ 0). */
  readonly points: number;
  readonly items: readonly { readonly kind: PenaltyKind; readonly afterMs: number; readonly cost: number; readonly detail: string }[];
}

export interface DiagnosisPart {
  readonly commands: readonly {
    readonly command: string;
    /** showed-fault / blind: it ran and its expectation held / did not; ran: no expectation; not-run. */
    readonly status: "showed-fault" | "blind" | "ran" | "not-run";
    readonly ranAfterMs?: number;
  }[];
}
