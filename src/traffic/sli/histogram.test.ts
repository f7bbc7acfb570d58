import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "./histogram.ts";

/** The exact nearest-rank percentile of `values`. */
function exact(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe("LatencyHistogram", () => {
  it("gives p50/p95/p99 within 2% of the exact values over five orders of magnitude", () => {
    const random = seeded(7);
    // Log-uniform from 0.1 ms to 10 s: every bucket size is exercised.
    const values = Array.from({ length: 20_000 }, () => 10 ** (random() * 5 - 1));
    const histogram = new LatencyHistogram();
    for (const value of values) histogram.record(value);
    for (const q of [0.5, 0.95, 0.99, 0.999]) {
      expect(Math.abs(histogram.percentile(q) - exact(values, q)) / exact(values, q)).toBeLessThan(0.02);
    }
    expect(histogram.count).toBe(20_000);
    expect(histogram.maxMs).toBe(Math.max(...values));
    expect(histogram.meanMs).toBeCloseTo(values.reduce((a, b) => a + b) / values.length, 6);
  });

  it("is exact for small latencies and never reports beyond the recorded min and max", () => {
    const histogram = new LatencyHistogram();
    for (const value of [0.001, 0.002, 0.003, 0.004]) histogram.record(value);
    expect(histogram.percentile(0.5)).toBeCloseTo(0.002, 6);
    const one = new LatencyHistogram();
    one.record(1234.5);
    expect([one.percentile(0.01), one.percentile(0.5), one.percentile(1)]).toEqual([1234.5, 1234.5, 1234.5]);
  });

  it("merges into the same percentiles as one histogram of all the samples", () => {
    const random = seeded(11);
    const all = new LatencyHistogram();
    const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    for (let index = 0; index < 3_000; index++) {
      const value = random() * 200 * (index % 3 === 0 ? 10 : 1);
      all.record(value);
      parts[index % 3]!.record(value);
    }
    const merged = parts.reduce((sum, part) => sum.merge(part), new LatencyHistogram());
    expect(merged.count).toBe(all.count);
    for (const q of [0.5, 0.95, 0.99]) expect(merged.percentile(q)).toBe(all.percentile(q));
    expect(merged.maxMs).toBe(all.maxMs);
  });

  it("says NaN when empty, and clamps what it cannot hold", () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(0.5)).toBeNaN();
    expect(histogram.meanMs).toBeNaN();
    histogram.record(-5);
    histogram.record(10 * 3_600_000);
    expect(histogram.percentile(0.01)).toBe(0);
    expect(histogram.percentile(1)).toBe(10 * 3_600_000);
  });
});
