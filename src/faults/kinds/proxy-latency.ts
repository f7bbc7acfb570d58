import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { injectToxic, streamParam } from "./proxy-toxic.ts";

/** Every byte through the service's proxy waits latencyMs ± jitterMs. */
export const proxyLatency = defineFault({
  description: "add latencyMs ± jitterMs to the target service's proxy",
  params: s.object({
    latencyMs: s.describe(s.number({ integer: true, min: 0, max: 600_000 }), "delay added to the data, in milliseconds"),
    jitterMs: s.withDefault(s.number({ integer: true, min: 0, max: 600_000 }), 0),
    stream: streamParam,
  }),
  inject: (context) =>
    injectToxic("proxy.latency", context, { type: "latency", stream: context.params.stream, attributes: { latency: context.params.latencyMs, jitter: context.params.jitterMs } }),
});
