/**
 * The statistics of word-pair evaluation (lib/evaluate/statistics.ts) against
 * scipy 1.10 and Python: the expected values are those that
 * test/fixtures/evaluate/gensim_fixtures.py prints (its 'stats' entry), and
 * hand-computed ones.
 */
import t, { type Test } from 'tap';

import {
  logGamma,
  pearson,
  rankAverage,
  regularizedIncompleteBeta,
  spearman,
  studentTTwoSidedPValue,
} from '../lib/evaluate/statistics';

function closeRelative(t: Test, actual: number, expected: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  t.ok(
    error <= tolerance,
    `${what}: ${actual} vs ${expected} (relative error ${error.toExponential(2)} <= ${tolerance})`,
  );
}

function closeAbsolute(t: Test, actual: number, expected: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected);
  t.ok(error <= tolerance, `${what}: ${actual} vs ${expected} (error ${error.toExponential(2)} <= ${tolerance})`);
}

t.test('average ranks and Spearman with ties (hand-computed)', async (t) => {
  // x = 1 2 2 3 4: the two 2s share ranks 2 and 3; y = 10 20 30 30 50: the 30s share 3 and 4.
  const x = [1, 2, 2, 3, 4];
  const y = [10, 20, 30, 30, 50];
  t.same([...rankAverage(x)], [1, 2.5, 2.5, 4, 5]);
  t.same([...rankAverage(y)], [1, 2, 3.5, 3.5, 5]);
  t.same([...rankAverage([3, 1, 3, 3, 2])], [4, 1, 4, 4, 2], 'three-way tie, unsorted input');
  // Rank deviations from the mean 3: (-2, -.5, -.5, 1, 2) and (-2, -1, .5, .5, 2):
  // sum of products 8.75, sums of squares 9.5 and 9.5, so rs = 8.75 / 9.5 = 35/38.
  const r = spearman(x, y);
  closeAbsolute(t, r.statistic, 35 / 38, 1e-15, 'spearman statistic = 35/38');
  // /usr/bin/python3 -c 'from scipy import stats; print(stats.spearmanr([1,2,2,3,4],[10,20,30,30,50]))'
  closeRelative(t, r.pValue, 0.026310519685577894, 1e-12, 'spearman p-value = scipy');
  // ... stats.pearsonr([1,2,2,3,4],[10,20,30,30,50])
  const p = pearson(x, y);
  closeAbsolute(t, p.statistic, 0.9460998335825321, 1e-15, 'pearson statistic = scipy');
  closeRelative(t, p.pValue, 0.014899656156982188, 1e-12, 'pearson p-value = scipy');
});

t.test("Student's t two-sided p-values, the incomplete beta and log-gamma equal scipy's / Python's", async (t) => {
  // /usr/bin/python3 test/fixtures/evaluate/gensim_fixtures.py (the 'stats' entry):
  // 2 * scipy.special.stdtr(dof, -|t|), scipy.special.betainc(a, b, x), math.lgamma(z)
  const tTwoSided: [number, number, number][] = [
    [0.5, 1, 0.7048327646991336],
    [2.0, 5, 0.10193947882985828],
    [-3.2, 10, 0.009491695795303843],
    [1.0, 30, 0.32530861542602985],
    [10.0, 200, 2.3774831444207506e-19],
    [25.0, 997, 1.7703780410716196e-107],
    [0.01, 351, 0.9920269685620533],
    [1.96, 1e6, 0.04999606758526978],
    [40.0, 3, 3.438068078915854e-5],
  ];
  for (const [tv, dof, p] of tTwoSided)
    closeRelative(t, studentTTwoSidedPValue(tv, dof), p, 1e-8, `t = ${tv}, dof = ${dof}`);
  const betainc: [number, number, number, number][] = [
    [0.3, 2.0, 3.0, 0.3483],
    [0.5, 175.5, 175.5, 0.499999999999819],
    [0.01, 0.5, 0.5, 0.06376856085851987],
    [0.9, 10.0, 0.5, 0.15164090963470997],
    [0.2, 498.5, 498.5, 5.049517893413194e-99],
    [0.999, 3.0, 400.0, 0.9999999999999999],
  ];
  for (const [x, a, b, v] of betainc)
    closeRelative(t, regularizedIncompleteBeta(x, a, b), v, 1e-11, `I_${x}(${a}, ${b})`);
  const lgamma: [number, number][] = [
    [0.5, 0.5723649429247004],
    [1.5, -0.12078223763524543],
    [3.0, 0.693147180559945],
    [7.25, 7.0521854507385395],
    [175.5, 729.756245875035],
    [1000.0, 5905.220423209181],
    [123456.789, 1323902.0187950633],
  ];
  for (const [z, v] of lgamma) closeRelative(t, logGamma(z), v, 1e-14, `lgamma(${z})`);
  t.equal(studentTTwoSidedPValue(0, 10), 1, 't = 0 gives p = 1');
  t.equal(studentTTwoSidedPValue(Infinity, 10), 0, 't = inf gives p = 0');
  t.ok(Number.isNaN(studentTTwoSidedPValue(NaN, 10)) && Number.isNaN(studentTTwoSidedPValue(1, 0)), 'NaN t or dof 0');
  t.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  t.equal(regularizedIncompleteBeta(1, 2, 3), 1);
});

t.test('correlations in the cases scipy treats specially', async (t) => {
  const nan = { statistic: NaN, pValue: NaN };
  t.same(pearson([1, 2, 3], [5, 5, 5]), nan, 'constant input: pearson NaN');
  t.same(spearman([1, 2, 3], [5, 5, 5]), nan, 'constant input: spearman NaN');
  t.same(pearson([1, 2], [4, 3]), { statistic: -1, pValue: 1 }, 'two points: ±1 with p = 1');
  t.same(spearman([1], [2]), nan, 'one point: spearman NaN');
  t.same(spearman([1, NaN, 3], [1, 2, 3]), nan, 'NaN propagates');
  t.throws(() => pearson([1], [2]), /at least 2 points/);
  t.throws(() => spearman([1, 2], [1, 2, 3]), /same length/);
  const perfect = spearman([1, 2, 3, 4], [10, 20, 30, 40]);
  t.same(perfect, { statistic: 1, pValue: 0 }, 'a perfect rank correlation has p = 0, as scipy');
});
