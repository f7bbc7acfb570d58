import type { Action } from "../action.ts";

/** The security responses (revoke sessions, lock accounts): filled in by the security work. */
export const securityActions = {} as const satisfies Record<string, Action<never>>;
