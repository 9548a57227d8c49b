/**
 * gradientCheck: the native kernels against the TypeScript reference against
 * numeric derivatives (README.md, "Gradient checks and the reference").
 *
 * For every case (a random small problem from a seeded generator) three
 * things are measured:
 *  1. numeric vs reference: the reference's analytic gradient against central
 *     differences of the reference's loss (lib/reference gradcheck, h = 1e-4),
 *     over all parameters, center and outside vectors flattened together;
 *  2. native double vs reference: the native kernel instantiated in double,
 *     loss and every gradient coordinate;
 *  3. native float vs reference: the same kernel in float, what training runs.
 * Each measure is the largest relative difference |a - b| / max(1, |a|, |b|).
 */
import { invalidOptionError } from './errors';
import { checkOptions, custom, finite, integer, oneOf, type Rule } from './validate';
import { nativeLoss, type NativeLossBinding, type NativePrecision } from './native-loss';
import type { Architecture, Loss } from './options';
import { table } from './table';
import {
  cbow,
  gradcheck,
  hierarchicalSoftmaxLossAndGradient,
  hierarchicalSoftmaxPairLoss,
  huffmanTree,
  matrix,
  naiveSoftmaxLossAndGradient,
  naiveSoftmaxPairLoss,
  negSamplingLossAndGradient,
  negSamplingPairLoss,
  skipgram,
  type HuffmanTree,
  type LossAndGradient,
  type PairLoss,
  type WindowLossAndGradient,
} from './reference/index';
import { Random } from './reference/random';

/** The largest relative errors that pass; see {@link GradientCheckOptions.tolerances}. */
export interface GradientCheckTolerances {
  /** Numeric (central differences, h = 1e-4) vs the reference's analytic gradient. Default 1e-5. */
  numeric?: number;
  /** The native kernel in double vs the reference. Default 1e-10. */
  double?: number;
  /** The native kernel in float vs the reference. Default 1e-4. */
  float?: number;
}

/** Options of {@link gradientCheck}; every one has a default. */
export interface GradientCheckOptions {
  /** The loss or losses to check. Default all three. */
  loss?: Loss | readonly Loss[];
  /**
   * The architectures whose windows are checked. Default both. An empty list
   * checks the single-pair cases only.
   */
  architecture?: Architecture | readonly Architecture[];
  /** Seeds of the random problems, one set of cases per seed (integers 0..2^32-1). Default [1, 2, 3]. */
  seeds?: readonly number[];
  /** The vector dimension, an integer from 3 to 1000. Default 5. */
  dim?: number;
  /** Words in the random vocabulary, an integer from 5 to 1000. Default 8. */
  vocabSize?: number;
  /**
   * Negatives per pair for negative sampling (as train()'s `negative`), an integer from 2 to 1000.
   * At least one negative of every pair is drawn twice, so a repeated negative
   * is always checked. Default 6.
   */
  negative?: number;
  /** Outside (context) words on each side of the center word, an integer from 1 to 100. Default 2. */
  window?: number;
  /**
   * The CBOW gradient the averaging ('cbow') cases check: 'true' (the
   * default), the exact gradient; or 'word2vec', the C tool's and gensim's
   * update, which gives each context word the full dJ/dh. 'word2vec' is not
   * the gradient of the mean objective, so its numeric check fails by design;
   * the native-vs-reference checks show that both implement it alike. The
   * summing ('cbow-sum') cases are the same under both.
   */
  cbowGradient?: 'true' | 'word2vec';
  /** The largest relative errors that pass (each a finite number >= 0). */
  tolerances?: GradientCheckTolerances;
}

/** One measure of one case: the largest relative difference and whether it is within its tolerance. */
export interface GradientCheckMeasure {
  /** max |a - b| / max(1, |a|, |b|) over the loss and every gradient coordinate (Infinity on NaN). */
  maxRelativeError: number;
  /** Whether maxRelativeError is within the tolerance. */
  passed: boolean;
}

/** The numeric measure of one case, with the coordinate where it is worst. */
export interface GradientCheckNumericMeasure extends GradientCheckMeasure {
  /**
   * The worst parameter: an index into the center parameters (the center
   * vector of a pair case, V x dim center vectors of a window case) followed
   * by the outside (or inner-node) matrix, flattened row-major.
   */
  worstIndex: number;
}

/** One checked problem and its three measures. */
export interface GradientCheckCase {
  /** e.g. 'pair/softmax/seed 1', 'skip-gram/negative-sampling/seed 2', 'cbow-sum/hierarchical-softmax/seed 3'. */
  name: string;
  /** 'pair': one loss alone; 'window': skip-gram or CBOW over a window. */
  kind: 'pair' | 'window';
  /** The architecture of a window case. */
  architecture?: Architecture;
  /** CBOW cases: whether the context vectors are averaged (true) or summed (false). */
  cbowMean?: boolean;
  /** CBOW cases: which gradient was checked (see {@link GradientCheckOptions.cbowGradient}). */
  cbowGradient?: 'true' | 'word2vec';
  /**
   * Skip-gram negative sampling as TrainOptions.sharedNegatives trains it:
   * each outside word's vector predicts the center, all against one set of
   * negatives, computed as one window product ('skip-gram-shared').
   */
  sharedNegatives?: boolean;
  /** The loss. */
  loss: Loss;
  /** The seed of the random problem. */
  seed: number;
  /** Numeric derivatives of the reference loss vs the reference gradient. */
  numeric: GradientCheckNumericMeasure;
  /** The native kernel in double vs the reference. */
  nativeDouble: GradientCheckMeasure;
  /** The native kernel in float vs the reference. */
  nativeFloat: GradientCheckMeasure;
  /** Whether all three measures passed. */
  passed: boolean;
}

/** The outcome of {@link gradientCheck}. */
export interface GradientCheckReport {
  /** Whether every case passed. */
  passed: boolean;
  /** The tolerances the cases were held to. */
  tolerances: Readonly<Required<GradientCheckTolerances>>;
  /** Every case, in order: per seed the pair cases, then the window cases. */
  cases: GradientCheckCase[];
}

const LOSSES: readonly Loss[] = ['negative-sampling', 'hierarchical-softmax', 'softmax'];
const ARCHITECTURES: readonly Architecture[] = ['skip-gram', 'cbow'];
const TOLERANCE_NAMES: readonly (keyof GradientCheckTolerances)[] = ['numeric', 'double', 'float'];
const TOLERANCE_RULES = { numeric: finite({ min: 0 }), double: finite({ min: 0 }), float: finite({ min: 0 }) };
const DEFAULT_TOLERANCES: Readonly<Required<GradientCheckTolerances>> = Object.freeze({
  numeric: 1e-5,
  double: 1e-10,
  float: 1e-4,
});
/** The finite-difference step of the numeric check. */
const STEP = 1e-4;

interface Settings {
  losses: Loss[];
  architectures: Architecture[];
  seeds: number[];
  dim: number;
  vocabSize: number;
  negative: number;
  window: number;
  cbowGradient: 'true' | 'word2vec';
  tolerances: Readonly<Required<GradientCheckTolerances>>;
}

/**
 * Checks the native loss kernels and windows against the TypeScript reference
 * and the reference against numeric derivatives, on small random problems:
 * for each seed, each loss alone ('pair', with respect to the center vector
 * and the outside matrix), and for each architecture and loss a window
 * ('skip-gram'; 'cbow' averaging the context, checked with the true gradient;
 * 'cbow-sum' summing it). Values are drawn ~ N(0, 1) / dim^(1/4), so scores
 * u.v are about N(0, 1) and no sigmoid saturates; hierarchical softmax uses
 * the Huffman tree of random descending counts; negative sampling draws
 * negatives with at least one repeat.
 *
 * Deterministic: the same options give the same report.
 *
 * @example
 *   const report = gradientCheck({ loss: 'negative-sampling' });
 *   if (!report.passed) console.log(formatGradientCheckReport(report));
 * @throws TypeError or RangeError naming the option for a bad option; Error
 *   if the native addon cannot be loaded.
 */
export function gradientCheck(options: GradientCheckOptions = {}): GradientCheckReport {
  const settings = resolveOptions(options);
  const binding = nativeLoss();
  const cases: GradientCheckCase[] = [];
  for (const seed of settings.seeds) {
    for (const loss of settings.losses) {
      cases.push(runCase(binding, settings, { kind: 'pair', loss, seed }));
    }
    for (const architecture of settings.architectures) {
      for (const loss of settings.losses) {
        if (architecture === 'skip-gram') {
          cases.push(runCase(binding, settings, { kind: 'window', architecture, loss, seed }));
          if (loss === 'negative-sampling') {
            cases.push(runCase(binding, settings, { kind: 'window', architecture, loss, seed, sharedNegatives: true }));
          }
        } else {
          cases.push(runCase(binding, settings, { kind: 'window', architecture, loss, seed, cbowMean: true }));
          cases.push(runCase(binding, settings, { kind: 'window', architecture, loss, seed, cbowMean: false }));
        }
      }
    }
  }
  return { passed: cases.every((c) => c.passed), tolerances: settings.tolerances, cases };
}

/**
 * A report as an aligned plain-text table, one line a case (its three
 * measures and what failed), then a summary line with the tolerances.
 *
 * @throws TypeError if `report` is not a report.
 */
export function formatGradientCheckReport(report: GradientCheckReport): string {
  if (typeof report !== 'object' || report === null || !Array.isArray(report.cases)) {
    throw invalidOptionError('report', 'GradientCheckReport (the result of gradientCheck)', report, 'type');
  }
  const tol = report.tolerances ?? DEFAULT_TOLERANCES;
  const num = (x: number): string => (Number.isFinite(x) ? x.toExponential(2) : String(x));
  const header = ['case', 'numeric', 'native f64', 'native f32', 'result'];
  const rows = report.cases.map((c) => {
    const failed: string[] = [];
    if (!c.numeric.passed) failed.push(`numeric at ${c.numeric.worstIndex}`);
    if (!c.nativeDouble.passed) failed.push('native f64');
    if (!c.nativeFloat.passed) failed.push('native f32');
    return [
      c.name,
      num(c.numeric.maxRelativeError),
      num(c.nativeDouble.maxRelativeError),
      num(c.nativeFloat.maxRelativeError),
      c.passed ? 'ok' : `FAIL: ${failed.join(', ')}`,
    ];
  });
  const passedCount = report.cases.filter((c) => c.passed).length;
  const summary =
    `${passedCount} of ${report.cases.length} cases passed ` +
    `(tolerances: numeric ${tol.numeric.toExponential()}, native f64 ${tol.double.toExponential()}, ` +
    `native f32 ${tol.float.toExponential()})`;
  // The case names and the verdicts read left to right; the measures line up on the right.
  return [...table([header, ...rows], { indent: '', align: 'lrrrl', rule: true }), summary].join('\n');
}

// ---- options ----

/** A value or a list of values from `allowed` (deduplicated in order; every one when absent). */
function oneOrMore<T extends string>(allowed: readonly T[], allowEmpty: boolean): Rule<T[]> {
  const item = oneOf(allowed);
  const expected = `${item.expected}, or ${allowEmpty ? 'an' : 'a non-empty'} array of them`;
  return custom(expected, (name, value) => {
    if (typeof value === 'string') return [item.check(name, value)];
    if (!Array.isArray(value)) throw invalidOptionError(name, expected, value, 'type');
    if (value.length === 0 && !allowEmpty) throw invalidOptionError(name, expected, value, 'range');
    return [...new Set(value.map((v: unknown, i) => item.check(`${name}[${i}]`, v)))];
  });
}

const SEEDS_EXPECTED = 'non-empty array of integers between 0 and 4294967295';
const SEED = integer(0, 2 ** 32 - 1);

const OPTION_RULES = {
  loss: oneOrMore(LOSSES, false),
  architecture: oneOrMore(ARCHITECTURES, true),
  seeds: custom(SEEDS_EXPECTED, (name, value) => {
    if (!Array.isArray(value)) throw invalidOptionError(name, SEEDS_EXPECTED, value, 'type');
    if (value.length === 0) throw invalidOptionError(name, SEEDS_EXPECTED, value, 'range');
    return [...new Set(value.map((s: unknown, i) => SEED.check(`${name}[${i}]`, s)))];
  }),
  dim: integer(3, 1000),
  vocabSize: integer(5, 1000),
  negative: integer(2, 1000),
  window: integer(1, 100),
  cbowGradient: oneOf(['true', 'word2vec']),
  tolerances: custom('plain object with numeric, double and/or float', (name, value) =>
    checkOptions(value, TOLERANCE_RULES, { what: 'tolerance', prefix: `${name}.` }),
  ),
} satisfies { [K in keyof GradientCheckOptions]-?: Rule<unknown> };

function resolveOptions(options: unknown): Settings {
  const o = checkOptions(options, OPTION_RULES);
  const tolerances = { ...DEFAULT_TOLERANCES };
  for (const key of TOLERANCE_NAMES) tolerances[key] = o.tolerances?.[key] ?? tolerances[key];
  return {
    losses: o.loss ?? [...LOSSES],
    architectures: o.architecture ?? [...ARCHITECTURES],
    seeds: o.seeds ?? [1, 2, 3],
    dim: o.dim ?? 5,
    vocabSize: o.vocabSize ?? 8,
    negative: o.negative ?? 6,
    window: o.window ?? 2,
    cbowGradient: o.cbowGradient ?? 'true',
    tolerances: Object.freeze(tolerances),
  };
}

// ---- random problems ----

/**
 * The random problems: the training's own generator (reference/random.ts,
 * seeded, the same on every platform) with a Box-Muller normal.
 */
class ProblemRandom {
  private readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return this.random.below(n);
  }

  /** Standard normal. */
  normal(): number {
    const u = 1 - this.random.uniform32(); // (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random.uniform32());
  }

  /** `n` normals times `scale`. */
  normals(n: number, scale: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = scale * this.normal();
    return out;
  }
}

/** A seed per case from the user's seed and the case's name, so cases do not shift when others are added. */
function caseSeed(seed: number, tag: string): number {
  let h = 0x811c9dc5 ^ seed; // FNV-1a over the tag, started from the seed
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `count` words from [0, vocab), never `exclude`, with at least one word drawn twice (count >= 2). */
function drawWithRepeat(rng: ProblemRandom, vocab: number, count: number, exclude?: number): Uint32Array {
  const words: number[] = [];
  while (words.length < count - 1) {
    const w = rng.int(vocab);
    if (w !== exclude) words.push(w);
  }
  words.splice(rng.int(words.length + 1), 0, words[rng.int(words.length)]);
  return Uint32Array.from(words);
}

function randomHuffmanTree(rng: ProblemRandom, vocab: number): HuffmanTree {
  const counts = Array.from({ length: vocab }, () => 1 + rng.int(1000)).sort((a, b) => b - a);
  return huffmanTree(counts);
}

/** The loss and gradient of a case as one flat vector, in the order of its parameters. */
interface Evaluation {
  loss: number;
  grad: Float64Array;
}

/** A random problem: its parameters, the reference at any parameters, and the native kernel at the given ones. */
interface Problem {
  params: Float64Array;
  reference(x: Float64Array): Evaluation;
  native(binding: NativeLossBinding, precision: NativePrecision): Evaluation;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function pairProblem(settings: Settings, loss: Loss, seed: number): Problem {
  const { dim, vocabSize } = settings;
  const rng = new ProblemRandom(caseSeed(seed, `pair/${loss}`));
  const rows = loss === 'hierarchical-softmax' ? vocabSize - 1 : vocabSize;
  const scale = dim ** -0.25;
  const params = concat(rng.normals(dim, scale), rng.normals(rows * dim, scale));
  const target = rng.int(vocabSize);
  const negatives =
    loss === 'negative-sampling' ? drawWithRepeat(rng, vocabSize, settings.negative, target) : undefined;
  const tree = loss === 'hierarchical-softmax' ? randomHuffmanTree(rng, vocabSize) : undefined;

  const lossAt = (center: Float64Array, outside: Float64Array): LossAndGradient => {
    const m = matrix(rows, dim, outside);
    if (negatives) return negSamplingLossAndGradient(center, target, m, negatives);
    if (tree) return hierarchicalSoftmaxLossAndGradient(center, tree.paths[target], tree.codes[target], m);
    return naiveSoftmaxLossAndGradient(center, target, m);
  };
  return {
    params,
    reference(x) {
      const r = lossAt(x.subarray(0, dim), x.subarray(dim));
      return { loss: r.loss, grad: concat(r.gradCenterVec, r.gradOutsideVecs.data) };
    },
    native(binding, precision) {
      const r = binding.lossCheck(
        {
          loss,
          dim,
          center: params.slice(0, dim),
          outside: params.slice(dim),
          ...(tree ? { path: tree.paths[target], codes: tree.codes[target] } : { target }),
          ...(negatives ? { negatives } : {}),
        },
        precision,
      );
      return { loss: r.loss, grad: concat(r.gradCenter, r.gradOutside) };
    },
  };
}

function windowProblem(
  settings: Settings,
  architecture: Architecture,
  loss: Loss,
  seed: number,
  cbowMean: boolean,
): Problem {
  const { dim, vocabSize } = settings;
  const isCbow = architecture === 'cbow';
  const rng = new ProblemRandom(caseSeed(seed, `${architecture}/${cbowMean ? 'mean' : 'sum'}/${loss}`));
  const rows = loss === 'hierarchical-softmax' ? vocabSize - 1 : vocabSize;
  const scale = dim ** -0.25;
  const centerSize = vocabSize * dim;
  const params = concat(rng.normals(centerSize, scale), rng.normals(rows * dim, scale));
  const centerWord = rng.int(vocabSize);
  const outsideWords = drawWithRepeat(rng, vocabSize, 2 * settings.window);

  let negativesPerPair: Uint32Array[] = [];
  let pairLoss: PairLoss;
  let tree: HuffmanTree | undefined;
  if (loss === 'negative-sampling') {
    const targets = isCbow ? [centerWord] : Array.from(outsideWords);
    negativesPerPair = targets.map((t) => drawWithRepeat(rng, vocabSize, settings.negative, t));
    pairLoss = negSamplingPairLoss(negativesPerPair);
  } else if (loss === 'hierarchical-softmax') {
    tree = randomHuffmanTree(rng, vocabSize);
    pairLoss = hierarchicalSoftmaxPairLoss(tree.paths, tree.codes);
  } else {
    pairLoss = naiveSoftmaxPairLoss();
  }

  return {
    params,
    reference(x) {
      const centerVectors = matrix(vocabSize, dim, x.subarray(0, centerSize));
      const outsideVectors = matrix(rows, dim, x.subarray(centerSize));
      const r: WindowLossAndGradient = isCbow
        ? cbow({
            centerWord,
            contextWords: outsideWords,
            centerVectors,
            outsideVectors,
            loss: pairLoss,
            mean: cbowMean,
            gradient: settings.cbowGradient,
          })
        : skipgram({ centerWord, outsideWords, centerVectors, outsideVectors, loss: pairLoss });
      return { loss: r.loss, grad: concat(r.gradCenterVecs.data, r.gradOutsideVecs.data) };
    },
    native(binding, precision) {
      const negatives = new Uint32Array(negativesPerPair.length * settings.negative);
      negativesPerPair.forEach((list, p) => negatives.set(list, p * settings.negative));
      const r = binding.windowCheck(
        {
          architecture,
          loss,
          dim,
          centerVectors: params.slice(0, centerSize),
          outsideVectors: params.slice(centerSize),
          centerWord,
          outsideWords,
          ...(loss === 'negative-sampling' ? { negatives } : {}),
          ...(tree ? { paths: tree.paths, codes: tree.codes } : {}),
          ...(isCbow ? { cbowMean, cbowGradient: settings.cbowGradient } : {}),
        },
        precision,
      );
      return { loss: r.loss, grad: concat(r.gradCenterVectors, r.gradOutsideVectors) };
    },
  };
}

/**
 * The window TrainOptions.sharedNegatives trains: the outside words' vectors
 * each predict the center word against one set of negatives (drawn with a
 * repeat). Its reference is the sum of the pairs, each a CS224n window of one
 * outside word, so the native product is checked against plain pair losses.
 */
function sharedNegativesProblem(settings: Settings, seed: number): Problem {
  const { dim, vocabSize } = settings;
  const rng = new ProblemRandom(caseSeed(seed, 'skip-gram-shared/negative-sampling'));
  const scale = dim ** -0.25;
  const centerSize = vocabSize * dim;
  const params = concat(rng.normals(centerSize, scale), rng.normals(vocabSize * dim, scale));
  const centerWord = rng.int(vocabSize);
  const outsideWords = drawWithRepeat(rng, vocabSize, 2 * settings.window);
  const negatives = drawWithRepeat(rng, vocabSize, settings.negative, centerWord);
  const pairLoss = negSamplingPairLoss([negatives]);
  return {
    params,
    reference(x) {
      const centerVectors = matrix(vocabSize, dim, x.subarray(0, centerSize));
      const outsideVectors = matrix(vocabSize, dim, x.subarray(centerSize));
      let loss = 0;
      const grad = new Float64Array(x.length);
      for (const word of outsideWords) {
        const r = skipgram({
          centerWord: word,
          outsideWords: [centerWord],
          centerVectors,
          outsideVectors,
          loss: pairLoss,
        });
        loss += r.loss;
        const g = concat(r.gradCenterVecs.data, r.gradOutsideVecs.data);
        for (let i = 0; i < g.length; i++) grad[i] += g[i];
      }
      return { loss, grad };
    },
    native(binding, precision) {
      const r = binding.windowCheck(
        {
          architecture: 'skip-gram',
          loss: 'negative-sampling',
          dim,
          centerVectors: params.slice(0, centerSize),
          outsideVectors: params.slice(centerSize),
          centerWord,
          outsideWords,
          negatives,
          sharedNegatives: true,
        },
        precision,
      );
      return { loss: r.loss, grad: concat(r.gradCenterVectors, r.gradOutsideVectors) };
    },
  };
}

// ---- measures ----

/** max |a - b| / max(1, |a|, |b|) over the loss and the gradient; Infinity on NaN or a length mismatch. */
function maxRelativeDifference(a: Evaluation, b: Evaluation): number {
  if (a.grad.length !== b.grad.length) return Infinity;
  const rel = (x: number, y: number): number => {
    const r = Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
    return Number.isNaN(r) ? Infinity : r;
  };
  let worst = rel(a.loss, b.loss);
  for (let i = 0; i < a.grad.length; i++) worst = Math.max(worst, rel(a.grad[i], b.grad[i]));
  return worst;
}

interface CaseSpec {
  kind: 'pair' | 'window';
  architecture?: Architecture;
  cbowMean?: boolean;
  sharedNegatives?: boolean;
  loss: Loss;
  seed: number;
}

function runCase(binding: NativeLossBinding, settings: Settings, spec: CaseSpec): GradientCheckCase {
  const { kind, architecture, cbowMean, loss, seed, sharedNegatives } = spec;
  const { tolerances } = settings;
  const problem =
    architecture === undefined
      ? pairProblem(settings, loss, seed)
      : sharedNegatives
        ? sharedNegativesProblem(settings, seed)
        : windowProblem(settings, architecture, loss, seed, cbowMean ?? true);

  const numeric = gradcheck((x) => problem.reference(x), problem.params.slice(), {
    h: STEP,
    tolerance: tolerances.numeric,
  });
  const expected = problem.reference(problem.params);
  const doubleError = maxRelativeDifference(problem.native(binding, 'float64'), expected);
  const floatError = maxRelativeDifference(problem.native(binding, 'float32'), expected);

  const isCbow = architecture === 'cbow';
  let prefix: string = architecture ?? 'pair';
  if (sharedNegatives) prefix = 'skip-gram-shared';
  else if (isCbow && cbowMean === false) prefix = 'cbow-sum';
  else if (isCbow && settings.cbowGradient === 'word2vec') prefix = 'cbow-word2vec';

  const result: GradientCheckCase = {
    name: `${prefix}/${loss}/seed ${seed}`,
    kind,
    ...(architecture ? { architecture } : {}),
    ...(isCbow ? { cbowMean, cbowGradient: settings.cbowGradient } : {}),
    ...(sharedNegatives ? { sharedNegatives } : {}),
    loss,
    seed,
    numeric: { maxRelativeError: numeric.maxRelativeError, worstIndex: numeric.worstIndex, passed: numeric.passed },
    nativeDouble: { maxRelativeError: doubleError, passed: doubleError <= tolerances.double },
    nativeFloat: { maxRelativeError: floatError, passed: floatError <= tolerances.float },
    passed: false,
  };
  result.passed = result.numeric.passed && result.nativeDouble.passed && result.nativeFloat.passed;
  return result;
}
