import { SYSTEMS } from "../../system.ts";
import { defineFault } from "../fault.ts";
import { matches, matchParams } from "../match.ts";
import { param } from "../params.ts";
import { sleep } from "../sleep.ts";

/** Delays matching calls by latencyMs ± uniform jitterMs before the system handles them. */
export const latency = defineFault({
  description: "delay matching calls by latencyMs plus or minus jitterMs",
  systems: SYSTEMS,
  params: { latencyMs: param.integer(1_000, 0, 600_000), jitterMs: param.integer(0, 0, 600_000), ...matchParams },
  inject: (target, { latencyMs, jitterMs, ...match }) => {
    target.intercept(async ({ context }) => {
      if (!matches(context, match)) return "continue";
      target.mark(context);
      const delayMs = Math.max(0, latencyMs + (jitterMs > 0 ? Math.round((Math.random() * 2 - 1) * jitterMs) : 0));
      return (await sleep(delayMs, context.signal)) ? "continue" : "handled";
    });
  },
});
