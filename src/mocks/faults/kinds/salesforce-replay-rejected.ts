import { defineFault } from "../fault.ts";

/**
 * Every event published so far counts as past retention: a subscribe with any
 * of their replay ids is rejected ("The replayId {…} you provided was
 * invalid…"), and -2 replays only what is published after this point.
 */
export const salesforceReplayRejected = defineFault({
  description: "age every event published so far out of retention: subscribes with their replay ids are rejected",
  systems: ["salesforce"],
  params: {},
  inject: (target) => {
    const { bus } = target.world.salesforce;
    target.onRevert(bus.horizons.add(bus.lastReplayId));
  },
});
