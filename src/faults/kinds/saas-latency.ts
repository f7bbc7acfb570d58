import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { targetOf } from "../target.ts";
import { injectMockFault, SAAS_SYSTEMS } from "./mock-fault.ts";

/** The SaaS system itself is slow: each call waits latencyMs ± jitterMs before it is handled. */
export const saasLatency = defineFault({
  description: "delay the target SaaS system's answers by latencyMs ± jitterMs",
  params: s.object({
    latencyMs: s.number({ integer: true, min: 0, max: 600_000 }),
    jitterMs: s.withDefault(s.number({ integer: true, min: 0, max: 600_000 }), 0),
    rate: s.describe(s.withDefault(s.number({ min: 0, max: 1 }), 1), "share of calls delayed"),
  }),
  inject: ({ descriptor, target, params }) =>
    injectMockFault("saas.latency", descriptor, { system: targetOf("saas.latency", target, SAAS_SYSTEMS), kind: "latency", params: { ...params } }),
});
