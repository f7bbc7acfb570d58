import type { Classification } from "./classify.ts";

export interface UpdateInput {
  readonly classification: Classification;
  readonly headline: string;
  readonly status: "Investigating" | "Identified" | "Monitoring" | "Resolved";
  readonly impact: string;
  readonly startedAt: Date;
  readonly now: Date;
  readonly actions: readonly string[];
}

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** An internal status update in the runbook's template (INCIDENT UPDATE - P2 - …, Status, Impact, Started, Last Update, Current Actions, Next Update). */
export function statusUpdateText(input: UpdateInput): string {
  const next = input.status === "Resolved" ? "none (resolved; post-incident review to follow)" : utc(new Date(input.now.getTime() + 30 * 60_000));
  return [
    `INCIDENT UPDATE - ${input.classification.severity} - ${input.headline}`,
    "",
    `Status: ${input.status}`,
    `Impact: ${input.impact}`,
    `Started: ${utc(input.startedAt)}`,
    `Last Update: ${utc(input.now)}`,
    "",
    "Current Actions:",
    ...(input.actions.length === 0 ? ["- investigating"] : input.actions.map((action) => `- ${action}`)),
    "",
    `Next Update: ${next}`,
  ].join("\n");
}
