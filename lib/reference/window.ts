/**
 * The two word2vec models over one window: skip-gram and CBOW, built on any
 * {@link PairLoss}.
 */
import type { PairLoss } from './losses';
import { matrix, row, type Matrix } from './matrix';

/** The loss of one window and its gradient with respect to both matrices. */
export interface WindowLossAndGradient {
  /** The window's loss. */
  loss: number;
  /** dJ/dV, the same shape as `centerVectors`. */
  gradCenterVecs: Matrix;
  /** dJ/dU, the same shape as `outsideVectors`. */
  gradOutsideVecs: Matrix;
}

/** Arguments of {@link skipgram}. */
export interface SkipgramArgs {
  /** c, the index of the center word (a row of `centerVectors`). */
  centerWord: number;
  /** The words of the window around c; pair j is (c, outsideWords[j]). */
  outsideWords: ArrayLike<number>;
  /** V, the center (input) vectors, one row per word. */
  centerVectors: Matrix;
  /** U, the outside vectors (or inner-node vectors for hierarchical softmax). */
  outsideVectors: Matrix;
  /** The pair loss; it is called with pairIndex = j. */
  loss: PairLoss;
}

/** Arguments of {@link cbow}. */
export interface CbowArgs {
  /** The word to predict (the outside index passed to the loss). */
  centerWord: number;
  /** The words of the window, rows of `centerVectors`; a repeated word counts each time. */
  contextWords: ArrayLike<number>;
  /** V, the context (input) vectors, one row per word. */
  centerVectors: Matrix;
  /** U, the output vectors (or inner-node vectors for hierarchical softmax). */
  outsideVectors: Matrix;
  /** The pair loss; it is called once, with pairIndex = 0. */
  loss: PairLoss;
  /** Hidden vector is the mean (true, the default) or the sum of the context vectors. */
  mean?: boolean;
  /**
   * 'true' (the default): the exact gradient of the objective.
   * 'word2vec': the C tool's and gensim's update, which gives every context
   * occurrence the full dJ/dh even when `mean` is true; that is NOT the
   * gradient of the mean objective (it is n times too large), so gradient
   * checks must use 'true'.
   */
  gradient?: 'true' | 'word2vec';
}

function checkIndex(name: string, value: number, size: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= size) {
    throw new Error(`Expected an integer between 0 and ${size - 1} for ${name} but received ${String(value)}`);
  }
}

function checkShapes(centerVectors: Matrix, outsideVectors: Matrix): void {
  if (centerVectors.cols !== outsideVectors.cols) {
    throw new Error(
      'Expected centerVectors and outsideVectors with the same number of columns ' +
        `but received ${centerVectors.cols} and ${outsideVectors.cols}`,
    );
  }
}

function checkGradShape(g: Matrix, outsideVectors: Matrix): void {
  if (g.rows !== outsideVectors.rows || g.cols !== outsideVectors.cols || g.data.length !== g.rows * g.cols) {
    throw new Error(
      `The loss returned gradOutsideVecs of shape ${g.rows} x ${g.cols}; ` +
        `expected ${outsideVectors.rows} x ${outsideVectors.cols}`,
    );
  }
}

function addInto(target: Float64Array, source: Float64Array, scale: number): void {
  if (target.length !== source.length) {
    throw new Error(`The loss returned a gradient of length ${source.length}; expected ${target.length}`);
  }
  for (let i = 0; i < target.length; i++) target[i] += scale * source[i];
}

/**
 * Skip-gram over one window: J = sum_j loss(v_c, outsideWords[j], U, j).
 *
 * Only row `centerWord` of the center-vector gradient is non-zero; every
 * other row is exactly 0. Outside words are not range-checked here: the loss
 * decides what they index (words for softmax and negative sampling, words
 * mapped to tree paths for hierarchical softmax).
 *
 * @throws Error on an out-of-range center word or mismatched dimensions.
 */
export function skipgram(args: SkipgramArgs): WindowLossAndGradient {
  const { centerWord, outsideWords, centerVectors, outsideVectors, loss } = args;
  checkShapes(centerVectors, outsideVectors);
  checkIndex('centerWord', centerWord, centerVectors.rows);
  const vc = row(centerVectors, centerWord);
  const gradCenterVecs = matrix(centerVectors.rows, centerVectors.cols);
  const gradOutsideVecs = matrix(outsideVectors.rows, outsideVectors.cols);
  const gc = row(gradCenterVecs, centerWord);
  let total = 0;
  for (let j = 0; j < outsideWords.length; j++) {
    const r = loss(vc, outsideWords[j], outsideVectors, j);
    checkGradShape(r.gradOutsideVecs, outsideVectors);
    total += r.loss;
    addInto(gc, r.gradCenterVec, 1);
    addInto(gradOutsideVecs.data, r.gradOutsideVecs.data, 1);
  }
  return { loss: total, gradCenterVecs, gradOutsideVecs };
}

/**
 * CBOW over one window: h = mean (or sum) of the context words' rows of V,
 * J = loss(h, centerWord, U, 0).
 *
 * With `gradient: 'true'` each context occurrence receives dJ/dh / n (mean)
 * or dJ/dh (sum): the exact gradient, the one gradient checks verify. With
 * `gradient: 'word2vec'` each occurrence receives the full dJ/dh even when
 * averaging, as the C tool and gensim (cbow_mean=1) do; for a mean over n > 1
 * words this is NOT the gradient of J (it is n times larger) and fails a
 * gradient check by design. With `mean: false` the two agree.
 *
 * @throws Error on an empty window, an out-of-range context word, mismatched
 *   dimensions, or an unknown `gradient` option.
 */
export function cbow(args: CbowArgs): WindowLossAndGradient {
  const { centerWord, contextWords, centerVectors, outsideVectors, loss } = args;
  const mean = args.mean ?? true;
  const gradient = args.gradient ?? 'true';
  if (typeof mean !== 'boolean') {
    throw new Error(`Expected a boolean for mean but received ${String(mean)} of type ${typeof mean}`);
  }
  if (gradient !== 'true' && gradient !== 'word2vec') {
    throw new Error(`Expected 'true' or 'word2vec' for gradient but received ${String(gradient)}`);
  }
  checkShapes(centerVectors, outsideVectors);
  const n = contextWords.length;
  if (n === 0) throw new Error('Expected at least one context word for cbow but received none');
  for (let j = 0; j < n; j++) checkIndex(`contextWords[${j}]`, contextWords[j], centerVectors.rows);

  const h = new Float64Array(centerVectors.cols);
  for (let j = 0; j < n; j++) addInto(h, row(centerVectors, contextWords[j]), 1);
  if (mean) for (let d = 0; d < h.length; d++) h[d] /= n;

  const r = loss(h, centerWord, outsideVectors, 0);
  checkGradShape(r.gradOutsideVecs, outsideVectors);
  const gradCenterVecs = matrix(centerVectors.rows, centerVectors.cols);
  // dh/dv_w = 1/n per occurrence for the mean; the C convention drops the 1/n.
  const scale = mean && gradient === 'true' ? 1 / n : 1;
  for (let j = 0; j < n; j++) addInto(row(gradCenterVecs, contextWords[j]), r.gradCenterVec, scale);
  const gradOutsideVecs = matrix(outsideVectors.rows, outsideVectors.cols, Float64Array.from(r.gradOutsideVecs.data));
  return { loss: r.loss, gradCenterVecs, gradOutsideVecs };
}
