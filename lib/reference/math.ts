/**
 * Elementwise functions of the word2vec math, computed exactly and without
 * overflow for any finite input.
 */
import { matrix, type Matrix } from './matrix';

function sigmoidScalar(x: number): number {
  // exp of a large positive number overflows; only ever exponentiate -|x|.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function logSigmoidScalar(x: number): number {
  // log(s(x)) = -log(1 + e^-x); for x < 0 rewrite as x - log(1 + e^x) so that
  // the exponent stays non-positive and the result keeps its precision.
  if (x >= 0) return -Math.log1p(Math.exp(-x));
  return x - Math.log1p(Math.exp(x));
}

/**
 * The logistic function s(x) = 1 / (1 + e^-x), stable for large |x|
 * (for x < 0 it is computed as e^x / (1 + e^x)).
 */
export function sigmoid(x: number): number;
/** The logistic function applied elementwise; returns a new array. */
export function sigmoid(x: ArrayLike<number>): Float64Array;
export function sigmoid(x: number | ArrayLike<number>): number | Float64Array {
  if (typeof x === 'number') return sigmoidScalar(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = sigmoidScalar(x[i]);
  return out;
}

/**
 * log s(x), computed without forming s(x): -log1p(e^-x) for x >= 0 and
 * x - log1p(e^x) for x < 0, so that logSigmoid(-800) is -800 rather than -Infinity.
 */
export function logSigmoid(x: number): number;
/** log s(x) applied elementwise; returns a new array. */
export function logSigmoid(x: ArrayLike<number>): Float64Array;
export function logSigmoid(x: number | ArrayLike<number>): number | Float64Array {
  if (typeof x === 'number') return logSigmoidScalar(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = logSigmoidScalar(x[i]);
  return out;
}

function maxOf(x: ArrayLike<number>, name: string): number {
  if (x.length === 0) throw new Error(`Expected a non-empty vector for ${name} but received an empty one`);
  let m = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

/**
 * log(sum_i e^{x_i}), shifted by max(x) so that it neither overflows nor
 * underflows.
 *
 * @throws Error if `x` is empty.
 */
export function logSumExp(x: ArrayLike<number>): number {
  const m = maxOf(x, 'logSumExp');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return m + Math.log(s);
}

/**
 * softmax(x)_i = e^{x_i} / sum_j e^{x_j}, computed on x - max(x): softmax is
 * invariant to adding a constant, and the shift keeps every exponent <= 0.
 *
 * @throws Error if `x` is empty.
 */
export function softmax(x: ArrayLike<number>): Float64Array {
  const m = maxOf(x, 'softmax');
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.exp(x[i] - m);
    s += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= s;
  return out;
}

/**
 * The softmax of each row of `m`, as a new matrix of the same shape.
 *
 * @throws Error if `m` has rows but no columns.
 */
export function softmaxRows(m: Matrix): Matrix {
  const out = matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    out.data.set(softmax(m.data.subarray(i * m.cols, (i + 1) * m.cols)), i * m.cols);
  }
  return out;
}
