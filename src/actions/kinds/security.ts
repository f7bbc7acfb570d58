import { securityLockAccount } from "./security-lock-account.ts";
import { securityRevokeSessions } from "./security-revoke-sessions.ts";

/** The security responses of the runbook's Security Incident scenario: contain an account, end sessions. */
export const securityActions = {
  "security.lock-account": securityLockAccount,
  "security.revoke-sessions": securityRevokeSessions,
} as const;
