import { FiredrillError } from "../errors.ts";
import { mulberry32 } from "../random.ts";
import { parseDurationMs } from "../schema/duration.ts";

/** `--delay 30s` or `--delay 10s-2m`: the range the unannounced injection is drawn from. */
export function parseDelayRange(value: string): { readonly minMs: number; readonly maxMs: number } {
  const parts = value.split("-").map((part) => part.trim());
  const [min, max = min] = parts.map((part) => parseDurationMs(part));
  if (parts.length > 2 || min === undefined || max === undefined || max < min) {
    throw new FiredrillError("CONFIG_INVALID", `--delay "${value}": give a duration or a range, e.g. --delay 30s or --delay 10s-2m`);
  }
  return { minMs: min, maxMs: max };
}

/** The same seed draws the same delay (mulberry32's first draw), so a training run can be replayed. */
export function seededDelay(range: { readonly minMs: number; readonly maxMs: number }, seed: number): number {
  return Math.round(range.minMs + mulberry32(seed)() * (range.maxMs - range.minMs));
}
