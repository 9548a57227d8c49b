// The native negative-sampling kernel scores all rows first when no row
// repeats, and runs row by row when one does. Both paths must give the
// reference's loss and gradients, with as many negatives as the batch holds
// and more.
import t from 'tap';

import { nativeLoss } from '../lib/native-loss';
import { Random, matrix, negSamplingLossAndGradient } from '../lib/reference/index';

const dim = 16;
const rows = 200;

function problem(seed: number, negatives: number[]) {
  const rng = new Random(seed);
  const values = (n: number) => Float64Array.from({ length: n }, () => (rng.uniform() - 0.5) / 2);
  return { center: values(dim), outside: values(rows * dim), negatives: Uint32Array.from(negatives) };
}

function distinctNegatives(count: number, target: number): number[] {
  return Array.from({ length: count }, (_, k) => (target + 1 + k * 3) % rows);
}

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]), Math.abs(b[i])));
  return worst;
}

const target = 7;
const cases: [string, number[]][] = [
  ['5 distinct negatives (batched)', distinctNegatives(5, target)],
  ['31 distinct negatives (a full batch)', distinctNegatives(31, target)],
  ['40 distinct negatives (more than a batch: row by row)', distinctNegatives(40, target)],
  ['a repeated negative (row by row)', [9, 12, 9, 30, 9]],
];

for (const [name, negatives] of cases) {
  t.test(name, async (t) => {
    const p = problem(negatives.length, negatives);
    const expected = negSamplingLossAndGradient(p.center, target, matrix(rows, dim, p.outside), negatives);
    for (const [precision, bound] of [
      ['float64', 1e-12],
      ['float32', 1e-5],
    ] as const) {
      const got = nativeLoss().lossCheck({ loss: 'negative-sampling', dim, target, ...p }, precision);
      t.ok(Math.abs(got.loss - expected.loss) / Math.max(1, expected.loss) <= bound, `${precision} loss`);
      t.ok(maxRelativeDifference(got.gradCenter, expected.gradCenterVec) <= bound, `${precision} dJ/dh`);
      t.ok(maxRelativeDifference(got.gradOutside, expected.gradOutsideVecs.data) <= bound, `${precision} dJ/dU`);
    }
  });
}
