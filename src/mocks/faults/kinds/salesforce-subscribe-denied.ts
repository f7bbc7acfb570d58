import { defineFault } from "../fault.ts";
import { param } from "../params.ts";

/**
 * The integration user lost the permission to read the Platform Event:
 * subscribes fail with 403:denied_by_security_policy:subscribe_denied. With
 * dropSessions, current clients are forgotten, so they re-handshake and meet
 * the denial now.
 */
export const salesforceSubscribeDenied = defineFault({
  description: "deny subscribes to Platform Event channels (403:denied_by_security_policy:subscribe_denied)",
  systems: ["salesforce"],
  params: { dropSessions: param.boolean(true) },
  inject: (target, { dropSessions }) => {
    const { bayeux } = target.world.salesforce;
    target.onRevert(bayeux.subscribeDenials.add(true));
    if (dropSessions) bayeux.dropAll("unknown-client");
  },
});
