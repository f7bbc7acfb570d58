import type { Fault } from "../fault.ts";
import { securityBruteForce } from "./security-brute-force.ts";
import { securityExfiltration } from "./security-exfiltration.ts";
import { securityTokenReuse } from "./security-token-reuse.ts";

/** The attacks of the runbook's Security Incident scenario, each run by an attacker in this process. */
export const securityFaults = {
  "security.brute-force": securityBruteForce,
  "security.token-reuse": securityTokenReuse,
  "security.exfiltration": securityExfiltration,
} as const satisfies Record<string, Fault<unknown>>;
