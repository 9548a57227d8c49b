/**
 * The trainer's random choices, as binding/core/sampling.{h,cpp} makes them
 * (docs/training.md, "Tables"): negatives from a Vose alias table over
 * count^exponent, and the C tool's subsampling keep probabilities.
 */
import type { Random } from './random';

function checkCounts(counts: ArrayLike<number>): void {
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
      throw new Error(`Expected a non-negative integer for counts[${i}] but received ${String(c)}`);
    }
  }
}

/**
 * Draws words with probability proportional to count^exponent from an alias
 * table built in the same order of operations as sampling.cpp, so that both
 * hold the same thresholds and aliases (up to the last bit of `Math.pow`
 * versus the C library's `pow`).
 */
export class NegativeSampler {
  /** Per column: keep the column when uniform32() < threshold, else take the alias. */
  readonly threshold: Float64Array;
  /** Per column: the word taken when the coin fails. */
  readonly alias: Uint32Array;
  /** After this many draws equal to the excluded word, drawExcept takes the next word. */
  static readonly MAX_REDRAWS = 1000;

  /**
   * @param counts the words' corpus counts (non-negative integers, not all zero).
   * @param exponent the exponent applied to each count (0.75 in word2vec).
   * @throws Error on an empty or invalid count list or a non-finite exponent.
   */
  constructor(counts: ArrayLike<number>, exponent: number) {
    const n = counts.length;
    if (n === 0) throw new Error('Expected at least one word count for the negative sampler but received none');
    if (n >= 4294967296) throw new Error(`Expected fewer than 2^32 word counts but received ${n}`);
    checkCounts(counts);
    if (typeof exponent !== 'number' || !Number.isFinite(exponent)) {
      throw new Error(`Expected a finite number for exponent but received ${String(exponent)}`);
    }
    const threshold = new Float64Array(n).fill(1);
    const alias = new Uint32Array(n);
    const scaled = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = Math.pow(counts[i], exponent);
      total += scaled[i];
    }
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new Error(`Expected counts whose powers sum to a positive finite number but the sum is ${total}`);
    }
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (scaled[i] * n) / total;
      alias[i] = i;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      threshold[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // What is left keeps threshold 1 (its probability is 1 up to rounding).
    for (const i of small) threshold[i] = 1;
    for (const i of large) threshold[i] = 1;
    this.threshold = threshold;
    this.alias = alias;
  }

  /** The number of words. */
  get size(): number {
    return this.threshold.length;
  }

  /** One word: a column `rng.below(size)`, then a coin `rng.uniform32() < threshold[column]`. */
  draw(rng: Random): number {
    const column = rng.below(this.threshold.length);
    return rng.uniform32() < this.threshold[column] ? column : this.alias[column];
  }

  /**
   * A word other than `excluded`: draws again while the draw equals it, at
   * most {@link NegativeSampler.MAX_REDRAWS} times, then takes
   * `(excluded + 1) mod size`. Needs at least 2 words to mean anything.
   */
  drawExcept(rng: Random, excluded: number): number {
    for (let attempt = 0; attempt < NegativeSampler.MAX_REDRAWS; attempt++) {
      const w = this.draw(rng);
      if (w !== excluded) return w;
    }
    return excluded + 1 < this.threshold.length ? excluded + 1 : 0;
  }

  /** The probability the table gives word `i`: its own column's share plus the columns aliasing to it. */
  probability(i: number): number {
    const n = this.threshold.length;
    let p = this.threshold[i] / n;
    for (let c = 0; c < n; c++) if (this.alias[c] === i && c !== i) p += (1 - this.threshold[c]) / n;
    return p;
  }
}

/**
 * The C tool's subsampling rule: word w is kept with probability
 * (sqrt(f / (sample N)) + 1) (sample N) / f, where f is its count and N the
 * sum of all counts (values >= 1 always keep). `sample <= 0` keeps every word.
 */
export function subsamplingKeepProbabilities(counts: ArrayLike<number>, sample: number): Float64Array {
  checkCounts(counts);
  const keep = new Float64Array(counts.length).fill(1);
  if (!(sample > 0)) return keep;
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const threshold = sample * total;
  for (let i = 0; i < counts.length; i++) {
    const f = counts[i];
    keep[i] = ((Math.sqrt(f / threshold) + 1) * threshold) / f;
  }
  return keep;
}
