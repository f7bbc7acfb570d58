import { defineFault } from "../fault.ts";
import { param } from "../params.ts";

/** Activations and state changes are accepted but complete only after delayMs (or never), pending ones included. */
export const freebitSlowCompletion = defineFault({
  description: "make Freebit activations and state changes complete only after delayMs (or never)",
  systems: ["freebit"],
  params: { delayMs: param.integer(600_000, 0, 86_400_000), never: param.boolean(false) },
  inject: (target, { delayMs, never }) => {
    target.onRevert(target.world.freebit.completionDelays.add(never ? Number.POSITIVE_INFINITY : delayMs));
  },
});
