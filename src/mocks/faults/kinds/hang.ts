import { SYSTEMS } from "../../system.ts";
import { defineFault } from "../fault.ts";
import { matches, matchParams } from "../match.ts";
import { param } from "../params.ts";
import { sleep } from "../sleep.ts";

/**
 * Matching calls get no answer for durationMs (bounded: a hang that never ends
 * outlives the drill), then the connection closes, or the call goes through.
 * Reverting the fault lets hung calls through at once.
 */
export const hang = defineFault({
  description: "hold matching calls unanswered for durationMs, then drop the connection (or respond)",
  systems: SYSTEMS,
  params: { durationMs: param.integer(30_000, 1, 600_000), then: param.oneOf(["drop", "respond"] as const, "drop"), ...matchParams },
  inject: (target, { durationMs, then, ...match }) => {
    const released = new AbortController();
    target.onRevert(() => released.abort());
    target.intercept(async (exchange) => {
      const { context } = exchange;
      if (!matches(context, match)) return "continue";
      target.mark(context);
      const elapsed = await sleep(durationMs, AbortSignal.any([context.signal, released.signal]));
      if (context.signal.aborted) return "handled";
      if (elapsed && then === "drop") {
        exchange.drop();
        return "handled";
      }
      return "continue";
    });
  },
});
