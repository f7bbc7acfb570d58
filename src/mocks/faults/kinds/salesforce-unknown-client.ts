import { defineFault } from "../fault.ts";

/**
 * The streaming server loses every CometD session at once: held connects
 * answer 403::Unknown client (advice: handshake), other clients get it on their
 * next message. A one-shot event: reverting it changes nothing, as in life.
 */
export const salesforceUnknownClient = defineFault({
  description: "drop every CometD session: clients get 403::Unknown client and must re-handshake",
  systems: ["salesforce"],
  params: {},
  inject: (target) => {
    target.world.salesforce.bayeux.dropAll("unknown-client");
  },
});
