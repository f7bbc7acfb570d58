import { FiredrillError } from "../errors.ts";
import { parseDelayRange } from "./delay.ts";
import { mulberry32 } from "../random.ts";

/** One incident of a game day's plan: which drill, and the unannounced wait before its fault goes in. */
export interface ScheduledIncident<D> {
  /** 1-based, in the order they run. */
  readonly index: number;
  readonly drill: D;
  /** From the environment being ready (reset, steady) to the injection. */
  readonly gapMs: number;
}

export interface GapRange {
  readonly minMs: number;
  readonly maxMs: number;
}

/** `--gap 30s` or `--gap 30s-2m`. */
export function parseGapRange(value: string): GapRange {
  try {
    return parseDelayRange(value);
  } catch {
    throw new FiredrillError("CONFIG_INVALID", `--gap "${value}": give a duration or a range, e.g. --gap 30s or --gap 30s-2m`);
  }
}

/**
 * A game day's plan: every drill once, in an order drawn from the seed, each
 * after a gap drawn from the range. The same seed and drills give the same
 * plan, so a game day can be replayed; nobody is told which drill comes next.
 */
export function scheduleGameDay<D>(drills: readonly D[], seed: number, gap: GapRange): ScheduledIncident<D>[] {
  const random = mulberry32(seed);
  const order = [...drills];
  // Fisher–Yates: every order equally likely.
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order.map((drill, index) => ({ index: index + 1, drill, gapMs: Math.round(gap.minMs + random() * (gap.maxMs - gap.minMs)) }));
}
