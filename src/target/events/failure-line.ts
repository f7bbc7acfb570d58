import type { BayeuxFailureKind } from "./bayeux/messages.ts";

/** The log line for a failed attempt: what happened and what a responder checks (runbook scenario 1). */
export function failureLine(kind: BayeuxFailureKind, error: string, replayId: number | undefined, retry: string): ["warn" | "error", string] {
  switch (kind) {
    case "unknown-client":
      return ["warn", `Platform Event session lost (${error}); re-handshaking and resubscribing from replay id ${replayId ?? "per SF_EVENTS_REPLAY"}, ${retry}`];
    case "auth":
      return ["error", `Platform Event authentication failed: ${error}; check the Connected App's JWT settings, ${retry}`];
    case "denied":
      return ["error", `Platform Event subscription denied: ${error}; check the integration user's Platform Event permissions, ${retry}`];
    default:
      return ["error", `Platform Event subscription error: ${error}; ${retry}`];
  }
}
