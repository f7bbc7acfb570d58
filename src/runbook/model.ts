/** A runbook read into data: what drills cite, responders follow and scoring measures against. */
export interface Runbook {
  /** The file it was read from (as given), for messages. */
  readonly file: string;
  readonly title: string;
  readonly severities: readonly Severity[];
  readonly escalation: readonly EscalationLevel[];
  readonly scenarios: readonly Scenario[];
  readonly statusUpdate: StatusUpdateTemplate;
  /** The post-incident review template, when the runbook has one. */
  readonly review?: ReviewTemplate;
}

/** One row of the severity table. */
export interface Severity {
  /** "P1" */
  readonly id: string;
  /** "Critical" */
  readonly name: string;
  readonly definition: string;
  readonly responseTimeMs: number;
  /** As written: "15 minutes". */
  readonly responseTimeText: string;
  readonly examples: readonly string[];
  readonly line: number;
}

/** One row of the escalation matrix. */
export interface EscalationLevel {
  /** "L2" */
  readonly id: string;
  readonly scope: string;
  readonly contact: string;
  /** The "When to Escalate" cell as written. */
  readonly when: string;
  /** `when`, read clause by clause; any one of them calls for this level. */
  readonly conditions: readonly EscalationCondition[];
  readonly line: number;
}

export type EscalationCondition =
  | { readonly kind: "always"; readonly text: string }
  /** "P1/P2 not resolved in 30 minutes" */
  | { readonly kind: "unresolved"; readonly severities: readonly string[]; readonly afterMs: number; readonly text: string }
  /** "External system failure (Salesforce, WHMCS, Freebit)" */
  | { readonly kind: "external-system"; readonly systems: readonly string[]; readonly text: string }
  | { readonly kind: "customer-impact"; readonly text: string }
  /** A clause firedrill cannot read; kept as text. */
  | { readonly kind: "other"; readonly text: string };

export interface Scenario {
  /** The number in the heading ("### 3. Redis …"), or its position when unnumbered. */
  readonly number: number;
  /** Slug of the title: `redis-connection-failures`. Drills name their scenario by it. */
  readonly id: string;
  readonly title: string;
  readonly line: number;
  readonly symptoms: readonly string[];
  readonly diagnosis: readonly DiagnosisCommand[];
  readonly resolution: readonly RunbookStep[];
  /** "Immediate Actions" (the security scenario has these instead of a resolution). */
  readonly immediateActions: readonly RunbookStep[];
  readonly escalation?: ScenarioEscalation;
  /** "Impact Note" */
  readonly impact?: ScenarioNote;
  /** Labelled blocks firedrill has no field for, kept as written. */
  readonly notes: readonly ScenarioNote[];
}

/** One command of a scenario's diagnosis block, with the comment lines above it. */
export interface DiagnosisCommand {
  readonly command: string;
  readonly comments: readonly string[];
  readonly line: number;
}

export interface RunbookStep {
  readonly number: number;
  /** As written, markdown included. */
  readonly text: string;
  /** The step's inline code: `SF_EVENTS_REPLAY=ALL`, `redis-cli FLUSHDB`. */
  readonly code: readonly string[];
  readonly line: number;
}

export interface ScenarioEscalation {
  readonly text: string;
  readonly line: number;
  /** "If unresolved in 30 minutes" */
  readonly afterMs?: number;
  /** "P1 - Immediately escalate …" */
  readonly severity?: string;
  readonly immediate: boolean;
}

export interface ScenarioNote {
  readonly label: string;
  readonly text: string;
  readonly items: readonly string[];
  readonly line: number;
}

/** The Internal Status Update template. */
export interface StatusUpdateTemplate {
  /** "INCIDENT UPDATE - [P1/P2/P3/P4] - [Brief Description]" */
  readonly headline: string;
  readonly fields: readonly TemplateField[];
  readonly line: number;
}

export interface TemplateField {
  /** "Status", "Last Update", "Current Actions" */
  readonly name: string;
  /** "[Investigating/Identified/Monitoring/Resolved]" */
  readonly placeholder: string;
  /** The choices a placeholder offers ("Investigating", …); empty for free text. */
  readonly options: readonly string[];
  /** A list field (Current Actions): its items follow on their own lines. */
  readonly list: boolean;
  readonly line: number;
}

export interface ReviewTemplate {
  readonly sections: readonly { readonly title: string; readonly prompts: readonly string[]; readonly line: number }[];
}
