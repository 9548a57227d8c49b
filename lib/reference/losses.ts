/**
 * The three word2vec losses for one (center vector, outside word) pair, each
 * with its exact gradient, as in CS224n assignment 2 and the word2vec C tool.
 */
import { logSigmoid, logSumExp, sigmoid, softmax } from './math';
import { dot, matrix, row, type Matrix } from './matrix';

/** The loss of one pair and its gradient with respect to both inputs. */
export interface LossAndGradient {
  /** The value of the loss. */
  loss: number;
  /** dJ/dv_c, the gradient with respect to the center (or hidden) vector. */
  gradCenterVec: Float64Array;
  /** dJ/dU, with the same shape as the outside (or inner-node) matrix. */
  gradOutsideVecs: Matrix;
}

/**
 * A pair loss in the shape windows call it: the loss of predicting
 * `outsideIdx` from `centerVec`. `pairIndex` is the position of the pair in
 * its window, so a loss that needs per-pair data (the negatives drawn for that
 * pair) can find it; losses that need none ignore it.
 */
export type PairLoss = (
  centerVec: Float64Array,
  outsideIdx: number,
  outsideVectors: Matrix,
  pairIndex: number,
) => LossAndGradient;

function checkDim(centerVec: Float64Array, vectors: Matrix, name: string): void {
  if (centerVec.length !== vectors.cols) {
    throw new Error(
      `Expected centerVec of length ${vectors.cols} (the columns of ${name}) but received length ${centerVec.length}`,
    );
  }
}

function checkIndex(name: string, value: number, size: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= size) {
    throw new Error(`Expected an integer between 0 and ${size - 1} for ${name} but received ${String(value)}`);
  }
}

/**
 * Full softmax: yhat = softmax(U v_c), J = -log yhat_o.
 *
 * dJ/dv_c = U^T (yhat - y) and dJ/dU = (yhat - y) v_c^T, where y is the
 * one-hot vector of `outsideIdx`. The loss is computed as
 * logsumexp(U v_c) - u_o.v_c, so it stays finite even when yhat_o underflows.
 *
 * @param centerVec v_c, of length `outsideVectors.cols`.
 * @param outsideIdx o, a row of `outsideVectors`.
 * @param outsideVectors U, one row per word.
 * @throws Error on a dimension mismatch or an out-of-range index.
 */
export function naiveSoftmaxLossAndGradient(
  centerVec: Float64Array,
  outsideIdx: number,
  outsideVectors: Matrix,
): LossAndGradient {
  checkDim(centerVec, outsideVectors, 'outsideVectors');
  checkIndex('outsideIdx', outsideIdx, outsideVectors.rows);
  const { rows, cols } = outsideVectors;
  const scores = new Float64Array(rows);
  for (let w = 0; w < rows; w++) scores[w] = dot(row(outsideVectors, w), centerVec);
  const loss = logSumExp(scores) - scores[outsideIdx];
  const delta = softmax(scores); // becomes yhat - y
  delta[outsideIdx] -= 1;
  const gradCenterVec = new Float64Array(cols);
  const gradOutsideVecs = matrix(rows, cols);
  for (let w = 0; w < rows; w++) {
    const u = row(outsideVectors, w);
    const g = row(gradOutsideVecs, w);
    for (let d = 0; d < cols; d++) {
      gradCenterVec[d] += delta[w] * u[d];
      g[d] = delta[w] * centerVec[d];
    }
  }
  return { loss, gradCenterVec, gradOutsideVecs };
}

/**
 * Negative sampling: J = -log s(u_o.v_c) - sum_k log s(-u_k.v_c).
 *
 * dJ/dv_c = (s(u_o.v_c) - 1) u_o + sum_k s(u_k.v_c) u_k,
 * dJ/du_o = (s(u_o.v_c) - 1) v_c and dJ/du_k = s(u_k.v_c) v_c.
 * A negative listed n times contributes n times, to the loss and to the
 * gradients (they accumulate). The outside word is never a negative.
 *
 * @param centerVec v_c, of length `outsideVectors.cols`.
 * @param outsideIdx o, a row of `outsideVectors`.
 * @param outsideVectors U, one row per word.
 * @param negatives the indices k of the sampled negative words.
 * @throws Error on a dimension mismatch, an out-of-range index, or a negative
 *   equal to `outsideIdx`.
 */
export function negSamplingLossAndGradient(
  centerVec: Float64Array,
  outsideIdx: number,
  outsideVectors: Matrix,
  negatives: ArrayLike<number>,
): LossAndGradient {
  checkDim(centerVec, outsideVectors, 'outsideVectors');
  checkIndex('outsideIdx', outsideIdx, outsideVectors.rows);
  for (let k = 0; k < negatives.length; k++) {
    checkIndex(`negatives[${k}]`, negatives[k], outsideVectors.rows);
    if (negatives[k] === outsideIdx) {
      throw new Error(`negatives[${k}] is ${outsideIdx}, the outside word; the outside word is never a negative`);
    }
  }
  const cols = outsideVectors.cols;
  const gradCenterVec = new Float64Array(cols);
  const gradOutsideVecs = matrix(outsideVectors.rows, cols);

  // One term per sample: the outside word with label 1, each negative with label 0.
  // d(-log s(x))/dx = s(x) - 1 and d(-log s(-x))/dx = s(x), hence coeff below.
  const addTerm = (idx: number, positive: boolean): number => {
    const u = row(outsideVectors, idx);
    const x = dot(u, centerVec);
    const coeff = positive ? sigmoid(x) - 1 : sigmoid(x);
    const g = row(gradOutsideVecs, idx);
    for (let d = 0; d < cols; d++) {
      gradCenterVec[d] += coeff * u[d];
      g[d] += coeff * centerVec[d];
    }
    return -logSigmoid(positive ? x : -x);
  };

  let loss = addTerm(outsideIdx, true);
  for (let k = 0; k < negatives.length; k++) loss += addTerm(negatives[k], false);
  return { loss, gradCenterVec, gradOutsideVecs };
}

/**
 * Hierarchical softmax, in the word2vec C tool's convention: the word is the
 * leaf reached from the root by taking branch `codes[j]` at inner node
 * `path[j]`. For each node, with x = u_{path[j]}.v_c and label = 1 - codes[j],
 *   J_j = -log s((1 - 2 codes[j]) x),
 *   dJ_j/dv_c = (s(x) - label) u_{path[j]},  dJ_j/du_{path[j]} = (s(x) - label) v_c,
 * and J is the sum over the path. (The C tool's update is g = (label - s(x)) * alpha,
 * the negative of this gradient times the learning rate.)
 *
 * @param centerVec v_c, of length `innerVectors.cols`.
 * @param path inner-node indices from the root down, rows of `innerVectors`
 *   (see {@link huffmanTree}).
 * @param codes the branch taken at each node, 0 or 1.
 * @param innerVectors one row per inner node of the tree.
 * @throws Error on a dimension mismatch, an empty path, `path` and `codes` of
 *   different lengths, a code other than 0 or 1, or an out-of-range node.
 */
export function hierarchicalSoftmaxLossAndGradient(
  centerVec: Float64Array,
  path: ArrayLike<number>,
  codes: ArrayLike<number>,
  innerVectors: Matrix,
): LossAndGradient {
  checkDim(centerVec, innerVectors, 'innerVectors');
  if (path.length !== codes.length) {
    throw new Error(`Expected path and codes of equal length but received ${path.length} and ${codes.length}`);
  }
  if (path.length === 0) throw new Error('Expected a non-empty path for hierarchical softmax');
  for (let j = 0; j < path.length; j++) {
    checkIndex(`path[${j}]`, path[j], innerVectors.rows);
    if (codes[j] !== 0 && codes[j] !== 1) {
      throw new Error(`Expected 0 or 1 for codes[${j}] but received ${String(codes[j])}`);
    }
  }
  const cols = innerVectors.cols;
  const gradCenterVec = new Float64Array(cols);
  const gradOutsideVecs = matrix(innerVectors.rows, cols);
  let loss = 0;
  for (let j = 0; j < path.length; j++) {
    const u = row(innerVectors, path[j]);
    const x = dot(u, centerVec);
    const coeff = sigmoid(x) - (1 - codes[j]);
    loss -= logSigmoid((1 - 2 * codes[j]) * x);
    // A node can only appear once on a tree path, but += keeps this correct for any path.
    const g = row(gradOutsideVecs, path[j]);
    for (let d = 0; d < cols; d++) {
      gradCenterVec[d] += coeff * u[d];
      g[d] += coeff * centerVec[d];
    }
  }
  return { loss, gradCenterVec, gradOutsideVecs };
}

/** The full softmax as a {@link PairLoss} (it needs no per-pair data). */
export function naiveSoftmaxPairLoss(): PairLoss {
  return (centerVec, outsideIdx, outsideVectors) => naiveSoftmaxLossAndGradient(centerVec, outsideIdx, outsideVectors);
}

/**
 * Negative sampling as a {@link PairLoss}: pair `pairIndex` of a window uses
 * the negatives `negativesPerPair[pairIndex]`.
 *
 * @throws Error (when called) if there is no negatives list for the pair.
 */
export function negSamplingPairLoss(negativesPerPair: ArrayLike<number>[]): PairLoss {
  return (centerVec, outsideIdx, outsideVectors, pairIndex) => {
    if (!Number.isInteger(pairIndex) || pairIndex < 0 || pairIndex >= negativesPerPair.length) {
      throw new Error(
        `No negatives for pair ${String(pairIndex)}: negativesPerPair has ${negativesPerPair.length} entries`,
      );
    }
    return negSamplingLossAndGradient(centerVec, outsideIdx, outsideVectors, negativesPerPair[pairIndex]);
  };
}

/**
 * Hierarchical softmax as a {@link PairLoss}: the outside word `o` is
 * predicted through its own path `paths[o]` and codes `codes[o]`, and the
 * window's outside matrix is the matrix of inner-node vectors.
 *
 * @param paths per word, the inner nodes from the root down (see {@link huffmanTree}).
 * @param codes per word, the branch taken at each node.
 * @throws Error if `paths` and `codes` cover different numbers of words, or
 *   (when called) if the outside word has no path.
 */
export function hierarchicalSoftmaxPairLoss(paths: ArrayLike<number>[], codes: ArrayLike<number>[]): PairLoss {
  if (paths.length !== codes.length) {
    throw new Error(
      `Expected paths and codes for the same number of words but received ${paths.length} and ${codes.length}`,
    );
  }
  return (centerVec, outsideIdx, innerVectors) => {
    checkIndex('outsideIdx', outsideIdx, paths.length);
    return hierarchicalSoftmaxLossAndGradient(centerVec, paths[outsideIdx], codes[outsideIdx], innerVectors);
  };
}
