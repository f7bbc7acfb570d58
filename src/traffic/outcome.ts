/**
 * What became of one request, as the SLIs count it. Errors are what a
 * customer sees as the portal failing: a 5xx, no answer in time, or no
 * connection. A 4xx (a refused login, an expired token, 429) is the portal
 * working, so it is counted apart.
 */
export const OUTCOMES = ["ok", "clientError", "serverError", "timeout", "connection"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const isError = (outcome: Outcome): boolean => outcome === "serverError" || outcome === "timeout" || outcome === "connection";

export function outcomeOfStatus(status: number): Outcome {
  if (status >= 500) return "serverError";
  if (status >= 400) return "clientError";
  return "ok";
}
