import { mulberry32 } from "../../src/random.ts";

export { mulberry32 };

/** The draws the fuzz tests build on: an integer below `n`, an item, a coin with probability `p`. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
