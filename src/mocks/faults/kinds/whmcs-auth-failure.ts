import { defineFault } from "../fault.ts";

/** The API credentials were revoked or rotated: every call gets "Authentication Failed". */
export const whmcsAuthFailure = defineFault({
  description: "revoke the WHMCS API credentials: calls get result=error \"Authentication Failed\"",
  systems: ["whmcs"],
  params: {},
  inject: (target) => {
    target.onRevert(target.world.whmcs.credentialRevocations.add(true));
  },
});
