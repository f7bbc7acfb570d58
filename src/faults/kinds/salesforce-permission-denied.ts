import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { targetOf } from "../target.ts";
import { injectMockFault } from "./mock-fault.ts";

/**
 * The integration user lost permission to read the Platform Event: subscribes
 * fail with 403:denied_by_security_policy:subscribe_denied. With dropSessions
 * (the default), current subscribers must re-handshake and meet the denial now.
 */
export const salesforcePermissionDenied = defineFault({
  description: "deny subscribes to Salesforce Platform Event channels (subscribe_denied)",
  params: s.object({ dropSessions: s.withDefault(s.boolean(), true) }),
  inject: ({ descriptor, target, params }) =>
    injectMockFault("salesforce.permission-denied", descriptor, {
      system: targetOf("salesforce.permission-denied", target ?? "salesforce", ["salesforce"] as const),
      kind: "salesforce.subscribe-denied",
      params: { dropSessions: params.dropSessions },
    }),
});
