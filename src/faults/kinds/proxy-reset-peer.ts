import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { injectToxic, streamParam } from "./proxy-toxic.ts";

/** Connections through the service's proxy are reset (TCP RST) after timeoutMs. */
export const proxyResetPeer = defineFault({
  description: "reset connections through the target service's proxy (TCP RST) after timeoutMs",
  params: s.object({
    timeoutMs: s.withDefault(s.number({ integer: true, min: 0, max: 600_000 }), 0),
    stream: streamParam,
  }),
  inject: (context) => injectToxic("proxy.reset-peer", context, { type: "reset_peer", stream: context.params.stream, attributes: { timeout: context.params.timeoutMs } }),
});
