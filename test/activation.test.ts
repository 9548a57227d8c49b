// The loss kernels' sigmoid and log-sigmoid: exact in double, fast
// polynomials in float that must stay within 1e-6 of the exact values.
import t from 'tap';

import { native } from '../lib/native';
import { logSigmoid, sigmoid } from '../lib/reference/math';

function grid(from: number, to: number, n: number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = Math.fround(from + ((to - from) * i) / (n - 1));
  return xs;
}

function worstError(xs: Float64Array, got: Float64Array, exact: (x: number) => number): { error: number; at: number } {
  let error = 0;
  let at = Number.NaN;
  xs.forEach((x, i) => {
    const e = Math.abs(got[i] - exact(x));
    if (e > error || Number.isNaN(e)) {
      error = Number.isNaN(e) ? Infinity : e;
      at = x;
    }
  });
  return { error, at };
}

const cases: [string, number][] = [
  ['float32', 1e-6],
  ['float64', 1e-14],
];

for (const [precision, bound] of cases) {
  t.test(`${precision} sigmoid and log-sigmoid are within ${bound} of exact`, async (t) => {
    // Dense near 0 where the curve bends, and out to where it saturates.
    for (const xs of [grid(-10, 10, 400_001), grid(-100, 100, 100_001)]) {
      const f = native().activations(xs, precision as 'float32' | 'float64');
      const s = worstError(xs, f.sigmoid, (x) => sigmoid(x));
      const l = worstError(xs, f.logSigmoid, (x) => logSigmoid(x));
      const ln = worstError(xs, f.logSigmoidOfNegative, (x) => logSigmoid(-x));
      t.ok(s.error <= bound, `sigmoid worst error ${s.error} at ${s.at}`);
      t.ok(l.error <= bound, `log sigmoid worst error ${l.error} at ${l.at}`);
      t.ok(ln.error <= bound, `log sigmoid of -x worst error ${ln.error} at ${ln.at}`);
    }
  });
}

t.test('every SIMD path computes the float activations within 1e-6 of exact', async (t) => {
  const paths = native().simdInfo().supported;
  t.ok(paths.includes('scalar'), `paths on this CPU: ${paths.join(', ')}`);
  for (const path of paths) {
    for (const xs of [
      grid(-10, 10, 200_001),
      grid(-100, 100, 50_001),
      Float64Array.from([-1e30, -88, 0, 88, 1e30], Math.fround),
    ]) {
      const f = native().activations(xs, 'float32', path);
      const s = worstError(xs, f.sigmoid, (x) => sigmoid(x));
      const l = worstError(xs, f.logSigmoid, (x) => logSigmoid(x));
      const ln = worstError(xs, f.logSigmoidOfNegative, (x) => logSigmoid(-x));
      const n = xs.length;
      t.ok(s.error <= 1e-6, `${path} (${n} scores): sigmoid worst error ${s.error} at ${s.at}`);
      t.ok(l.error <= 1e-6, `${path} (${n} scores): log sigmoid worst error ${l.error} at ${l.at}`);
      t.ok(ln.error <= 1e-6, `${path} (${n} scores): log sigmoid of -x worst error ${ln.error} at ${ln.at}`);
    }
  }
});

t.test('saturated scores give finite values with the right limits', async (t) => {
  const xs = new Float64Array([-1e30, -1000, -88, 88, 1000, 1e30]);
  for (const precision of ['float32', 'float64'] as const) {
    const f = native().activations(xs, precision);
    t.same(
      Array.from(f.sigmoid, (v) => Math.round(v)),
      [0, 0, 0, 1, 1, 1],
      `${precision} sigmoid limits`,
    );
    t.ok([...f.logSigmoid, ...f.logSigmoidOfNegative].every(Number.isFinite), `${precision} logs are finite`);
    t.equal(f.logSigmoid[1], -1000, `${precision} log s(-1000) = -1000`);
    t.equal(f.logSigmoidOfNegative[4], -1000, `${precision} log s(-(1000)) = -1000`);
  }
});
