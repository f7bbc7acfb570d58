import { s } from "../schema/index.ts";

/** Numeric conditions a probe's value must meet; all given ones must hold. */
export const comparisonParams = {
  above: s.optional(s.number()),
  below: s.optional(s.number()),
  equals: s.optional(s.number()),
} as const;

export interface Comparison {
  readonly above?: number;
  readonly below?: number;
  readonly equals?: number;
}

/** True when `value` meets every condition given (and at least one was given). */
export function compare(value: number, { above, below, equals }: Comparison): boolean {
  if (above === undefined && below === undefined && equals === undefined) return value > 0;
  return (above === undefined || value > above) && (below === undefined || value < below) && (equals === undefined || value === equals);
}
