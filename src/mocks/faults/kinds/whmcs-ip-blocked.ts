import { defineFault } from "../fault.ts";
import { param } from "../params.ts";

/** The caller's IP is off the API allow-list: HTTP 403 "Invalid IP x.x.x.x". */
export const whmcsIpBlocked = defineFault({
  description: "take callers off the WHMCS API IP allow-list (HTTP 403 \"Invalid IP …\")",
  systems: ["whmcs"],
  params: { ip: param.string("", "an IP address as WHMCS sees it (e.g. 127.0.0.1); empty blocks every caller") },
  inject: (target, { ip }) => {
    target.onRevert(target.world.whmcs.ipBlocks.add(ip === "" ? "*" : ip));
  },
});
