/**
 * One training step of each loss, in the order the native kernels
 * (binding/core/loss.h) run it during training: output rows are visited in
 * order and each is read, contributes coeff * u_row to dJ/dh, and is then
 * updated at once (u_row -= alpha * coeff * h), so a row visited twice (a
 * negative drawn twice) sees its first update. The pure functions of
 * losses.ts give the same loss and dJ/dh when alpha is 0.
 */
import { logSigmoid, sigmoid } from './math';
import { dot, row, type Matrix } from './matrix';

function checkStep(h: Float64Array, rows: Matrix, gradHidden: Float64Array, alpha: number): void {
  if (h.length !== rows.cols || gradHidden.length !== rows.cols) {
    throw new Error(
      `Expected h and gradHidden of length ${rows.cols} but received ${h.length} and ${gradHidden.length}`,
    );
  }
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new Error(`Expected a finite number >= 0 for alpha but received ${String(alpha)}`);
  }
}

function checkRow(name: string, value: number, rows: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= rows) {
    throw new Error(`Expected an integer between 0 and ${rows - 1} for ${name} but received ${String(value)}`);
  }
}

/** gradHidden += coeff * u, then u -= alpha * coeff * h: one visit of an output row. */
function visit(u: Float64Array, coeff: number, h: Float64Array, alpha: number, gradHidden: Float64Array): void {
  const rate = alpha * coeff;
  for (let d = 0; d < u.length; d++) {
    gradHidden[d] += coeff * u[d];
    u[d] -= rate * h[d];
  }
}

/**
 * Negative sampling: J = -log s(u_t.h) - sum_k log s(-u_k.h), visiting the
 * target (coeff s(u_t.h) - 1), then each negative in order (coeff s(u_k.h)).
 * Adds dJ/dh into `gradHidden`, updates the visited rows of `output`, and
 * returns J.
 *
 * @throws Error on mismatched lengths, an out-of-range row, or a negative alpha.
 */
export function negativeSamplingStep(
  h: Float64Array,
  output: Matrix,
  target: number,
  negatives: ArrayLike<number>,
  alpha: number,
  gradHidden: Float64Array,
): number {
  checkStep(h, output, gradHidden, alpha);
  checkRow('target', target, output.rows);
  for (let k = 0; k < negatives.length; k++) checkRow(`negatives[${k}]`, negatives[k], output.rows);
  let u = row(output, target);
  let score = dot(u, h);
  let loss = -logSigmoid(score);
  visit(u, sigmoid(score) - 1, h, alpha, gradHidden);
  for (let k = 0; k < negatives.length; k++) {
    u = row(output, negatives[k]);
    score = dot(u, h);
    loss -= logSigmoid(-score);
    visit(u, sigmoid(score), h, alpha, gradHidden);
  }
  return loss;
}

/**
 * Hierarchical softmax along a Huffman path from the root: at node path[j],
 * J_j = -log s((1 - 2 codes[j]) u.h) and coeff = s(u.h) - (1 - codes[j]).
 * Adds dJ/dh into `gradHidden`, updates the visited rows of `inner`, and
 * returns J.
 *
 * @throws Error on mismatched lengths, an out-of-range node, or a negative alpha.
 */
export function hierarchicalSoftmaxStep(
  h: Float64Array,
  inner: Matrix,
  path: ArrayLike<number>,
  codes: ArrayLike<number>,
  alpha: number,
  gradHidden: Float64Array,
): number {
  checkStep(h, inner, gradHidden, alpha);
  if (path.length !== codes.length) {
    throw new Error(`Expected path and codes of equal length but received ${path.length} and ${codes.length}`);
  }
  for (let j = 0; j < path.length; j++) checkRow(`path[${j}]`, path[j], inner.rows);
  let loss = 0;
  for (let j = 0; j < path.length; j++) {
    const u = row(inner, path[j]);
    const score = dot(u, h);
    loss -= logSigmoid(codes[j] ? -score : score);
    visit(u, sigmoid(score) - (codes[j] ? 0 : 1), h, alpha, gradHidden);
  }
  return loss;
}

/**
 * Full softmax: every score u_w.h is computed first; J = log(sum_w
 * e^{s_w - m}) - (s_t - m) with m the largest score; then each word in index
 * order is visited with coeff = p_w - [w = target]. Adds dJ/dh into
 * `gradHidden`, updates every row of `output`, and returns J.
 *
 * @param scores optional scratch of `output.rows` entries.
 * @throws Error on mismatched lengths, an out-of-range target, or a negative alpha.
 */
export function softmaxStep(
  h: Float64Array,
  output: Matrix,
  target: number,
  alpha: number,
  gradHidden: Float64Array,
  scores: Float64Array = new Float64Array(output.rows),
): number {
  checkStep(h, output, gradHidden, alpha);
  checkRow('target', target, output.rows);
  if (scores.length !== output.rows) {
    throw new Error(`Expected scores of length ${output.rows} but received ${scores.length}`);
  }
  const V = output.rows;
  const dim = output.cols;
  const u = output.data;
  // Rows by offset rather than row() views: this loop runs V times a pair.
  for (let w = 0, at = 0; w < V; w++, at += dim) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += u[at + d] * h[d];
    scores[w] = s;
  }
  let max = scores[0];
  for (let w = 1; w < V; w++) if (scores[w] > max) max = scores[w];
  const targetShifted = scores[target] - max;
  let sum = 0;
  for (let w = 0; w < V; w++) {
    scores[w] = Math.exp(scores[w] - max);
    sum += scores[w];
  }
  const loss = Math.log(sum) - targetShifted;
  const inverse = 1 / sum;
  for (let w = 0, at = 0; w < V; w++, at += dim) {
    const coeff = scores[w] * inverse - (w === target ? 1 : 0);
    const rate = alpha * coeff;
    for (let d = 0; d < dim; d++) {
      gradHidden[d] += coeff * u[at + d];
      u[at + d] -= rate * h[d];
    }
  }
  return loss;
}

/**
 * Skip-gram with negatives shared across a window (TrainOptions.sharedNegatives):
 * each context word's input row predicts `center` against the same
 * `negatives`, and every score and gradient is taken from the rows as they
 * stand before the window. Then each output row changes by
 * -alpha * sum_j coeff_j h_j (a negative drawn twice changes twice), and each
 * context row by -alpha * its dJ/dh. Returns the window's loss.
 *
 * @throws Error on an out-of-range row or a negative alpha.
 */
export function sharedNegativesStep(
  input: Matrix,
  output: Matrix,
  contexts: ArrayLike<number>,
  center: number,
  negatives: ArrayLike<number>,
  alpha: number,
): number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new Error(`Expected a finite number >= 0 for alpha but received ${String(alpha)}`);
  }
  checkRow('center', center, output.rows);
  for (let k = 0; k < negatives.length; k++) checkRow(`negatives[${k}]`, negatives[k], output.rows);
  for (let j = 0; j < contexts.length; j++) checkRow(`contexts[${j}]`, contexts[j], input.rows);
  const rows = [center, ...Array.from(negatives)];
  const dim = input.cols;
  const hiddens = Array.from(contexts, (w) => row(input, w));
  const gradHiddens = hiddens.map(() => new Float64Array(dim));
  const changes = rows.map(() => new Float64Array(dim));
  let loss = 0;
  for (let r = 0; r < rows.length; r++) {
    const u = row(output, rows[r]);
    for (let j = 0; j < hiddens.length; j++) {
      const h = hiddens[j];
      const score = dot(u, h);
      loss -= logSigmoid(r === 0 ? score : -score);
      const coeff = sigmoid(score) - (r === 0 ? 1 : 0);
      const g = gradHiddens[j];
      const change = changes[r];
      for (let d = 0; d < dim; d++) {
        g[d] += coeff * u[d];
        change[d] += coeff * h[d];
      }
    }
  }
  for (let r = 0; r < rows.length; r++) {
    const u = row(output, rows[r]);
    for (let d = 0; d < dim; d++) u[d] -= alpha * changes[r][d];
  }
  for (let j = 0; j < hiddens.length; j++) {
    for (let d = 0; d < dim; d++) hiddens[j][d] -= alpha * gradHiddens[j][d];
  }
  return loss;
}
