/**
 * Typed access to the native loss-check functions of the addon
 * (binding/addon/loss_check.cpp): the loss kernels (binding/core/loss.h) and
 * the window functions (binding/core/window.h) the trainer uses, instantiated
 * in double or in float, with their gradients collected instead of applied.
 * Internal: the public API is gradientCheck (lib/gradient-check.ts).
 */
import { native, type NativeLossResult } from './native';
import type { Architecture, Loss } from './options';

export type { NativeLossResult };

/**
 * The real type the native kernel runs in: 'float64' (double, the default,
 * for gradient checks) or 'float32' (float, what training uses). Inputs and
 * outputs are Float64Array either way; in float32 the inputs are rounded to
 * float on the way in.
 */
export type NativePrecision = 'float64' | 'float32';

/** One (hidden vector, target) pair for {@link NativeLossBinding.lossCheck}. */
export interface NativeLossProblem {
  /** Which loss to run. */
  loss: Loss;
  /** The vector dimension. */
  dim: number;
  /** The center (hidden) vector, `dim` values. */
  center: Float64Array;
  /** The outside matrix (inner-node matrix for hierarchical softmax), rows x dim, row-major. */
  outside: Float64Array;
  /** The outside row to predict (negative sampling and softmax; unused by hierarchical softmax). */
  target?: number;
  /** Negative sampling: the negative rows, repeats allowed, never equal to `target`. */
  negatives?: Uint32Array;
  /** Hierarchical softmax: the inner nodes from the root down. */
  path?: Uint32Array;
  /** Hierarchical softmax: the branch (0 or 1) taken at each node of `path`. */
  codes?: Uint8Array;
}

/** One window for {@link NativeLossBinding.windowCheck}. */
export interface NativeWindowProblem {
  /** 'skip-gram' (one pair per outside word) or 'cbow' (one pair: context predicts center). */
  architecture: Architecture;
  /** Which loss each pair uses. */
  loss: Loss;
  /** The vector dimension. */
  dim: number;
  /** The center (input) vectors, V x dim. */
  centerVectors: Float64Array;
  /** The outside vectors, V x dim (V-1 inner nodes x dim for hierarchical softmax). */
  outsideVectors: Float64Array;
  /** The center word, a row of `centerVectors`. */
  centerWord: number;
  /** Skip-gram: the outside words; CBOW: the context words. */
  outsideWords: Uint32Array;
  /** Negative sampling: the negatives, flattened, the same count per pair (CBOW has one pair). */
  negatives?: Uint32Array;
  /** Hierarchical softmax: per word, the inner nodes from the root down. */
  paths?: Uint32Array[];
  /** Hierarchical softmax: per word, the branch taken at each node. */
  codes?: Uint8Array[];
  /** CBOW: average (true, the default) or sum the context vectors. */
  cbowMean?: boolean;
  /** CBOW: the exact gradient ('true', the default) or the C tool's convention ('word2vec'). */
  cbowGradient?: 'true' | 'word2vec';
  /**
   * Skip-gram negative sampling only: each outside word's vector predicts the
   * center word, all pairs against the one set of `negatives`, computed as the
   * trainer's sharedNegatives window.
   */
  sharedNegatives?: boolean;
}

/** Loss and gradients of one window from {@link NativeLossBinding.windowCheck}. */
export interface NativeWindowResult {
  /** The window's loss. */
  loss: number;
  /** dJ/dV, V x dim. */
  gradCenterVectors: Float64Array;
  /** dJ/dU, the shape of `outsideVectors`. */
  gradOutsideVectors: Float64Array;
}

/**
 * The addon's loss-check functions. Each throws a JS Error (TypeError or
 * RangeError for bad input) rather than crashing the process.
 */
export interface NativeLossBinding {
  /** Loss and gradients of one pair, computed by the native kernel in the given precision. */
  lossCheck(problem: NativeLossProblem, precision?: NativePrecision): NativeLossResult;
  /** Loss and gradients of one window, computed by the native window functions in the given precision. */
  windowCheck(problem: NativeWindowProblem, precision?: NativePrecision): NativeWindowResult;
}

/**
 * The addon, typed with its loss-check functions (see native() for loading
 * and its errors).
 *
 * @throws Error if the addon cannot be loaded or lacks the loss-check functions.
 */
export function nativeLoss(): NativeLossBinding {
  const binding = native() as unknown as Partial<NativeLossBinding>;
  if (typeof binding.lossCheck !== 'function' || typeof binding.windowCheck !== 'function') {
    throw new Error(
      'hogvec: the native addon has no lossCheck/windowCheck; it is out of date. ' +
        'Rebuild it with `npm run build:native`.',
    );
  }
  return binding as NativeLossBinding;
}
