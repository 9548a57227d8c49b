/**
 * The random numbers of training, bit for bit those of binding/core/random.h
 * (see docs/training.md, "Random numbers"). All arithmetic is unsigned 32-bit:
 * products go through Math.imul and every result is brought back to
 * [0, 2^32) with `>>> 0`.
 */

/** MurmurHash3's 32-bit finaliser. */
export function mix32(h: number): number {
  h >>>= 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * FNV-1a over a word's bytes (its UTF-8 encoding, or whatever bytes the
 * corpus held): the word's identity for its initial vector.
 */
export function hashWord(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed of one random stream: mix32(seed ^ mix32(stream + 0x9e3779b9)). */
export function streamSeed(seed: number, stream: number): number {
  return mix32((seed >>> 0) ^ mix32((stream + 0x9e3779b9) >>> 0));
}

/**
 * The stream of one training thread in one epoch (1-based, counted over the
 * model's life): streamSeed(streamSeed(mix32(seed ^ 0x68e31da4), epoch), thread).
 */
export function trainingStreamSeed(seed: number, epoch: number, thread: number): number {
  return streamSeed(streamSeed(mix32(((seed >>> 0) ^ 0x68e31da4) >>> 0), epoch), thread);
}

/**
 * The stream of the same thread's negative draws in that epoch:
 * streamSeed(trainingStreamSeed(seed, epoch, thread), 0x6e656721). Apart
 * from the main stream so that negatives can be drawn ahead of their use.
 */
export function negativeStreamSeed(seed: number, epoch: number, thread: number): number {
  return streamSeed(trainingStreamSeed(seed, epoch, thread), 0x6e656721);
}

const GOLDEN = 0x9e3779b9;
const TWO_POW_24 = 16777216;
const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * xoshiro128**, seeded as binding/core/random.h seeds it: state word i is
 * mix32(seed + (i + 1) * 0x9e3779b9) (mod 2^32).
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed an unsigned 32-bit seed (taken mod 2^32). */
  constructor(seed: number) {
    let x = seed >>> 0;
    x = (x + GOLDEN) >>> 0;
    this.s0 = mix32(x);
    x = (x + GOLDEN) >>> 0;
    this.s1 = mix32(x);
    x = (x + GOLDEN) >>> 0;
    this.s2 = mix32(x);
    x = (x + GOLDEN) >>> 0;
    this.s3 = mix32(x);
  }

  /** The next 32-bit output, in [0, 2^32). */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** (next() >>> 8) / 2^24: uniform in [0, 1) with 24 bits, exact in float and double. */
  uniform(): number {
    return (this.next() >>> 8) / TWO_POW_24;
  }

  /** next() / 2^32: uniform in [0, 1) with all 32 bits. */
  uniform32(): number {
    return this.next() / TWO_POW_32;
  }

  /**
   * floor(next() * n / 2^32), an integer in [0, n), computed exactly for any
   * n in [1, 2^32): the 64-bit product is formed from n's 16-bit halves so
   * that no intermediate value reaches 2^53.
   *
   * @throws Error if n is not an integer in [1, 2^32).
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n >= TWO_POW_32) {
      throw new Error(`Expected an integer between 1 and 4294967295 for n but received ${String(n)}`);
    }
    const a = this.next();
    if (n < 0x200000) return Math.floor((a * n) / TWO_POW_32); // a * n < 2^53: exact
    // a * n = a * nHigh * 2^16 + a * nLow, each product < 2^48. With
    // q = a * nHigh + floor(a * nLow / 2^16) (< 2^49), floor(a * n / 2^32) = floor(q / 2^16).
    const nHigh = Math.floor(n / 65536);
    const nLow = n % 65536;
    const q = a * nHigh + Math.floor((a * nLow) / 65536);
    return Math.floor(q / 65536);
  }
}
