import { sleep } from "../../engine/waits.ts";
import type { Responder, ResponderContext } from "../responder.ts";
import { classify } from "./classify.ts";
import { isCleared } from "./cleared.ts";
import { describeFinding, type Finding, findingsOf } from "./findings.ts";
import { type Observations, observeEnvironment } from "./observations.ts";
import { type RemediationStep, remediationFor } from "./remediation.ts";
import { statusUpdateText } from "./status-update.ts";

export interface AutoResponderOptions {
  /** Between sweeps of the checks. */
  readonly sweepIntervalMs?: number;
  /** How long to look for a cause before reporting that none was found. */
  readonly findWithinMs?: number;
  /** How long to wait for a vendor's fix after escalating to L4. */
  readonly vendorWaitMs?: number;
  /** How long a fix of our own may take to show. */
  readonly confirmWithinMs?: number;
  /** Sweeps in a row that must see the problem gone before claiming it resolved. */
  readonly confirmSweeps?: number;
}

const DEFAULTS: Required<AutoResponderOptions> = { sweepIntervalMs: 500, findWithinMs: 20_000, vendorWaitMs: 90_000, confirmWithinMs: 30_000, confirmSweeps: 2 };

/** How often to re-subscribe while waiting for Salesforce (each is a BFF restart). */
const RESUBSCRIBE_EVERY_MS = 4_000;
/** The log window a "cleared" verdict looks at, at most. */
const CLEAR_WINDOW_MS = 5_000;

/**
 * The automated responder — what a CI run uses in place of people. It runs
 * its own checks (never the drill's answer key): the health endpoint, Redis
 * and PostgreSQL themselves, the security tables, the BFF's log and
 * configuration; classifies the most serious finding by the runbook's
 * severity table; escalates as the matrix says (L4 for a vendor, L2 and L3
 * at once for a security incident); runs the runbook's resolution steps; and
 * claims the incident resolved only once its checks see it gone.
 */
export function automatedResponder(options: AutoResponderOptions = {}): Responder {
  const settings = { ...DEFAULTS, ...options };
  return {
    name: "auto",
    async respond(context) {
      context.acknowledge();
      const started = Date.now();
      let findings: Finding[] = [];
      for (;;) {
        const observations = await observeEnvironment(context.descriptor(), context.incidentStartedAt);
        findings = findingsOf(observations, Date.now() - context.incidentStartedAt.getTime());
        if (findings.length > 0 || Date.now() - started >= settings.findWithinMs) break;
        await sleep(settings.sweepIntervalMs, context.signal);
      }
      const classification = classify(findings, context.runbook);
      const top = findings[0];
      if (classification === undefined || top === undefined) {
        context.statusUpdate(`INCIDENT UPDATE - ? - ${context.drill.title}\n\nStatus: Investigating\nImpact: unknown: no check shows a cause\nCurrent Actions:\n- checks found nothing within ${Math.round(settings.findWithinMs / 1000)}s`);
        return;
      }
      context.classify(classification.severity, classification.component);
      const actions: string[] = [];
      for (const escalation of classification.escalateNow) {
        context.escalate(escalation.level, escalation.reason);
        actions.push(`escalated to ${escalation.level}: ${escalation.reason}`);
      }
      const headline = describeFinding(top);
      const update = (status: "Identified" | "Monitoring" | "Resolved") =>
        context.statusUpdate(statusUpdateText({ classification, headline, status, impact: classification.why, startedAt: context.incidentStartedAt, now: new Date(), actions }));
      const plan = remediationFor(top);
      update("Identified");
      await take(context, plan.steps, actions);
      let cleared = await waitUntilCleared(context, top, plan.vendor ? settings.vendorWaitMs : settings.confirmWithinMs, plan.after, actions, settings);
      if (!cleared && plan.fallback.length > 0) {
        await take(context, plan.fallback, actions);
        cleared = await waitUntilCleared(context, top, settings.confirmWithinMs, [], actions, settings);
      }
      if (cleared) {
        update("Resolved");
        context.claimResolved(`checks no longer show: ${headline}`);
      } else {
        update("Monitoring");
      }
    },
  };
}

async function take(context: ResponderContext, steps: readonly RemediationStep[], actions: string[]): Promise<void> {
  for (const step of steps) {
    const outcome = await context.act(step.action, step.params);
    actions.push(`${step.action} ${JSON.stringify(step.params)}: ${outcome.ok ? "done" : `failed (${outcome.error})`} — ${step.why}`);
  }
}

/** Sweeps until the finding is gone for `confirmSweeps` sweeps in a row; `after` steps are retaken every few seconds meanwhile (re-subscribing). */
async function waitUntilCleared(
  context: ResponderContext,
  finding: Finding,
  withinMs: number,
  after: readonly RemediationStep[],
  actions: string[],
  settings: Required<AutoResponderOptions>,
): Promise<boolean> {
  const until = Date.now() + withinMs;
  let fixedAt = Date.now();
  let lastAfter = Number.NEGATIVE_INFINITY;
  let streak = 0;
  while (Date.now() < until) {
    if (after.length > 0 && Date.now() - lastAfter >= RESUBSCRIBE_EVERY_MS) {
      await take(context, after, actions);
      lastAfter = Date.now();
      fixedAt = Date.now();
      streak = 0;
    }
    await sleep(settings.sweepIntervalMs, context.signal);
    const windowStart = new Date(Math.max(fixedAt, Date.now() - CLEAR_WINDOW_MS));
    const observations: Observations = await observeEnvironment(context.descriptor(), windowStart);
    streak = isCleared(finding, observations, Date.now() - windowStart.getTime()) ? streak + 1 : 0;
    if (streak >= settings.confirmSweeps) return true;
  }
  return false;
}
