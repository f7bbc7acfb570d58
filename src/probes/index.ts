export { resolvePlaceholders } from "./placeholders.ts";
export { defineProbe, type Observation, type Probe, type ProbeContext, type ProbeResult } from "./probe.ts";
export { checkProbe, isProbeKind, type ProbeKind, probeKinds, probeRegistry } from "./registry.ts";
