/**
 * Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
 * A binary search over 350k ranks per token would dominate generation time.
 */
import type { Random } from '../../lib/reference/random';

export class AliasSampler {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;
  readonly size: number;

  constructor(weights: Float64Array) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasSampler needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = new Float64Array(n);
    const small = new Uint32Array(n);
    const large = new Uint32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[--nl];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    // Leftovers are 1 up to rounding error.
    while (nl > 0) this.prob[large[--nl]] = 1;
    while (ns > 0) this.prob[small[--ns]] = 1;
  }

  /** Draws an index in [0, size). */
  sample(rng: Random): number {
    // A uniform double with 53 random bits (27 + 26): with 32, x * size would
    // keep only about 14 bits of the fraction compared with prob[i].
    const x = (((rng.next() >>> 5) * 67108864 + (rng.next() >>> 6)) / 9007199254740992) * this.size;
    const i = Math.floor(x);
    return x - i < this.prob[i] ? i : this.alias[i];
  }
}

/**
 * Zipf-Mandelbrot weights: w(r) = (r + offset)^-exponent for ranks r = 1..n.
 * The offset flattens the head so the top word is ~6% of tokens, as in text8,
 * instead of ~20% for a pure power law with the exponent text8's tail needs.
 */
export function zipfWeights(n: number, exponent: number, offset = 0): Float64Array {
  const w = new Float64Array(n);
  for (let r = 1; r <= n; r++) w[r - 1] = Math.pow(r + offset, -exponent);
  return w;
}
