import type { Drill } from "../drills/drill-schema.ts";
import { eventsOf } from "../journal/queries.ts";
import type { Incident } from "./incident.ts";
import type { ClassificationPart, DetectionPart, DiagnosisPart, ResolutionPart, Verdict } from "./score-model.ts";

/** Why the run cannot be scored as a drill: no fault went in, or the system was not healthy before it did. */
export function invalidReasons(incident: Incident, drill: Drill): string[] {
  const reasons: string[] = [];
  if (incident.injectedAtMs === undefined) {
    const failed = eventsOf(incident.events, "fault-injected").filter((event) => event.error !== undefined);
    reasons.push(
      failed.length === 0 ? "no fault was injected" : `no fault was injected: ${failed.map((event) => `fault "${event.fault}" (${event.faultKind}): ${event.error}`).join("; ")}`,
    );
  }
  const before = incident.injectedAtMs ?? Number.POSITIVE_INFINITY;
  for (const expected of drill.steadyState) {
    const last = eventsOf(incident.events, "probe")
      .filter((event) => event.role === "steady-state" && event.probe === expected.id && event.atMs <= before)
      .pop();
    if (last !== undefined && !last.matched) {
      reasons.push(`steady state not met before injection: probe "${expected.id}" (${expected.probe})${last.error ? `: ${last.error}` : last.output ? `; last output: ${last.output.slice(0, 200)}` : ""}`);
    }
  }
  return reasons;
}

/** CI's verdict: every expected probe fired in time, the classification is accepted, recovery verified, no runbook command blind. */
export function verdictOf(
  invalid: readonly string[],
  parts: { detection: DetectionPart; classification: ClassificationPart; resolution: ResolutionPart; diagnosis: DiagnosisPart },
): Verdict {
  const { detection, classification, resolution, diagnosis } = parts;
  const classified = (classification.severity.verdict === "best" || classification.severity.verdict === "accepted") && classification.component.verdict === "right";
  if (invalid.length > 0) return { status: "invalid", detected: false, classified: false, recovered: false, failures: invalid };
  const failures: string[] = [];
  for (const probe of detection.probes.filter((each) => !each.inTime)) {
    failures.push(`detection probe "${probe.id}" (${probe.probe}) ${probe.firedAfterMs === undefined ? "never fired" : `fired after ${probe.firedAfterMs}ms`}; expected within ${probe.withinMs}ms of injection`);
  }
  if (!classified) {
    const { severity, component } = classification;
    failures.push(
      severity.verdict === "missing"
        ? `not classified; expected ${severity.best} and ${component.accepted.join(" or ")}`
        : `classified ${severity.given ?? "?"}/${component.given ?? "no component"}; expected ${severity.accepted.join(" or ")} and ${component.accepted.join(" or ")}`,
    );
  }
  for (const probe of resolution.probes.filter((each) => each.status !== "passed")) {
    failures.push(`recovery probe "${probe.id}" (${probe.probe}) ${probe.status === "not-run" ? "never ran" : "still failing"}: not recovered`);
  }
  for (const command of diagnosis.commands.filter((each) => each.status === "blind")) failures.push(`runbook command \`${command.command}\` did not show the fault`);
  return { status: failures.length === 0 ? "passed" : "failed", detected: detection.allFired, classified, recovered: resolution.recovered, failures };
}
