import { defineFault } from "../fault.ts";

/** The org's daily API allowance is used up: every REST call gets 403 REQUEST_LIMIT_EXCEEDED. */
export const salesforceRequestLimit = defineFault({
  description: "exhaust the org's API allowance: REST answers 403 REQUEST_LIMIT_EXCEEDED",
  systems: ["salesforce"],
  params: {},
  inject: (target) => {
    target.onRevert(target.world.salesforce.limits.exhaustions.add(true));
  },
});
