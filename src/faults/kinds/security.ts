import type { Fault } from "../fault.ts";

/** The attacks of the runbook's Security Incident scenario: filled in by the security work. */
export const securityFaults = {} as const satisfies Record<string, Fault<never>>;
