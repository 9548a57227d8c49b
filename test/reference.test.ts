import t, { type Test } from 'tap';
import {
  cbow,
  gradcheck,
  hierarchicalSoftmaxLossAndGradient,
  hierarchicalSoftmaxPairLoss,
  huffmanTree,
  logSigmoid,
  matrix,
  naiveSoftmaxLossAndGradient,
  naiveSoftmaxPairLoss,
  negSamplingLossAndGradient,
  negSamplingPairLoss,
  row,
  sgd,
  sigmoid,
  skipgram,
  softmax,
  softmaxRows,
  type LossAndGradient,
  type Matrix,
  type PairLoss,
} from '../lib/reference/index';
import { prng } from './support/prng';

function randVec(rand: () => number, n: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * rand() - 1;
  return v;
}

function randMatrix(rand: () => number, rows: number, cols: number): Matrix {
  return matrix(rows, cols, randVec(rand, rows * cols));
}

// Draws k negatives in [0, vocab), redrawing the outside word as CS224n does.
function drawNegatives(rand: () => number, vocab: number, outside: number, k: number): number[] {
  const out: number[] = [];
  while (out.length < k) {
    const w = Math.floor(rand() * vocab);
    if (w !== outside) out.push(w);
  }
  return out;
}

function assertClose(t: Test, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, msg: string): void {
  t.equal(actual.length, expected.length, `${msg}: length`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  t.ok(worst <= tol, `${msg} (worst relative difference ${worst})`);
}

const SEEDS = [1, 2, 3, 42, 2024];
const CENTER_HS_COUNTS = [9, 7, 5, 5, 3, 2, 1]; // includes a tie

t.test('sigmoid', async (t) => {
  const s = sigmoid([1, 2, 3]);
  t.type(s, Float64Array);
  assertClose(t, s, [0.73105858, 0.88079708, 0.95257413], 1e-8, 'sigmoid([1, 2, 3])');
  assertClose(t, sigmoid(new Float64Array([0, -1])), [0.5, 0.26894142137], 1e-10, 'array input');
  t.equal(sigmoid(0), 0.5);
  t.equal(sigmoid(800), 1, 'sigmoid(800) is 1');
  t.equal(sigmoid(-800), 0, 'sigmoid(-800) underflows to 0, not NaN');
  t.ok(Math.abs(sigmoid(-30) - Math.exp(-30)) <= 1e-12 * Math.exp(-30), 'sigmoid(-30) keeps its relative precision');
  t.ok(Math.abs(sigmoid(-3) + sigmoid(3) - 1) < 1e-15, 's(-x) = 1 - s(x)');
});

t.test('logSigmoid', async (t) => {
  for (const x of [-20, -5, -1, -0.1, 0, 0.3, 2, 7, 20]) {
    t.ok(Math.abs(logSigmoid(x) - Math.log(sigmoid(x))) < 1e-12, `logSigmoid(${x}) = log(sigmoid(${x}))`);
  }
  t.equal(logSigmoid(-800), -800, 'logSigmoid(-800) = -800, not -Infinity');
  t.ok(Number.isFinite(logSigmoid(-1e6)) && Math.abs(logSigmoid(-1e6) + 1e6) < 1e-6, 'logSigmoid(-1e6)');
  t.ok(Math.abs(logSigmoid(800)) < 1e-300, 'logSigmoid(800) is 0');
  const arr = logSigmoid([-1, 1]);
  t.type(arr, Float64Array);
  assertClose(t, arr, [Math.log(sigmoid(-1)), Math.log(sigmoid(1))], 1e-14, 'array input');
});

t.test('softmax', async (t) => {
  const expected = [0.26894142, 0.73105858];
  assertClose(t, softmax([1, 2]), expected, 1e-8, 'softmax([1, 2])');
  assertClose(t, softmax([1001, 1002]), softmax([1, 2]), 1e-15, 'softmax is shift invariant');
  const big = softmax([1000, 1001]);
  t.ok(big.every(Number.isFinite), 'no overflow for [1000, 1001]');
  assertClose(t, big, expected, 1e-8, 'softmax([1000, 1001])');
  const rows = softmaxRows(matrix(2, 2, [1001, 1002, 3, 4]));
  t.same([rows.rows, rows.cols], [2, 2]);
  assertClose(t, row(rows, 0), expected, 1e-8, 'row 0 of softmaxRows');
  assertClose(t, row(rows, 1), expected, 1e-8, 'row 1 of softmaxRows');
  const rand = prng(7);
  const x = randVec(rand, 10).map((v) => 50 * v);
  const p = softmax(x);
  t.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-14, 'softmax sums to 1');
  t.throws(() => softmax([]), /non-empty/);
});

t.test('matrix and row', async (t) => {
  t.throws(() => matrix(2, 2, [1, 2, 3]), /Expected 4 elements/);
  t.throws(() => matrix(-1, 2), /rows/);
  const data = new Float64Array([1, 2, 3, 4, 5, 6]);
  const m = matrix(2, 3, data);
  t.equal(m.data, data, 'a Float64Array is wrapped, not copied');
  row(m, 1)[0] = 40;
  t.equal(data[3], 40, 'row() is a view');
  t.throws(() => row(m, 2), /row index/);
});

t.test('gradcheck', async (t) => {
  const c = new Float64Array([1, -2, 3, 0.5]);
  const quad = (x: Float64Array) => {
    let loss = 0;
    const grad = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      loss += c[i] * x[i] * x[i];
      grad[i] = 2 * c[i] * x[i];
    }
    return { loss, grad };
  };
  const x = new Float64Array([0.3, -1.2, 2.5, 4]);
  const before = Float64Array.from(x);
  const ok = gradcheck(quad, x);
  t.ok(ok.passed, 'a correct gradient passes');
  t.ok(ok.maxRelativeError < 1e-8);
  t.equal(ok.checked, 4);
  t.same(Array.from(x), Array.from(before), 'x is unchanged');

  const wrong = (x: Float64Array) => {
    const r = quad(x);
    r.grad[2] += 0.01;
    return r;
  };
  const bad = gradcheck(wrong, x);
  t.notOk(bad.passed, 'one wrong coordinate fails');
  t.equal(bad.worstIndex, 2, 'and is the worst coordinate');
  t.ok(Math.abs(bad.analytic - bad.numeric - 0.01) < 1e-8, 'numeric and analytic values are reported');
  t.same(Array.from(x), Array.from(before), 'x is unchanged after a failure');

  const nan = gradcheck((x) => ({ loss: NaN, grad: new Float64Array(x.length) }), x);
  t.notOk(nan.passed, 'a NaN loss fails');
});

t.test('naive softmax loss', async (t) => {
  const rand = prng(11);
  const U = randMatrix(rand, 6, 4);
  const v = randVec(rand, 4);
  const r = naiveSoftmaxLossAndGradient(v, 3, U);
  const scores = Array.from({ length: 6 }, (_, w) => row(U, w).reduce((s, u, d) => s + u * v[d], 0));
  t.ok(Math.abs(r.loss + Math.log(softmax(scores)[3])) < 1e-12, 'loss = -log softmax(Uv)_o');
  const huge = naiveSoftmaxLossAndGradient(new Float64Array([1000, 0]), 0, matrix(2, 2, [1, 0, 1.001, 0]));
  t.ok(Math.abs(huge.loss - (1 + Math.log1p(Math.exp(-1)))) < 1e-9, 'stable for huge scores');
  t.throws(() => naiveSoftmaxLossAndGradient(v, 6, U), /outsideIdx/);
  t.throws(() => naiveSoftmaxLossAndGradient(new Float64Array(3), 0, U), /length 4/);
});

function checkLossGradients(
  t: Test,
  name: string,
  fn: (v: Float64Array, U: Matrix) => LossAndGradient,
  v: Float64Array,
  U: Matrix,
): void {
  const wrtCenter = gradcheck((x) => {
    const r = fn(x, U);
    return { loss: r.loss, grad: r.gradCenterVec };
  }, v);
  t.ok(wrtCenter.passed, `${name}: gradient w.r.t. the center vector (max rel err ${wrtCenter.maxRelativeError})`);
  const wrtOutside = gradcheck((x) => {
    const r = fn(v, matrix(U.rows, U.cols, x));
    t.same([r.gradOutsideVecs.rows, r.gradOutsideVecs.cols], [U.rows, U.cols]);
    return { loss: r.loss, grad: r.gradOutsideVecs.data };
  }, U.data);
  t.ok(wrtOutside.passed, `${name}: gradient w.r.t. the outside matrix (max rel err ${wrtOutside.maxRelativeError})`);
}

t.test('gradients of the three losses', async (t) => {
  for (const seed of SEEDS) {
    const rand = prng(seed);
    const V = 7;
    const dim = 5;
    const v = randVec(rand, dim);
    const U = randMatrix(rand, V, dim);
    checkLossGradients(t, `naive softmax, seed ${seed}`, (c, M) => naiveSoftmaxLossAndGradient(c, 1, M), v, U);
    const negatives = [2, 2, 3, 4, 2];
    checkLossGradients(
      t,
      `negative sampling, seed ${seed}`,
      (c, M) => negSamplingLossAndGradient(c, 0, M, negatives),
      v,
      U,
    );
    const drawn = drawNegatives(rand, V, 5, 10);
    checkLossGradients(
      t,
      `negative sampling (drawn), seed ${seed}`,
      (c, M) => negSamplingLossAndGradient(c, 5, M, drawn),
      v,
      U,
    );
    const tree = huffmanTree(CENTER_HS_COUNTS);
    const inner = randMatrix(rand, CENTER_HS_COUNTS.length - 1, dim);
    for (const w of [0, 3, 6]) {
      checkLossGradients(
        t,
        `hierarchical softmax word ${w}, seed ${seed}`,
        (c, M) => hierarchicalSoftmaxLossAndGradient(c, tree.paths[w], tree.codes[w], M),
        v,
        inner,
      );
    }
  }
});

t.test('negative sampling: repeats and validation', async (t) => {
  const rand = prng(5);
  const U = randMatrix(rand, 6, 4);
  const v = randVec(rand, 4);
  const negatives = [2, 3, 2, 2, 4];
  const full = negSamplingLossAndGradient(v, 1, U, negatives);
  const positiveOnly = negSamplingLossAndGradient(v, 1, U, []);
  // Each single-negative result also holds the positive term; remove the extra copies.
  let loss = -(negatives.length - 1) * positiveOnly.loss;
  const gc = positiveOnly.gradCenterVec.map((g) => -(negatives.length - 1) * g);
  const gu = positiveOnly.gradOutsideVecs.data.map((g) => -(negatives.length - 1) * g);
  for (const k of negatives) {
    const r = negSamplingLossAndGradient(v, 1, U, [k]);
    loss += r.loss;
    r.gradCenterVec.forEach((g, i) => (gc[i] += g));
    r.gradOutsideVecs.data.forEach((g, i) => (gu[i] += g));
  }
  t.ok(Math.abs(full.loss - loss) < 1e-12, 'a negative drawn 3 times adds its loss 3 times');
  assertClose(t, full.gradCenterVec, gc, 1e-12, 'center gradient accumulates repeats');
  assertClose(t, full.gradOutsideVecs.data, gu, 1e-12, 'outside gradient accumulates repeats');
  const s = sigmoid(row(U, 2).reduce((a, u, d) => a + u * v[d], 0));
  assertClose(
    t,
    row(full.gradOutsideVecs, 2),
    v.map((x) => 3 * s * x),
    1e-12,
    'gradU_2 = 3 s(u_2.v_c) v_c',
  );

  t.throws(() => negSamplingLossAndGradient(v, 1, U, [2, 1]), /the outside word is never a negative/);
  t.throws(() => negSamplingLossAndGradient(v, 1, U, [6]), /negatives\[0\]/);
  t.throws(() => negSamplingLossAndGradient(v, 1, U, [-1]), /negatives\[0\]/);
  t.throws(() => negSamplingLossAndGradient(v, 1, U, [1.5]), /negatives\[0\]/);
});

t.test('huffmanTree: a valid, optimal prefix code', async (t) => {
  const counts = [5, 4, 3, 2, 1];
  const V = counts.length;
  const { paths, codes } = huffmanTree(counts);
  t.equal(paths.length, V);
  t.equal(codes.length, V);
  const strings = codes.map((c) => Array.from(c).join(''));
  t.equal(new Set(strings).size, V, 'every code is unique');
  for (let a = 0; a < V; a++) {
    t.type(paths[a], Uint32Array);
    t.type(codes[a], Uint8Array);
    t.equal(paths[a].length, codes[a].length, `word ${a}: path and code lengths agree`);
    t.equal(paths[a][0], V - 2, `word ${a}: the path starts at the root`);
    t.ok(
      Array.from(paths[a]).every((n) => n >= 0 && n <= V - 2),
      `word ${a}: nodes in [0, V-2]`,
    );
    for (let b = 0; b < V; b++) {
      if (a !== b) t.notOk(strings[b].startsWith(strings[a]), `code of ${a} is not a prefix of code of ${b}`);
    }
  }
  // The same code prefix must always lead to the same node, and different prefixes to different nodes.
  const nodeOf = new Map<string, number>();
  for (let a = 0; a < V; a++) {
    for (let j = 0; j < paths[a].length; j++) {
      const prefix = strings[a].slice(0, j);
      const seen = nodeOf.get(prefix);
      if (seen === undefined) nodeOf.set(prefix, paths[a][j]);
      else t.equal(paths[a][j], seen, `prefix '${prefix}' maps to one node`);
    }
  }
  t.equal(nodeOf.size, V - 1, 'V-1 inner nodes');
  t.equal(new Set(nodeOf.values()).size, V - 1, 'distinct prefixes are distinct nodes');
  for (let a = 1; a < V; a++) {
    t.ok(codes[a - 1].length <= codes[a].length, `word ${a - 1} (more frequent) has a code no longer than word ${a}`);
  }
  const kraft = codes.reduce((s, c) => s + 2 ** -c.length, 0);
  t.equal(kraft, 1, 'a full binary tree (Kraft sum 1)');
  const cost = counts.reduce((s, n, a) => s + n * codes[a].length, 0);
  t.equal(cost, 33, 'optimal weighted length (Huffman cost 33)');
});

t.test('huffmanTree: exact word2vec.c output', async (t) => {
  // By hand, following CreateBinaryTree on [4, 3, 2, 1]:
  // step 0: leaf 3 (1), leaf 2 (2) -> node 4 (3), binary[2] = 1
  // step 1: leaf 1 (3) vs node 4 (3): not strictly less, so node 4, then leaf 1
  //         -> node 5 (6), binary[1] = 1
  // step 2: leaf 0 (4), node 5 (6) -> node 6 = root (10), binary[5] = 1
  const tree = huffmanTree([4, 3, 2, 1]);
  t.same(
    tree.paths.map((p) => Array.from(p)),
    [[2], [2, 1], [2, 1, 0], [2, 1, 0]],
  );
  t.same(
    tree.codes.map((c) => Array.from(c)),
    [[0], [1, 1], [1, 0, 1], [1, 0, 0]],
  );

  const two = huffmanTree([3, 1]);
  t.same(
    two.paths.map((p) => Array.from(p)),
    [[0], [0]],
    'V = 2: one inner node',
  );
  t.same(
    two.codes.map((c) => Array.from(c)),
    [[1], [0]],
    'V = 2: the second node taken (word 0) gets code 1',
  );

  t.throws(() => huffmanTree([7]), /at least 2/);
  t.throws(() => huffmanTree([]), /at least 2/);
  t.throws(() => huffmanTree([1, 2]), /descending/);
  t.throws(() => huffmanTree([2, -1]), /non-negative/);
});

t.test('hierarchical softmax: a probability distribution over words', async (t) => {
  const rand = prng(9);
  const tree = huffmanTree(CENTER_HS_COUNTS);
  const inner = randMatrix(rand, CENTER_HS_COUNTS.length - 1, 4);
  const v = randVec(rand, 4);
  let total = 0;
  for (let w = 0; w < CENTER_HS_COUNTS.length; w++) {
    total += Math.exp(-hierarchicalSoftmaxLossAndGradient(v, tree.paths[w], tree.codes[w], inner).loss);
  }
  t.ok(Math.abs(total - 1) < 1e-12, `sum over words of exp(-loss) is 1 (got ${total})`);
  const one = hierarchicalSoftmaxLossAndGradient(v, [0], [0], inner);
  const x = row(inner, 0).reduce((s, u, d) => s + u * v[d], 0);
  t.ok(Math.abs(one.loss + Math.log(sigmoid(x))) < 1e-12, 'code 0 means label 1: -log s(u.v)');
  t.throws(() => hierarchicalSoftmaxLossAndGradient(v, [0, 1], [0], inner), /equal length/);
  t.throws(() => hierarchicalSoftmaxLossAndGradient(v, [0], [2], inner), /codes\[0\]/);
  t.throws(() => hierarchicalSoftmaxLossAndGradient(v, [6], [0], inner), /path\[0\]/);
  t.throws(() => hierarchicalSoftmaxPairLoss(tree.paths, tree.codes.slice(1)), /same number of words/);
});

interface Problem {
  centerVectors: Matrix;
  outsideVectors: Matrix;
  loss: PairLoss;
  name: string;
}

// The three losses over the same vocabulary; pairs are the window positions.
function problems(rand: () => number, V: number, dim: number, outsideOf: number[]): Problem[] {
  const counts = Array.from({ length: V }, (_, i) => 3 * (V - i) + (i % 2));
  counts.sort((a, b) => b - a);
  const tree = huffmanTree(counts);
  const negativesPerPair = outsideOf.map((o) => drawNegatives(rand, V, o, 5));
  return [
    {
      name: 'naive softmax',
      loss: naiveSoftmaxPairLoss(),
      centerVectors: randMatrix(rand, V, dim),
      outsideVectors: randMatrix(rand, V, dim),
    },
    {
      name: 'negative sampling',
      loss: negSamplingPairLoss(negativesPerPair),
      centerVectors: randMatrix(rand, V, dim),
      outsideVectors: randMatrix(rand, V, dim),
    },
    {
      name: 'hierarchical softmax',
      loss: hierarchicalSoftmaxPairLoss(tree.paths, tree.codes),
      centerVectors: randMatrix(rand, V, dim),
      outsideVectors: randMatrix(rand, V - 1, dim),
    },
  ];
}

type WindowFn = (
  centerVectors: Matrix,
  outsideVectors: Matrix,
) => { loss: number; gradCenterVecs: Matrix; gradOutsideVecs: Matrix };

// Flattens both matrices into one parameter vector and checks the full gradient.
function gradcheckWindow(p: Problem, fn: WindowFn, tolerance = 1e-5) {
  const nc = p.centerVectors.data.length;
  const x = new Float64Array(nc + p.outsideVectors.data.length);
  x.set(p.centerVectors.data);
  x.set(p.outsideVectors.data, nc);
  return gradcheck(
    (x) => {
      const r = fn(
        matrix(p.centerVectors.rows, p.centerVectors.cols, x.subarray(0, nc)),
        matrix(p.outsideVectors.rows, p.outsideVectors.cols, x.subarray(nc)),
      );
      const grad = new Float64Array(x.length);
      grad.set(r.gradCenterVecs.data);
      grad.set(r.gradOutsideVecs.data, nc);
      return { loss: r.loss, grad };
    },
    x,
    { tolerance },
  );
}

t.test('skipgram', async (t) => {
  const V = 6;
  const centerWord = 2;
  const outsideWords = [1, 3, 3, 0, 5];
  for (const seed of SEEDS) {
    for (const p of problems(prng(seed), V, 4, outsideWords)) {
      const fn: WindowFn = (centerVectors, outsideVectors) =>
        skipgram({ centerWord, outsideWords, centerVectors, outsideVectors, loss: p.loss });
      const r = gradcheckWindow(p, fn);
      t.ok(r.passed, `${p.name}, seed ${seed}: full gradient (max rel err ${r.maxRelativeError})`);

      const out = fn(p.centerVectors, p.outsideVectors);
      let nonzeroElsewhere = 0;
      for (let w = 0; w < V; w++) {
        if (w !== centerWord) nonzeroElsewhere += row(out.gradCenterVecs, w).filter((g) => g !== 0).length;
      }
      t.equal(nonzeroElsewhere, 0, `${p.name}, seed ${seed}: rows other than the center word are exactly 0`);
      t.ok(
        row(out.gradCenterVecs, centerWord).some((g) => g !== 0),
        `${p.name}, seed ${seed}: the center row is not 0`,
      );
      let sum = 0;
      outsideWords.forEach((o, j) => (sum += p.loss(row(p.centerVectors, centerWord), o, p.outsideVectors, j).loss));
      t.ok(Math.abs(out.loss - sum) < 1e-12, `${p.name}, seed ${seed}: the window loss is the sum over pairs`);
    }
  }
  const p = problems(prng(1), V, 4, outsideWords)[0];
  t.throws(
    () =>
      skipgram({
        centerWord: V,
        outsideWords,
        centerVectors: p.centerVectors,
        outsideVectors: p.outsideVectors,
        loss: p.loss,
      }),
    /centerWord/,
  );
});

t.test('cbow with the true gradient', async (t) => {
  const V = 6;
  const centerWord = 2;
  const contextWords = [1, 3, 3, 0];
  for (const seed of SEEDS) {
    for (const mean of [true, false]) {
      for (const p of problems(prng(seed), V, 4, [centerWord])) {
        const fn: WindowFn = (centerVectors, outsideVectors) =>
          cbow({ centerWord, contextWords, centerVectors, outsideVectors, loss: p.loss, mean, gradient: 'true' });
        const r = gradcheckWindow(p, fn);
        t.ok(r.passed, `${p.name}, mean=${mean}, seed ${seed}: full gradient (max rel err ${r.maxRelativeError})`);
      }
    }
  }
  const p = problems(prng(1), V, 4, [centerWord])[0];
  const base = { centerWord, centerVectors: p.centerVectors, outsideVectors: p.outsideVectors, loss: p.loss };
  t.throws(() => cbow({ ...base, contextWords: [] }), /at least one context word/);
  t.throws(() => cbow({ ...base, contextWords: [V] }), /contextWords\[0\]/);
  // Default is mean with the true gradient.
  const dflt = cbow({ ...base, contextWords });
  const explicit = cbow({ ...base, contextWords, mean: true, gradient: 'true' });
  t.same(
    Array.from(dflt.gradCenterVecs.data),
    Array.from(explicit.gradCenterVecs.data),
    'defaults: mean, true gradient',
  );
});

t.test('cbow with the word2vec gradient', async (t) => {
  const V = 6;
  const centerWord = 2;
  const contextWords = [1, 3, 4, 0];
  const n = contextWords.length;
  for (const seed of SEEDS) {
    for (const p of problems(prng(seed), V, 4, [centerWord])) {
      const args = {
        centerWord,
        contextWords,
        centerVectors: p.centerVectors,
        outsideVectors: p.outsideVectors,
        loss: p.loss,
      };
      const truth = cbow({ ...args, mean: true, gradient: 'true' });
      const c = cbow({ ...args, mean: true, gradient: 'word2vec' });
      t.equal(c.loss, truth.loss, `${p.name}, seed ${seed}: same loss`);
      assertClose(
        t,
        c.gradCenterVecs.data,
        truth.gradCenterVecs.data.map((g) => n * g),
        1e-12,
        `${p.name}, seed ${seed}: context gradients are n times the true ones`,
      );
      t.same(
        Array.from(c.gradOutsideVecs.data),
        Array.from(truth.gradOutsideVecs.data),
        `${p.name}, seed ${seed}: same outside gradient`,
      );
      const fn: WindowFn = (centerVectors, outsideVectors) =>
        cbow({
          centerWord,
          contextWords,
          centerVectors,
          outsideVectors,
          loss: p.loss,
          mean: true,
          gradient: 'word2vec',
        });
      t.notOk(gradcheckWindow(p, fn).passed, `${p.name}, seed ${seed}: the word2vec gradient fails a gradient check`);

      const sumTrue = cbow({ ...args, mean: false, gradient: 'true' });
      const sumC = cbow({ ...args, mean: false, gradient: 'word2vec' });
      t.same(
        Array.from(sumC.gradCenterVecs.data),
        Array.from(sumTrue.gradCenterVecs.data),
        `${p.name}, seed ${seed}: with a sum both conventions agree`,
      );
    }
  }
});

t.test('sgd', async (t) => {
  const f = (x: Float64Array) => {
    let loss = 0;
    const grad = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      loss += (x[i] - 3) ** 2;
      grad[i] = 2 * (x[i] - 3);
    }
    return { loss, grad };
  };
  const x0 = new Float64Array([0, -2, 10, 3.5]);
  const steps: number[] = [];
  const infos: { loss: number; exponentialLoss: number }[] = [];
  const r = sgd(f, x0, {
    step: 0.1,
    iterations: 200,
    annealEvery: 50,
    onIteration: (info) => {
      t.equal(info.iteration, steps.length + 1);
      steps.push(info.step);
      infos.push(info);
    },
  });
  t.same(Array.from(x0), [0, -2, 10, 3.5], 'x0 is not modified');
  t.ok(
    r.x.every((v) => Math.abs(v - 3) < 1e-6),
    `converges to 3 (got ${Array.from(r.x)})`,
  );
  t.equal(steps.length, 200);
  t.equal(steps[0], 0.1);
  t.equal(steps[49], 0.1, 'iteration 50 still uses the initial step');
  t.equal(steps[50], 0.05, 'iteration 51 uses half');
  t.equal(steps[100], 0.025, 'iteration 101 uses a quarter');
  t.equal(infos[0].exponentialLoss, infos[0].loss, 'the exponential loss starts at the first loss');
  t.ok(
    Math.abs(infos[1].exponentialLoss - (0.95 * infos[0].loss + 0.05 * infos[1].loss)) < 1e-12,
    'then 0.95 old + 0.05 new',
  );
  t.equal(r.loss, infos[199].loss);
  t.equal(r.exponentialLoss, infos[199].exponentialLoss);

  // postprocessing that returns a new array replaces x.
  const clipped = sgd(f, x0, { step: 0.1, iterations: 100, postprocessing: (x) => x.map((v) => Math.min(v, 2)) });
  t.ok(
    clipped.x.every((v) => v <= 2 && Math.abs(v - 2) < 1e-6),
    'postprocessing is applied after each step',
  );
  t.throws(() => sgd(f, x0, { step: 0, iterations: 1 }), /step/);
  t.throws(() => sgd(f, x0, { step: 0.1, iterations: 0 }), /iterations/);
});
