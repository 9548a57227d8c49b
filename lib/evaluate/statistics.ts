/**
 * The statistics of word-pair evaluation, with scipy 1.10's conventions:
 * average ranks (rankdata), Pearson and Spearman correlations with their
 * two-sided p-values (pearsonr, spearmanr), and the special functions behind
 * those p-values (Student's t, the regularized incomplete beta, log-gamma).
 */

/** A correlation coefficient and its two-sided p-value (NaN when undefined, as scipy). */
export interface Correlation {
  statistic: number;
  pValue: number;
}

/**
 * Ranks from 1 to n, tied values sharing the average of their ranks
 * (scipy.stats.rankdata with method 'average').
 */
export function rankAverage(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 (ranks start+1..end) share their mean.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * The Pearson correlation coefficient and its two-sided p-value under
 * independent normal samples, as scipy.stats.pearsonr: NaN for a constant
 * input, ±1 with p-value 1 for two points, otherwise p = 2 * the survival
 * function of Beta(n/2 - 1, n/2 - 1) on [-1, 1] at |r|.
 * Throws for fewer than 2 points or different lengths.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  const n = sameLength(x, y);
  if (n < 2) throw new RangeError(`Pearson correlation needs at least 2 points but received ${n}`);
  if (isConstant(x) || isConstant(y)) return { statistic: NaN, pValue: NaN };
  if (n === 2) return { statistic: Math.sign(x[1] - x[0]) * Math.sign(y[1] - y[0]), pValue: 1 };
  const r = Math.max(-1, Math.min(1, correlation(x, y)));
  if (Number.isNaN(r)) return { statistic: NaN, pValue: NaN };
  const ab = n / 2 - 1;
  return { statistic: r, pValue: 2 * regularizedIncompleteBeta((1 - Math.abs(r)) / 2, ab, ab) };
}

/**
 * The Spearman rank correlation (Pearson's of the average ranks) and its
 * two-sided p-value from Student's t with n - 2 degrees of freedom, as
 * scipy.stats.spearmanr: NaN for fewer than 2 points, a constant input or a NaN.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  const n = sameLength(x, y);
  if (n <= 1 || isConstant(x) || isConstant(y)) return { statistic: NaN, pValue: NaN };
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]) || Number.isNaN(y[i])) return { statistic: NaN, pValue: NaN };
  const rs = Math.max(-1, Math.min(1, correlation(rankAverage(x), rankAverage(y))));
  const dof = n - 2;
  // scipy's t statistic; a 0/0 (two points) stays NaN, rs = ±1 gives ±Infinity and p = 0.
  const ratio = dof / ((rs + 1) * (1 - rs));
  const t = rs * Math.sqrt(Math.max(0, ratio));
  return { statistic: rs, pValue: studentTTwoSidedPValue(t, dof) };
}

/**
 * P(|T| >= |t|) for Student's t with `dof` degrees of freedom (scipy's
 * 2 * stdtr(dof, -|t|)): the regularized incomplete beta I_x(dof/2, 1/2) at
 * x = dof / (dof + t^2). NaN for a NaN t or dof <= 0.
 */
export function studentTTwoSidedPValue(t: number, dof: number): number {
  if (Number.isNaN(t) || !(dof > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // Pass 1 - x as computed exactly from t, not as 1 - x (which loses digits for small t).
  return regularizedIncompleteBeta(dof / (dof + t2), dof / 2, 0.5, t2 / (dof + t2));
}

/**
 * The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in
 * [0, 1], by the continued fraction (modified Lentz), with the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) where that converges faster. `complement`
 * is 1 - x when the caller knows it more precisely than 1 - x rounds.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, complement = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b) || !(a > 0) || !(b > 0)) return NaN;
  if (x <= 0) return 0;
  if (complement <= 0 || x >= 1) return 1;
  // The prefactor x^a (1-x)^b / (a B(a, b)), in logs so that tiny p-values keep their digits.
  const logFront = a * Math.log(x) + b * Math.log(complement) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(complement, b, a)) / b;
}

/** ln Γ(x) for x > 0 (Lanczos approximation, as CPython's math.lgamma; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return NaN;
  if (x === 1 || x === 2) return 0;
  if (!Number.isFinite(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  return Math.log(lanczosSum(x)) - LANCZOS_G + (x - 0.5) * (Math.log(x + LANCZOS_G - 0.5) - 1);
}

// CPython's Lanczos coefficients (Modules/mathmodule.c), written as the
// shortest decimals of the same doubles; g = 6.024680040776729583740234375.
const LANCZOS_G = 6.02468004077673;
const LANCZOS_NUM = [
  23531376880.41076, 42919803642.6491, 35711959237.35567, 17921034426.03721, 6039542586.352028, 1439720407.3117216,
  248874557.86205417, 31426415.585400194, 2876370.6289353725, 186056.26539522348, 8071.672002365816, 210.82427775157936,
  2.5066282746310002,
];
const LANCZOS_DEN = [
  0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0,
  66.0, 1.0,
];

function lanczosSum(x: number): number {
  let num = 0;
  let den = 0;
  // Horner in x for small x, in 1/x for large x (no overflow), as CPython.
  if (x < 5) {
    for (let i = LANCZOS_NUM.length - 1; i >= 0; i--) {
      num = num * x + LANCZOS_NUM[i];
      den = den * x + LANCZOS_DEN[i];
    }
  } else {
    for (let i = 0; i < LANCZOS_NUM.length; i++) {
      num = num / x + LANCZOS_NUM[i];
      den = den / x + LANCZOS_DEN[i];
    }
  }
  return num / den;
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

// Numerical Recipes' betacf: the continued fraction of I_x(a, b), modified Lentz.
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 4e-16) return h; // within 2 ulps of 1
  }
  return h; // not reached for x below the switch point: it converges in O(sqrt(max(a, b))) steps
}

function sameLength(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new RangeError(`Expected samples of the same length but received ${x.length} and ${y.length}`);
  }
  return x.length;
}

function isConstant(x: ArrayLike<number>): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

// Σ(x - x̄)(y - ȳ) / sqrt(Σ(x - x̄)² Σ(y - ȳ)²), in double.
function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
