/**
 * mulberry32: a small seeded PRNG — the same seed gives the same draws, so a
 * training run's delay, a game day's plan and the fuzz tests' inputs can be
 * replayed from their seed. Draws are in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
