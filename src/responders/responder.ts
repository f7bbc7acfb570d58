import type { PublicDrill } from "../drills/public-view.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { Runbook } from "../runbook/model.ts";

/** What an action did, as the journal records it. */
export interface ActionOutcome {
  readonly ok: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

/**
 * What a responder works with: the drill as a trainee sees it (no answer
 * key), the runbook, the environment, and the moves a responder makes —
 * each recorded in the journal, the only thing the score reads.
 */
export interface ResponderContext {
  readonly drill: PublicDrill;
  readonly runbook: Runbook;
  /** The environment as it is now (pids change when parts restart). */
  descriptor(): EnvironmentDescriptor;
  /** When the incident began (the first fault went in): "since" for logs and tables. */
  readonly incidentStartedAt: Date;
  /** Aborted on SIGINT/SIGTERM or when the drill's time runs out. */
  readonly signal: AbortSignal;
  /** Who acts, as the journal names them ("auto" for the automated responder). */
  readonly actor: string;
  acknowledge(): void;
  classify(severity: string, component?: string): void;
  escalate(level: string, reason?: string): void;
  statusUpdate(text: string): void;
  /** Runs a remediation action (src/actions) and records it; never throws for the action's own failure. */
  act(action: string, params?: Readonly<Record<string, unknown>>): Promise<ActionOutcome>;
  claimResolved(note?: string): void;
  /**
   * Runs the drill's recovery probes now and records them (a resolve claim is
   * judged by the first results after it): what is still failing, by probe.
   */
  verifyRecovery(): Promise<{ readonly recovered: boolean; readonly failing: readonly string[] }>;
  /** The same moves, recorded under another responder's name (game days: several people). */
  as(actor: string): ResponderContext;
  /** The next hint, recorded with its cost; undefined when there is none left. */
  takeHint(): { readonly index: number; readonly text: string; readonly cost: number } | undefined;
}

/** Someone or something that handles the incident: the automated responder, or people at the CLI. */
export interface Responder {
  readonly name: string;
  respond(context: ResponderContext): Promise<void>;
}
