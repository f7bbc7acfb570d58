/**
 * Latency histogram, HDR-like: exact below 64 µs, then 32 buckets per power
 * of two (a bucket is at most 1/32 of its value wide, so a percentile is
 * within ~1.6% of the true value). Fixed size, so it never grows with the
 * number of samples, and mergeable, so per-second windows add up to rolling
 * views without keeping samples. Values are recorded in microseconds, from
 * 0 to ~71 minutes; longer ones count as the longest.
 */
const SUB_BITS = 5;
const SUB = 1 << SUB_BITS;
const LINEAR = 2 * SUB;
const MAX_MICROS = 2 ** 32 - 1;
const BUCKETS = LINEAR + (32 - SUB_BITS - 1) * SUB;

function indexOf(micros: number): number {
  if (micros < LINEAR) return micros;
  const exponent = 31 - Math.clz32(micros) - SUB_BITS;
  return LINEAR + (exponent - 1) * SUB + ((micros >>> exponent) - SUB);
}

/** The middle of a bucket, in microseconds. */
function valueOf(index: number): number {
  if (index < LINEAR) return index;
  const offset = index - LINEAR;
  const exponent = Math.floor(offset / SUB) + 1;
  const lower = (SUB + (offset % SUB)) * 2 ** exponent;
  return lower + 2 ** (exponent - 1);
}

export class LatencyHistogram {
  readonly #counts = new Uint32Array(BUCKETS);
  #count = 0;
  #sumMs = 0;
  #minMs = Number.POSITIVE_INFINITY;
  #maxMs = 0;

  get count(): number {
    return this.#count;
  }

  record(latencyMs: number): void {
    const ms = Math.max(0, latencyMs);
    const micros = Math.min(MAX_MICROS, Math.round(ms * 1000));
    this.#counts[indexOf(micros)]! += 1;
    this.#count++;
    this.#sumMs += ms;
    this.#minMs = Math.min(this.#minMs, ms);
    this.#maxMs = Math.max(this.#maxMs, ms);
  }

  /** Adds another histogram's samples to this one. */
  merge(other: LatencyHistogram): this {
    if (other.#count === 0) return this;
    for (let index = 0; index < BUCKETS; index++) this.#counts[index]! += other.#counts[index]!;
    this.#count += other.#count;
    this.#sumMs += other.#sumMs;
    this.#minMs = Math.min(this.#minMs, other.#minMs);
    this.#maxMs = Math.max(this.#maxMs, other.#maxMs);
    return this;
  }

  /** The latency at quantile `q` (0 < q ≤ 1) in milliseconds; NaN when empty. */
  percentile(q: number): number {
    if (this.#count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    if (rank >= this.#count) return this.#maxMs;
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.#counts[index]!;
      if (seen >= rank) return Math.min(this.#maxMs, Math.max(this.#minMs, valueOf(index) / 1000));
    }
    return this.#maxMs;
  }

  get meanMs(): number {
    return this.#count === 0 ? Number.NaN : this.#sumMs / this.#count;
  }

  get maxMs(): number {
    return this.#count === 0 ? Number.NaN : this.#maxMs;
  }
}
