import { FiredrillError } from "../errors.ts";
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

/** mulberry32: the same seed draws the same delay, so a training run can be replayed. */
export function seededDelay(range: { readonly minMs: number; readonly maxMs: number }, seed: number): number {
  let state = seed >>> 0;
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return Math.round(range.minMs + unit * (range.maxMs - range.minMs));
}
