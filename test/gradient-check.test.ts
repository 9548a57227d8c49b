import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import {
  formatGradientCheckReport,
  gradientCheck,
  reference,
  type GradientCheckCase,
  type GradientCheckReport,
} from '../lib/index';
import { nativeLoss, type NativeLossProblem, type NativeWindowProblem } from '../lib/native-loss';
import {
  cbow,
  gradcheck,
  hierarchicalSoftmaxLossAndGradient,
  hierarchicalSoftmaxPairLoss,
  matrix,
  naiveSoftmaxLossAndGradient,
  naiveSoftmaxPairLoss,
  negSamplingLossAndGradient,
  negSamplingPairLoss,
  skipgram,
  type LossAndGradient,
} from '../lib/reference/index';

const ROOT = path.resolve(__dirname, '..');
const LOSSES = ['negative-sampling', 'hierarchical-softmax', 'softmax'] as const;

/** max |a - b| / max(1, |a|, |b|), Infinity on NaN or different lengths. */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const r = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]), Math.abs(b[i]));
    worst = Math.max(worst, Number.isNaN(r) ? Infinity : r);
  }
  return worst;
}

function assertClose(t: Test, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, msg: string): void {
  const worst = maxRel(actual, expected);
  t.ok(worst <= tol, `${msg} (worst relative difference ${worst}, tolerance ${tol})`);
}

const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

t.test('gradientCheck() passes every case, within the issue thresholds', async (t) => {
  const report = gradientCheck();
  t.equal(report.passed, true, 'the report passes');
  t.same(report.tolerances, { numeric: 1e-5, double: 1e-10, float: 1e-4 }, 'default tolerances');
  for (const c of report.cases) {
    t.equal(c.passed, true, `${c.name} passed`);
    t.ok(c.numeric.maxRelativeError <= 1e-5, `${c.name}: numeric vs reference ${c.numeric.maxRelativeError} <= 1e-5`);
    t.ok(
      c.nativeDouble.maxRelativeError <= 1e-10,
      `${c.name}: native double vs reference ${c.nativeDouble.maxRelativeError} <= 1e-10`,
    );
    t.ok(
      c.nativeFloat.maxRelativeError <= 1e-4,
      `${c.name}: native float vs reference ${c.nativeFloat.maxRelativeError} <= 1e-4`,
    );
    t.ok(c.numeric.worstIndex >= 0, `${c.name}: a worst coordinate is reported`);
  }
  // The float kernel cannot agree exactly with double math: a zero would mean the check compared nothing.
  t.ok(
    report.cases.every((c) => c.nativeFloat.maxRelativeError > 0),
    'float differs from double somewhere in every case',
  );

  const has = (pred: (c: GradientCheckCase) => boolean): boolean => report.cases.some(pred);
  for (const loss of LOSSES) {
    for (const seed of [1, 2, 3]) {
      t.ok(
        has((c) => c.kind === 'pair' && c.loss === loss && c.seed === seed && c.architecture === undefined),
        `pair case for ${loss}, seed ${seed}`,
      );
      t.ok(
        has((c) => c.kind === 'window' && c.architecture === 'skip-gram' && c.loss === loss && c.seed === seed),
        `skip-gram case for ${loss}, seed ${seed}`,
      );
      t.ok(
        has(
          (c) =>
            c.architecture === 'cbow' &&
            c.cbowMean === true &&
            c.cbowGradient === 'true' &&
            c.loss === loss &&
            c.seed === seed,
        ),
        `cbow (mean, true gradient) case for ${loss}, seed ${seed}`,
      );
      t.ok(
        has((c) => c.architecture === 'cbow' && c.cbowMean === false && c.loss === loss && c.seed === seed),
        `cbow (sum) case for ${loss}, seed ${seed}`,
      );
    }
  }
  t.ok(
    report.cases.some((c) => c.name === 'skip-gram/negative-sampling/seed 2'),
    'names follow arch/loss/seed',
  );
  t.equal(new Set(report.cases.map((c) => c.name)).size, report.cases.length, 'case names are unique');
  for (const seed of [1, 2, 3]) {
    t.ok(
      has(
        (c) => c.sharedNegatives === true && c.name === `skip-gram-shared/negative-sampling/seed ${seed}` && c.passed,
      ),
      `the sharedNegatives window is checked and passes, seed ${seed}`,
    );
  }
  t.equal(report.cases.length, 3 * (3 + 3 + 1 + 3 * 2), '3 seeds x (3 pair + 3 skip-gram + 1 shared + 6 cbow) cases');
  t.same(gradientCheck(), report, 'deterministic: the same options give the same report');
});

t.test('options select the cases', async (t) => {
  const ns = gradientCheck({ loss: 'negative-sampling', seeds: [7] });
  t.ok(
    ns.cases.length > 0 && ns.cases.every((c) => c.loss === 'negative-sampling' && c.seed === 7),
    'one loss, one seed',
  );
  t.equal(ns.passed, true);

  const pairsOnly = gradientCheck({ architecture: [], seeds: [1] });
  t.same(
    pairsOnly.cases.map((c) => c.name),
    LOSSES.map((l) => `pair/${l}/seed 1`),
    'no architecture: pair cases only',
  );

  const big = gradientCheck({ seeds: [5], dim: 7, vocabSize: 11, negative: 9, window: 3, architecture: ['cbow'] });
  t.equal(big.passed, true, 'a larger problem passes too');
  t.ok(
    big.cases.every((c) => c.architecture === undefined || c.architecture === 'cbow'),
    'cbow windows only',
  );
  // pair case: dim + V*dim params (NS); window cbow NS: 2*V*dim; worstIndex is within range
  for (const c of big.cases) t.ok(c.numeric.worstIndex < 2 * 11 * 7, `${c.name}: worstIndex in range`);
});

t.test('option validation names the option', async (t) => {
  const bad: [unknown, RegExp, ErrorConstructor][] = [
    [{ dim: 2 }, /^Expected integer between 3 and 1000 for dim but received 2 of type number$/, RangeError],
    [{ dim: '5' }, /for dim but received '5' of type string/, TypeError],
    [{ vocabSize: 4 }, /integer between 5 and 1000 for vocabSize/, RangeError],
    [{ negative: 1 }, /integer between 2 and 1000 for negative/, RangeError],
    [{ window: 0 }, /for window but received 0/, RangeError],
    [{ loss: 'softmaxx' }, /for loss but received 'softmaxx'/, RangeError],
    [{ loss: [] }, /non-empty array.* for loss/, RangeError],
    [{ loss: ['softmax', 3] }, /for loss\[1\] but received 3 of type number/, TypeError],
    [{ architecture: ['skipgram'] }, /for architecture\[0\] but received 'skipgram'/, RangeError],
    [{ seeds: 1 }, /for seeds but received 1 of type number/, TypeError],
    [{ seeds: [] }, /for seeds/, RangeError],
    [{ seeds: [1, -1] }, /for seeds\[1\] but received -1/, RangeError],
    [{ tolerances: { numeric: -1 } }, /finite number >= 0 for tolerances.numeric but received -1/, RangeError],
    [{ tolerances: { float: NaN } }, /tolerances.float/, RangeError],
    [
      { tolerances: { single: 1 } },
      /Unknown tolerance 'single'; valid tolerances are: numeric, double, float/,
      TypeError,
    ],
    [{ tolerances: 1e-5 }, /for tolerances/, TypeError],
    [{ cbowGradient: 'c' }, /one of 'true', 'word2vec' for cbowGradient/, RangeError],
    [
      { seed: 1 },
      /Unknown option 'seed' \(did you mean 'seeds'\?\); valid options are: loss, architecture, seeds/,
      TypeError,
    ],
    [null, /plain object for options but received null/, TypeError],
  ];
  for (const [options, message, type] of bad) {
    t.throws(() => gradientCheck(options as never), { name: type.name, message }, `rejects ${JSON.stringify(options)}`);
  }
  t.throws(() => formatGradientCheckReport({} as GradientCheckReport), TypeError, 'format rejects a non-report');
});

t.test('the check can fail', async (t) => {
  // A real non-gradient: the C tool's CBOW update (full dJ/dh to each context
  // word while averaging) is window-size times the true gradient.
  const w2v = gradientCheck({ cbowGradient: 'word2vec', seeds: [1, 2] });
  t.equal(w2v.passed, false, "cbowGradient 'word2vec' fails the report");
  const dim = 5;
  const vocab = 8;
  for (const c of w2v.cases) {
    if (c.architecture === 'cbow' && c.cbowMean) {
      t.equal(c.passed, false, `${c.name} fails`);
      t.equal(c.numeric.passed, false, `${c.name}: numeric check fails`);
      // 4 context words, each given the full dJ/dh instead of a quarter: relative error ~ 3/4.
      t.ok(Math.abs(c.numeric.maxRelativeError - 0.75) < 0.01, `${c.name}: error ${c.numeric.maxRelativeError} ~ 0.75`);
      t.ok(c.numeric.worstIndex < vocab * dim, `${c.name}: the worst coordinate is a context (center) vector`);
      t.equal(c.nativeDouble.passed, true, `${c.name}: native and reference implement the same convention`);
      t.equal(c.nativeFloat.passed, true, `${c.name}: in float too`);
      t.match(c.name, /^cbow-word2vec\//);
    } else {
      t.equal(c.passed, true, `${c.name} (not affected) passes`);
    }
  }
  const text = formatGradientCheckReport(w2v);
  t.match(text, /cbow-word2vec\/softmax\/seed 1 .*FAIL: numeric at \d+/, 'the table shows the failure');
  t.match(text, /20 of 26 cases passed/);

  // Tolerance 0: float arithmetic never agrees exactly, nor do central differences.
  const strict = gradientCheck({ seeds: [1], tolerances: { numeric: 0, float: 0 } });
  t.equal(strict.passed, false, 'tolerance 0 fails');
  t.ok(
    strict.cases.every((c) => !c.nativeFloat.passed && !c.numeric.passed && !c.passed),
    'every case fails',
  );
  t.same(strict.tolerances, { numeric: 0, double: 1e-10, float: 0 });

  // The reference checker itself, on a real loss with one wrong coordinate.
  const dimR = 4;
  const rows = 6;
  const negatives = [2, 5, 2];
  const x = Float64Array.from({ length: dimR + rows * dimR }, (_, i) => Math.sin(1.7 * i + 0.3) * 0.6);
  const wrong = 9; // a coordinate of the outside matrix: row 1 (the outside word), column 1
  const f = (broken: boolean) => (v: Float64Array) => {
    const r = negSamplingLossAndGradient(v.subarray(0, dimR), 1, matrix(rows, dimR, v.subarray(dimR)), negatives);
    const grad = Float64Array.from([...r.gradCenterVec, ...r.gradOutsideVecs.data]);
    if (broken) grad[wrong] += 0.05;
    return { loss: r.loss, grad };
  };
  t.equal(gradcheck(f(false), x).passed, true, 'the correct gradient passes');
  const bad = gradcheck(f(true), x);
  t.equal(bad.passed, false, 'one wrong coordinate fails');
  t.equal(bad.worstIndex, wrong, 'and is reported as the worst coordinate');
  t.ok(bad.maxRelativeError > 0.04, `with its error (${bad.maxRelativeError})`);
});

t.test('formatGradientCheckReport: an aligned table', async (t) => {
  const report = gradientCheck({ seeds: [1], loss: ['softmax'] });
  const lines = formatGradientCheckReport(report).split('\n');
  t.equal(lines.length, 2 + report.cases.length + 1, 'header, rule, one line a case, summary');
  t.match(lines[0], /^case\s+numeric\s+native f64\s+native f32\s+result$/);
  t.match(lines.at(-1) ?? '', /^4 of 4 cases passed \(tolerances: numeric 1e-5, native f64 1e-10, native f32 1e-4\)$/);
  const resultColumn = lines[0].indexOf('result');
  for (const line of lines.slice(2, -1)) t.equal(line.indexOf(' ok'), resultColumn - 1, `aligned: ${line}`);
});

// ---- the native kernels directly, on hand-made problems ----

const native = nativeLoss();
const DIM = 3;
const CENTER = Float64Array.from([0.4, -0.3, 0.8]);
// 4 rows of outside vectors (3 inner nodes for HS use the first 9 values).
const OUTSIDE = Float64Array.from([0.2, 0.5, -0.1, -0.6, 0.3, 0.9, 0.7, -0.2, 0.4, 0.1, 0.1, -0.8]);
const ROWS = 4;

function refPair(r: LossAndGradient): Float64Array {
  return Float64Array.from([r.loss, ...r.gradCenterVec, ...r.gradOutsideVecs.data]);
}
function nativePair(problem: NativeLossProblem, precision?: 'float64' | 'float32'): Float64Array {
  const r = native.lossCheck(problem, precision);
  return Float64Array.from([r.loss, ...r.gradCenter, ...r.gradOutside]);
}
const rowOf = (m: Float64Array, i: number): Float64Array => m.subarray(i * DIM, (i + 1) * DIM);

t.test('native negative sampling vs reference, a repeated negative counting twice', async (t) => {
  const negatives = Uint32Array.from([2, 3, 2]);
  const problem: NativeLossProblem = {
    loss: 'negative-sampling',
    dim: DIM,
    center: CENTER,
    outside: OUTSIDE,
    target: 1,
    negatives,
  };
  const ref = negSamplingLossAndGradient(CENTER, 1, matrix(ROWS, DIM, OUTSIDE), negatives);
  assertClose(t, nativePair(problem), refPair(ref), 1e-12, 'double');
  assertClose(t, nativePair(problem, 'float32'), refPair(ref), 1e-5, 'float');

  // By hand: row 2 is a negative twice, so it enters the loss twice and gets twice the gradient.
  const u = (i: number): Float64Array => rowOf(OUTSIDE, i);
  const s = [1, 2, 3].map((i) => dot(u(i), CENTER));
  const loss = -Math.log(sig(s[0])) - 2 * Math.log(sig(-s[1])) - Math.log(sig(-s[2]));
  const r = native.lossCheck(problem);
  t.ok(Math.abs(r.loss - loss) < 1e-12, `loss by hand (${r.loss} vs ${loss})`);
  const expectedRow2 = Array.from(CENTER, (c) => 2 * sig(s[1]) * c);
  assertClose(t, rowOf(r.gradOutside, 2), expectedRow2, 1e-12, 'row 2 gets twice the gradient');
  assertClose(t, rowOf(r.gradOutside, 0), [0, 0, 0], 0, 'row 0 (not sampled) gets none');
  const once = native.lossCheck({ ...problem, negatives: Uint32Array.from([2, 3]) });
  t.ok(Math.abs(r.loss - once.loss + Math.log(sig(-s[1]))) < 1e-12, 'the repeat adds its term once more');
});

t.test('native hierarchical softmax vs reference', async (t) => {
  const inner = OUTSIDE.slice(0, 3 * DIM);
  const path = Uint32Array.from([2, 0]);
  const codes = Uint8Array.from([0, 1]);
  const problem: NativeLossProblem = {
    loss: 'hierarchical-softmax',
    dim: DIM,
    center: CENTER,
    outside: inner,
    path,
    codes,
  };
  const ref = hierarchicalSoftmaxLossAndGradient(CENTER, path, codes, matrix(3, DIM, inner));
  assertClose(t, nativePair(problem), refPair(ref), 1e-12, 'double');
  assertClose(t, nativePair(problem, 'float32'), refPair(ref), 1e-5, 'float');
  const loss = -Math.log(sig(dot(rowOf(inner, 2), CENTER))) - Math.log(sig(-dot(rowOf(inner, 0), CENTER)));
  t.ok(Math.abs(native.lossCheck(problem).loss - loss) < 1e-12, 'loss by hand');
  assertClose(t, rowOf(native.lossCheck(problem).gradOutside, 1), [0, 0, 0], 0, 'node 1 is off the path');
});

t.test('native softmax vs reference', async (t) => {
  const problem: NativeLossProblem = { loss: 'softmax', dim: DIM, center: CENTER, outside: OUTSIDE, target: 3 };
  const ref = naiveSoftmaxLossAndGradient(CENTER, 3, matrix(ROWS, DIM, OUTSIDE));
  assertClose(t, nativePair(problem), refPair(ref), 1e-12, 'double');
  assertClose(t, nativePair(problem, 'float32'), refPair(ref), 1e-5, 'float');
  const scores = [0, 1, 2, 3].map((i) => dot(rowOf(OUTSIDE, i), CENTER));
  const loss = Math.log(scores.reduce((a, x) => a + Math.exp(x), 0)) - scores[3];
  t.ok(Math.abs(native.lossCheck(problem).loss - loss) < 1e-12, 'loss by hand');
});

t.test('native windows vs reference (skip-gram, cbow mean/sum, word2vec convention)', async (t) => {
  const V = 4;
  const centerVectors = Float64Array.from({ length: V * DIM }, (_, i) => Math.cos(0.9 * i) * 0.5);
  const words = Uint32Array.from([3, 0, 3]); // a repeated context word
  const tree = reference.huffmanTree([5, 3, 2, 1]);
  const negatives = [Uint32Array.from([0, 1, 0]), Uint32Array.from([2, 1, 2]), Uint32Array.from([1, 1, 2])];
  for (const loss of LOSSES) {
    const rows = loss === 'hierarchical-softmax' ? V - 1 : V;
    const outsideVectors = OUTSIDE.slice(0, rows * DIM);
    const extra = loss === 'hierarchical-softmax' ? { paths: tree.paths, codes: tree.codes } : {};
    const mats = { centerVectors: matrix(V, DIM, centerVectors), outsideVectors: matrix(rows, DIM, outsideVectors) };
    const pairLossFor = (negs: Uint32Array[]) =>
      loss === 'negative-sampling'
        ? negSamplingPairLoss(negs)
        : loss === 'hierarchical-softmax'
          ? hierarchicalSoftmaxPairLoss(tree.paths, tree.codes)
          : naiveSoftmaxPairLoss();
    const base = { loss, dim: DIM, centerVectors, outsideVectors, centerWord: 1, outsideWords: words, ...extra };

    const sgProblem: NativeWindowProblem = {
      ...base,
      architecture: 'skip-gram',
      ...(loss === 'negative-sampling' ? { negatives: Uint32Array.from(negatives.flatMap((n) => [...n])) } : {}),
    };
    const sgRef = skipgram({ centerWord: 1, outsideWords: words, ...mats, loss: pairLossFor(negatives) });
    const sgExpected = [sgRef.loss, ...sgRef.gradCenterVecs.data, ...sgRef.gradOutsideVecs.data];
    for (const [precision, tol] of [
      ['float64', 1e-12],
      ['float32', 1e-5],
    ] as const) {
      const r = native.windowCheck(sgProblem, precision);
      assertClose(
        t,
        [r.loss, ...r.gradCenterVectors, ...r.gradOutsideVectors],
        sgExpected,
        tol,
        `skip-gram ${loss} ${precision}`,
      );
    }

    for (const [mean, gradient] of [
      [true, 'true'],
      [false, 'true'],
      [true, 'word2vec'],
    ] as const) {
      const cbProblem: NativeWindowProblem = {
        ...base,
        architecture: 'cbow',
        cbowMean: mean,
        cbowGradient: gradient,
        ...(loss === 'negative-sampling' ? { negatives: Uint32Array.from([0, 2, 0]) } : {}),
      };
      const cbRef = cbow({
        centerWord: 1,
        contextWords: words,
        ...mats,
        loss: pairLossFor([Uint32Array.from([0, 2, 0])]),
        mean,
        gradient,
      });
      const expected = [cbRef.loss, ...cbRef.gradCenterVecs.data, ...cbRef.gradOutsideVecs.data];
      for (const [precision, tol] of [
        ['float64', 1e-12],
        ['float32', 1e-5],
      ] as const) {
        const r = native.windowCheck(cbProblem, precision);
        assertClose(
          t,
          [r.loss, ...r.gradCenterVectors, ...r.gradOutsideVectors],
          expected,
          tol,
          `cbow ${loss} mean=${mean} gradient=${gradient} ${precision}`,
        );
      }
    }
    // Context word 3 occurs twice, word 0 once: its gradient row is exactly twice word 0's.
    const r = native.windowCheck({
      ...base,
      architecture: 'cbow',
      ...(loss === 'negative-sampling' ? { negatives: Uint32Array.from([0, 2]) } : {}),
    });
    assertClose(
      t,
      rowOf(r.gradCenterVectors, 3),
      Array.from(rowOf(r.gradCenterVectors, 0), (x) => 2 * x),
      1e-15,
      `cbow ${loss}: a repeated context word counts twice`,
    );
  }
});

t.test('native input validation throws Errors and the process survives', async (t) => {
  const ok: NativeLossProblem = {
    loss: 'negative-sampling',
    dim: DIM,
    center: CENTER,
    outside: OUTSIDE,
    target: 1,
    negatives: Uint32Array.from([2, 3]),
  };
  const call = (p: Record<string, unknown>, precision?: string) => () =>
    native.lossCheck({ ...ok, ...p } as unknown as NativeLossProblem, precision as 'float64');
  t.throws(
    call({ target: 4 }),
    { name: 'RangeError', message: /between 0 and 3 for target but received 4/ },
    'target out of range',
  );
  t.throws(call({ target: -1 }), RangeError, 'negative target');
  t.throws(call({ target: 1.5 }), RangeError, 'fractional target');
  t.throws(
    call({ negatives: Uint32Array.from([2, 1]) }),
    { message: /must not contain the outside word 1/ },
    'a negative equal to the target',
  );
  t.throws(
    call({ negatives: Uint32Array.from([9]) }),
    { name: 'RangeError', message: /out of range/ },
    'negative out of range',
  );
  t.throws(
    call({ center: Float32Array.from(CENTER) }),
    { name: 'TypeError', message: /typed array of the right type for center/ },
    'Float32Array center',
  );
  t.throws(call({ negatives: [2, 3] }), { name: 'TypeError', message: /negatives/ }, 'a plain array of negatives');
  t.throws(call({ negatives: Int32Array.from([2, 3]) }), TypeError, 'Int32Array negatives');
  t.throws(call({ center: new Float64Array(2) }), RangeError, 'center of the wrong length');
  t.throws(call({ loss: 'hinge' }), { message: /for loss but received 'hinge'/ }, 'unknown loss');
  t.throws(call({}, 'float16'), { name: 'TypeError', message: /precision/ }, 'unknown precision');
  t.throws(() => (native.lossCheck as unknown as () => unknown)(), TypeError, 'no argument');

  const hs = { loss: 'hierarchical-softmax', outside: OUTSIDE.slice(0, 9), path: Uint32Array.from([2, 0]) };
  t.throws(
    call({ ...hs, codes: Uint8Array.from([0, 2]) }),
    { name: 'RangeError', message: /only 0 and 1/ },
    'codes not 0/1',
  );
  t.throws(call({ ...hs, codes: Uint8Array.from([0]) }), RangeError, 'codes shorter than the path');
  t.throws(
    call({ ...hs, codes: Uint8Array.from([0, 1]), path: Uint32Array.from([2, 3]) }),
    RangeError,
    'inner node out of range',
  );
  t.throws(call({ ...hs, codes: [0, 1] }), TypeError, 'codes as a plain array');

  const win: NativeWindowProblem = {
    architecture: 'skip-gram',
    loss: 'negative-sampling',
    dim: DIM,
    centerVectors: OUTSIDE,
    outsideVectors: OUTSIDE,
    centerWord: 0,
    outsideWords: Uint32Array.from([1, 2]),
    negatives: Uint32Array.from([3, 3]),
  };
  const callWin = (p: Record<string, unknown>) => () =>
    native.windowCheck({ ...win, ...p } as unknown as NativeWindowProblem);
  t.throws(callWin({ outsideWords: Uint32Array.from([1, 4]) }), RangeError, 'outside word out of range');
  t.throws(callWin({ centerWord: 4 }), RangeError, 'center word out of range');
  t.throws(callWin({ negatives: Uint32Array.from([3, 3, 3]) }), RangeError, 'negatives not the same count per pair');
  t.throws(
    callWin({ negatives: Uint32Array.from([3, 2]) }),
    { message: /outside word 2/ },
    "a negative equal to its pair's outside word",
  );
  t.throws(callWin({ architecture: 'glove' }), { message: /skip-gram or cbow/ }, 'unknown architecture');
  t.throws(
    callWin({ architecture: 'cbow', cbowGradient: 'c-tool' }),
    { message: /cbowGradient/ },
    'unknown cbowGradient',
  );
  t.throws(
    callWin({ loss: 'hierarchical-softmax', outsideVectors: OUTSIDE.slice(0, 9), paths: [], codes: [] }),
    RangeError,
    'no paths',
  );

  // Still alive and still right after all of that.
  t.ok(Number.isFinite(native.lossCheck(ok).loss), 'a valid call works afterwards');
  t.ok(Number.isFinite(native.windowCheck(win).loss), 'a valid window works afterwards');
});

// ---- the built package, from plain node ----

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.m?ts$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureDist(t: Test): boolean {
  const outputs = ['index.js', 'index.esm.mjs', 'gradient-check.js', 'native-loss.js'].map((f) =>
    path.join(ROOT, 'dist', f),
  );
  const built = outputs.every((f) => fs.existsSync(f)) ? Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs)) : -1;
  if (built >= newestMtime(path.join(ROOT, 'lib'))) return true;
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    t.fail(`building dist failed:\n${r.stdout}${r.stderr}`);
    return false;
  }
  return true;
}

// Prints one JSON line: how many cases, how many passed, and what came through.
const PROBE = `
const r = gradientCheck();
console.log(JSON.stringify({
  passed: r.passed,
  cases: r.cases.length,
  passedCases: r.cases.filter((c) => c.passed).length,
  reference: typeof reference === 'object' && reference !== null ? typeof reference.negSamplingLossAndGradient : typeof reference,
  format: formatGradientCheckReport(r).split('\\n').length,
}));`;

function runNode(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return {
    status: r.status,
    stderr: r.stderr,
    result: last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : undefined,
  };
}

t.test('gradientCheck runs from plain node, with require and with import', async (t) => {
  if (!ensureDist(t)) return;
  const expected = { passed: true, cases: 39, passedCases: 39, reference: 'function', format: 39 + 3 };
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-gc-'));
  t.teardown(() => fs.rmSync(elsewhere, { recursive: true, force: true }));
  const esmEntry = JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'index.esm.mjs')).href);

  const variants: [string, string[], string][] = [
    [
      'require(<repo>)',
      [
        '-e',
        `const { gradientCheck, formatGradientCheckReport, reference } = require(${JSON.stringify(ROOT)});${PROBE}`,
      ],
      elsewhere,
    ],
    [
      'import <repo>/dist/index.esm.mjs',
      [
        '--input-type=module',
        '-e',
        `import { gradientCheck, formatGradientCheckReport, reference } from ${esmEntry};${PROBE}`,
      ],
      elsewhere,
    ],
    [
      "require('hogvec') (self-reference)",
      ['-e', `const { gradientCheck, formatGradientCheckReport, reference } = require('hogvec');${PROBE}`],
      ROOT,
    ],
    [
      "import 'hogvec' (self-reference, exports.import)",
      [
        '--input-type=module',
        '-e',
        `import { gradientCheck, formatGradientCheckReport, reference } from 'hogvec';${PROBE}`,
      ],
      ROOT,
    ],
  ];
  for (const [label, args, cwd] of variants) {
    const r = runNode(args, cwd);
    t.equal(r.status, 0, `${label}: exits 0${r.stderr ? `\n${r.stderr}` : ''}`);
    t.same(r.result, expected, `${label}: every case passed, reference and the formatter came through`);
  }
});
