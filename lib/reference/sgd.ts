/**
 * Plain stochastic gradient descent, as CS224n's sgd.py runs it.
 */

/** A loss and its gradient at a point (the gradient has the point's length). */
export type LossFunction = (x: Float64Array) => { loss: number; grad: Float64Array };

/** What {@link sgd} reports after each iteration. */
export interface SgdIterationInfo {
  /** The iteration number, from 1. */
  iteration: number;
  /** The loss evaluated at the start of this iteration (before its step). */
  loss: number;
  /** 0.95 * previous + 0.05 * loss, starting at the first loss. */
  exponentialLoss: number;
  /** The step size used in this iteration. */
  step: number;
}

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** The initial step size (learning rate), > 0. */
  step: number;
  /** The number of iterations, >= 1. */
  iterations: number;
  /** The step is halved after every `annealEvery` iterations (default 5000). */
  annealEvery?: number;
  /**
   * Applied to x after each step (e.g. to normalise rows); it may change x in
   * place or return the new x, which must have the same length.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that changes x in place returns nothing
  postprocessing?: (x: Float64Array) => Float64Array | void;
  /** Called after each iteration's step, before any annealing. */
  onIteration?: (info: SgdIterationInfo) => void;
}

/** The result of {@link sgd}. */
export interface SgdResult {
  /** The parameters after the last iteration. */
  x: Float64Array;
  /** The loss of the last iteration (evaluated before its step). */
  loss: number;
  /** The exponentially smoothed loss after the last iteration. */
  exponentialLoss: number;
}

/**
 * Minimises `f` from `x0`: each iteration evaluates (loss, grad) = f(x), sets
 * x -= step * grad, then applies `postprocessing`. After every `annealEvery`
 * iterations the step is halved. `x0` is copied, never modified.
 *
 * @throws Error on a non-positive step, a non-positive or non-integer
 *   iteration count or anneal period, or a gradient of the wrong length.
 */
export function sgd(f: LossFunction, x0: Float64Array, options: SgdOptions): SgdResult {
  let step = options.step;
  const { iterations, postprocessing, onIteration } = options;
  const annealEvery = options.annealEvery ?? 5000;
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new Error(`Expected a positive finite number for step but received ${String(step)}`);
  }
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`Expected a positive integer for iterations but received ${String(iterations)}`);
  }
  if (!Number.isInteger(annealEvery) || annealEvery < 1) {
    throw new Error(`Expected a positive integer for annealEvery but received ${String(annealEvery)}`);
  }

  let x: Float64Array = Float64Array.from(x0);
  let loss = NaN;
  let exponentialLoss = NaN;
  for (let iteration = 1; iteration <= iterations; iteration++) {
    const r = f(x);
    if (r.grad.length !== x.length) {
      throw new Error(`f returned a gradient of length ${r.grad.length}; expected ${x.length}`);
    }
    loss = r.loss;
    for (let i = 0; i < x.length; i++) x[i] -= step * r.grad[i];
    if (postprocessing) {
      const y = postprocessing(x);
      if (y) {
        if (y.length !== x.length) {
          throw new Error(`postprocessing returned ${y.length} values; expected ${x.length}`);
        }
        x = y;
      }
    }
    exponentialLoss = iteration === 1 ? loss : 0.95 * exponentialLoss + 0.05 * loss;
    onIteration?.({ iteration, loss, exponentialLoss, step });
    if (iteration % annealEvery === 0) step *= 0.5;
  }
  return { x, loss, exponentialLoss };
}
