import { defineFault } from "../fault.ts";

/**
 * Platform Events are published (REST answers 201, replay ids advance) but
 * never delivered to subscribers. Events published during the stall stay
 * retained: a subscriber that resubscribes with its last replay id gets them.
 */
export const salesforceEventsStall = defineFault({
  description: "accept Platform Events but never deliver them to subscribers (they stay replayable)",
  systems: ["salesforce"],
  params: {},
  inject: (target) => {
    target.onRevert(target.world.salesforce.bus.stalls.add(true));
  },
});
