/**
 * Numeric gradient checking by central differences, as in CS224n's
 * gradcheck_naive.
 */
import type { LossFunction } from './sgd';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** The finite-difference step (default 1e-4). */
  h?: number;
  /** The largest relative error that passes (default 1e-5). */
  tolerance?: number;
}

/** The outcome of {@link gradcheck}, with the worst coordinate. */
export interface GradcheckResult {
  /** Whether every coordinate's relative error is within the tolerance. */
  passed: boolean;
  /** The largest relative error over all coordinates (Infinity if any is NaN). */
  maxRelativeError: number;
  /** The coordinate with the largest relative error (-1 when x is empty). */
  worstIndex: number;
  /** The numeric derivative at `worstIndex`. */
  numeric: number;
  /** The analytic derivative at `worstIndex`. */
  analytic: number;
  /** How many coordinates were checked. */
  checked: number;
}

/**
 * Compares the gradient `f` returns at `x` with central differences
 * (f(x + h e_i) - f(x - h e_i)) / 2h for every coordinate i. The relative
 * error is |numeric - analytic| / max(1, |numeric|, |analytic|).
 *
 * `x` is perturbed in place, one coordinate at a time, and each coordinate is
 * restored to its exact original value, so `f` may hold views into `x`; on
 * return `x` is unchanged.
 *
 * @throws Error if `h` is not positive, `tolerance` is negative, or the
 *   gradient has the wrong length.
 */
export function gradcheck(f: LossFunction, x: Float64Array, options: GradcheckOptions = {}): GradcheckResult {
  const h = options.h ?? 1e-4;
  const tolerance = options.tolerance ?? 1e-5;
  if (typeof h !== 'number' || !Number.isFinite(h) || h <= 0) {
    throw new Error(`Expected a positive finite number for h but received ${String(h)}`);
  }
  if (typeof tolerance !== 'number' || Number.isNaN(tolerance) || tolerance < 0) {
    throw new Error(`Expected a non-negative number for tolerance but received ${String(tolerance)}`);
  }
  // Copy: f may return a buffer it reuses on the next call.
  const grad = Float64Array.from(f(x).grad);
  if (grad.length !== x.length) {
    throw new Error(`f returned a gradient of length ${grad.length}; expected ${x.length}`);
  }

  let maxRelativeError = 0;
  let worstIndex = -1;
  let worstNumeric = 0;
  let worstAnalytic = 0;
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    x[i] = old + h;
    const plus = f(x).loss;
    x[i] = old - h;
    const minus = f(x).loss;
    x[i] = old;
    const numeric = (plus - minus) / (2 * h);
    const analytic = grad[i];
    let rel = Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric), Math.abs(analytic));
    if (Number.isNaN(rel)) rel = Infinity; // a NaN must fail, not slip past the comparison
    if (worstIndex < 0 || rel > maxRelativeError) {
      maxRelativeError = rel;
      worstIndex = i;
      worstNumeric = numeric;
      worstAnalytic = analytic;
    }
  }
  return {
    passed: maxRelativeError <= tolerance,
    maxRelativeError,
    worstIndex,
    numeric: worstNumeric,
    analytic: worstAnalytic,
    checked: x.length,
  };
}
