import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { injectToxic, streamParam } from "./proxy-toxic.ts";

/** The service's link narrows to rateKbps kilobytes a second (a saturated or throttled network). */
export const proxyBandwidth = defineFault({
  description: "limit the target service's proxy to rateKbps KB/s",
  params: s.object({
    rateKbps: s.describe(s.number({ integer: true, min: 1, max: 10_000_000 }), "kilobytes per second"),
    stream: streamParam,
  }),
  inject: (context) => injectToxic("proxy.bandwidth", context, { type: "bandwidth", stream: context.params.stream, attributes: { rate: context.params.rateKbps } }),
});
