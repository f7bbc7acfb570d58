import type { Drill } from "../drills/drill-schema.ts";
import { eventsOf } from "../journal/queries.ts";
import type { Runbook } from "../runbook/model.ts";
import { findScenario, procedureOf } from "../runbook/queries.ts";
import { afterInjection, formatMs, type Incident } from "./incident.ts";
import { paramsMatch } from "./params-match.ts";
import { claimVerdict, type Recovery } from "./recovery.ts";
import type { ResolutionPart } from "./score-model.ts";
import type { Weights } from "./weights.ts";

/**
 * Resolution: recovery verified by the probes within the best severity's
 * response time, and a resolve claim the probes agreed with. The answer
 * key's remediation steps are listed with when each was taken.
 */
export function scoreResolution(incident: Incident, drill: Drill, runbook: Runbook, recovery: Recovery, weights: Weights): ResolutionPart {
  const notes: string[] = [];
  const from = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  const timeToRecoverMs = recovery.recoveredAtMs === undefined ? undefined : afterInjection(incident, recovery.recoveredAtMs);
  const withinResponseTime = timeToRecoverMs !== undefined && timeToRecoverMs <= incident.responseTimeMs;
  let recoveryPoints = 0;
  if (timeToRecoverMs === undefined) {
    for (const probe of recovery.probes.filter((each) => each.status !== "passed")) {
      notes.push(`recovery probe "${probe.id}" (${probe.probe}) ${probe.status === "not-run" ? "never ran" : "was still failing"}: not recovered`);
    }
  } else if (withinResponseTime) recoveryPoints = weights.resolution.recovery;
  else {
    recoveryPoints = weights.resolution.recovery * weights.partialCredit;
    notes.push(`recovered after ${formatMs(timeToRecoverMs)}, beyond ${drill.answers.severity.best}'s response time of ${formatMs(incident.responseTimeMs)}`);
  }

  const claims = eventsOf(incident.events, "resolve-claim")
    .filter((event) => event.atMs >= from)
    .map((event) => ({ afterMs: afterInjection(incident, event.atMs), actor: event.actor, verdict: claimVerdict(incident, drill, event.atMs) }));
  const verified = claims.some((claim) => claim.verdict === "verified");
  if (claims.length === 0 && recovery.recovered) notes.push("the probes saw recovery, but nobody declared the incident resolved");
  for (const claim of claims.filter((each) => each.verdict !== "verified")) {
    notes.push(`resolve claim after ${formatMs(claim.afterMs)} ${claim.verdict === "false" ? "while the recovery probes still failed" : "that no recovery probe confirmed"}`);
  }

  const scenario = findScenario(runbook, drill.scenario);
  const steps = scenario === undefined ? [] : procedureOf(scenario);
  const actions = eventsOf(incident.events, "action").filter((event) => event.atMs >= from && event.ok);
  const remediation = drill.answers.remediation.map((expected) => {
    const taken = actions.find((event) => event.action === expected.action && paramsMatch(expected.params, event.params ?? {}));
    if (taken === undefined && !expected.optional) {
      const text = expected.runbookSteps.map((number) => `step ${number}${quote(steps.find((step) => step.number === number)?.text)}`).join(", ");
      notes.push(`runbook ${text}: not taken (${expected.action})`);
    }
    return { action: expected.action, runbookSteps: expected.runbookSteps, optional: expected.optional, ...(taken !== undefined && { takenAfterMs: afterInjection(incident, taken.atMs) }) };
  });

  return {
    points: recoveryPoints + (verified && recovery.recovered ? weights.resolution.claim : 0),
    max: weights.resolution.recovery + weights.resolution.claim,
    notes,
    recovered: recovery.recovered,
    ...(timeToRecoverMs !== undefined && { timeToRecoverMs }),
    responseTimeMs: incident.responseTimeMs,
    withinResponseTime,
    probes: recovery.probes,
    claims,
    remediation,
  };
}

function quote(text: string | undefined): string {
  return text === undefined ? "" : ` ("${text.replace(/\*\*/g, "")}")`;
}
