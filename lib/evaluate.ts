/**
 * Evaluation of word vectors on the standard test sets, computed as gensim
 * 4.2 computes it: analogies (KeyedVectors.evaluate_word_analogies, the C
 * tool's compute-accuracy) and word-pair similarity judgements
 * (KeyedVectors.evaluate_word_pairs, with scipy's pearsonr and spearmanr).
 * The statistics (average ranks, Pearson, Spearman, the regularized
 * incomplete beta function behind their p-values) are exported for reuse.
 */
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { invalidOptionError } from './errors';
import type { AnalogyMethod, WordVectors } from './vectors';

/** Options of evaluateAnalogies. */
export interface EvaluateAnalogiesOptions {
  /**
   * Use only the first N words (the most frequent ones): a question with a
   * word outside them is skipped, and answers are searched among them
   * (default 30000, as the C tool's compute-accuracy).
   */
  restrictVocab?: number;
  /**
   * Compare words in upper case (default true). When several words of the
   * restricted vocabulary have the same upper case, the first (most
   * frequent) one's vector stands for them all.
   */
  caseInsensitive?: boolean;
  /**
   * '3CosAdd' (default): the answer maximises cos(x, b) + cos(x, c) - cos(x, a),
   * gensim's most_similar(positive=[b, c], negative=[a]). '3CosMul': it
   * maximises gensim's most_similar_cosmul objective
   * ((1 + cos(x, b)) / 2) ((1 + cos(x, c)) / 2) / ((1 + cos(x, a)) / 2 + 1e-6).
   */
  method?: AnalogyMethod;
}

/** The results of one section (': name' header) of an analogy file. */
export interface AnalogySection {
  /** The header's text after ': '. */
  name: string;
  /** Questions answered correctly. */
  correct: number;
  /** Questions whose four words are all in the restricted vocabulary. */
  evaluated: number;
  /** Questions with a word outside the restricted vocabulary. */
  skipped: number;
  /** correct / evaluated, or 0 when nothing was evaluated (as gensim). */
  accuracy: number;
}

/**
 * The result of evaluateAnalogies. The overall numbers are gensim's 'Total
 * accuracy' section, which `sections` does not repeat.
 */
export interface AnalogyEvaluation {
  /** correct / evaluated, or 0 when nothing was evaluated. */
  accuracy: number;
  correct: number;
  /** Questions covered by the restricted vocabulary. */
  evaluated: number;
  /** Questions with a word outside the restricted vocabulary. */
  skipped: number;
  /** Every well-formed question (4 words) in the file: evaluated + skipped. */
  total: number;
  /** One entry per section, in file order. */
  sections: AnalogySection[];
}

/** Options of evaluateWordPairs. */
export interface EvaluateWordPairsOptions {
  /** Use only the first N words (the most frequent ones) (default 300000, as gensim). */
  restrictVocab?: number;
  /** Compare words in upper case; the most frequent case variant wins (default true). */
  caseInsensitive?: boolean;
  /**
   * Count a pair with an unknown word as model similarity 0 instead of
   * leaving it out (default false, as gensim's dummy4unknown).
   */
  dummy4unknown?: boolean;
}

/** A correlation coefficient and its two-sided p-value (NaN when undefined, as scipy). */
export interface Correlation {
  statistic: number;
  pValue: number;
}

/** The result of evaluateWordPairs. */
export interface WordPairsEvaluation {
  /** Pearson correlation of the human scores with the cosine similarities (scipy.stats.pearsonr). */
  pearson: Correlation;
  /** Spearman rank correlation, ties ranked by their average (scipy.stats.spearmanr). */
  spearman: Correlation;
  /**
   * Pairs with an unknown word, in percent, as gensim reports it: of all
   * pairs read; with dummy4unknown, of the pairs correlated (the same count).
   */
  oovRatio: number;
  /** Pairs in the correlation (with dummy4unknown, the unknown ones too). */
  pairs: number;
  /** Pairs with a word outside the restricted vocabulary. */
  oov: number;
}

const DEFAULT_ANALOGY_RESTRICT = 30000;
const DEFAULT_PAIRS_RESTRICT = 300000;
/** gensim takes the top 5 answers of most_similar and keeps the first that is not a question word. */
const ANALOGY_TOPN = 5;
/** Rows scored at a time: bounds the score block (question words x rows) in memory. */
const ROW_BLOCK = 1024;

/**
 * Evaluates word vectors on an analogy file (the Google questions-words.txt
 * format: ': section' header lines, then lines `a b c expected`), exactly as
 * gensim 4.2's KeyedVectors.evaluate_word_analogies: the first
 * `restrictVocab` words form the vocabulary; a question with a word outside
 * it is skipped; the answer is the first of the 5 best words (the question
 * words' rows excluded) that is not one of the three question words, and it
 * is compared with the expected word in upper case unless `caseInsensitive`
 * is false. Lines that are not 4 words are ignored, as gensim ignores them.
 * Exact ties between scores go to the more frequent word.
 *
 * Unlike gensim, whose most_similar_cosmul ignores restrict_vocab, '3CosMul'
 * searches only the restricted vocabulary, as '3CosAdd' does.
 */
export async function evaluateAnalogies(
  wv: WordVectors,
  file: string,
  options: EvaluateAnalogiesOptions = {},
): Promise<AnalogyEvaluation> {
  checkOptions(options, ['restrictVocab', 'caseInsensitive', 'method']);
  const restrictVocab = positiveInteger('restrictVocab', options.restrictVocab, DEFAULT_ANALOGY_RESTRICT);
  const caseInsensitive = bool('caseInsensitive', options.caseInsensitive, true);
  const method = options.method ?? '3CosAdd';
  if (method !== '3CosAdd' && method !== '3CosMul') {
    throw invalidOptionError('method', "'3CosAdd' or '3CosMul'", method);
  }
  const text = await readText(file, 'analogy');
  const parsed = parseAnalogies(text, file, caseInsensitive);

  const limit = Math.min(restrictVocab, wv.words.length);
  const { keys, vocab } = restrictedVocabulary(wv, limit, caseInsensitive);

  // The questions with all four words known, as rows of the restricted vocabulary.
  const questions: { a: number; b: number; c: number; expected: string; ignore: [string, string, string] }[] = [];
  const questionSection: number[] = [];
  const sections: AnalogySection[] = parsed.sections.map((s) => ({
    name: s.name,
    correct: 0,
    evaluated: 0,
    skipped: 0,
    accuracy: 0,
  }));
  parsed.sections.forEach((section, si) => {
    for (const [a, b, c, expected] of section.questions) {
      const ia = vocab.get(a);
      const ib = vocab.get(b);
      const ic = vocab.get(c);
      if (ia === undefined || ib === undefined || ic === undefined || !vocab.has(expected)) {
        sections[si].skipped++;
        continue;
      }
      questions.push({ a: ia, b: ib, c: ic, expected, ignore: [a, b, c] });
      questionSection.push(si);
    }
  });

  const top = await topAnswers(wv, limit, questions, method);
  questions.forEach((q, n) => {
    // gensim's loop: the first answer that is not a question word; failing
    // that, the last answer looked at (or none).
    let predicted: string | undefined;
    for (let k = 0; k < top.count[n]; k++) {
      predicted = keys[top.rows[n * ANALOGY_TOPN + k]];
      if (!q.ignore.includes(predicted)) break;
    }
    const section = sections[questionSection[n]];
    section.evaluated++;
    if (predicted === q.expected) section.correct++;
  });

  let correct = 0;
  let evaluated = 0;
  let skipped = 0;
  for (const s of sections) {
    s.accuracy = s.evaluated === 0 ? 0 : s.correct / s.evaluated;
    correct += s.correct;
    evaluated += s.evaluated;
    skipped += s.skipped;
  }
  return {
    accuracy: evaluated === 0 ? 0 : correct / evaluated,
    correct,
    evaluated,
    skipped,
    total: evaluated + skipped,
    sections,
  };
}

/**
 * Evaluates word vectors on human similarity judgements (wordsim353.tsv,
 * simlex999.txt: lines `word1<TAB>word2<TAB>score`, '#' comment lines),
 * exactly as gensim 4.2's KeyedVectors.evaluate_word_pairs: lines that do
 * not split into three tab-separated fields with a number last are ignored;
 * a pair with a word outside the first `restrictVocab` words is left out
 * (or scored 0 with `dummy4unknown`); the model's similarity is the cosine;
 * the correlations and p-values are scipy's pearsonr and spearmanr.
 */
export async function evaluateWordPairs(
  wv: WordVectors,
  file: string,
  options: EvaluateWordPairsOptions = {},
): Promise<WordPairsEvaluation> {
  checkOptions(options, ['restrictVocab', 'caseInsensitive', 'dummy4unknown']);
  const restrictVocab = positiveInteger('restrictVocab', options.restrictVocab, DEFAULT_PAIRS_RESTRICT);
  const caseInsensitive = bool('caseInsensitive', options.caseInsensitive, true);
  const dummy4unknown = bool('dummy4unknown', options.dummy4unknown, false);
  const text = await readText(file, 'word-pair');

  const limit = Math.min(restrictVocab, wv.words.length);
  const { vocab } = restrictedVocabulary(wv, limit, caseInsensitive);
  const gold: number[] = [];
  const model: number[] = [];
  let read = 0;
  let oov = 0;
  // Python's text mode reads '\r\n' and '\r' as '\n'.
  for (const line of splitLines(text.replace(/\r\n?/g, '\n'))) {
    if (line.startsWith('#')) continue;
    const fields = line.split('\t');
    if (fields.length !== 3) continue;
    const [a, b, score] = caseInsensitive ? fields.map((f) => f.toUpperCase()) : fields;
    const human = parsePythonFloat(score);
    if (human === undefined) continue;
    read++;
    const ia = vocab.get(a);
    const ib = vocab.get(b);
    if (ia === undefined || ib === undefined) {
      oov++;
      if (dummy4unknown) {
        gold.push(human);
        model.push(0);
      }
      continue;
    }
    gold.push(human);
    model.push(cosine(wv.vectors, wv.dim, ia, ib));
  }
  if (read === 0) {
    throw new Error(`No word pairs in the word-pair file '${file}': expected lines 'word1<TAB>word2<TAB>score'`);
  }
  if (gold.length === 0) {
    throw new Error(
      `All ${read} pairs of the word-pair file '${file}' have a word outside the vocabulary (its first ${limit} words)`,
    );
  }
  if (gold.length < 2) {
    throw new Error(`Only 1 pair of the word-pair file '${file}' is in the vocabulary: a correlation needs at least 2`);
  }
  return {
    pearson: pearson(gold, model),
    spearman: spearman(gold, model),
    // gold.length counts the unknown pairs too when dummy4unknown is set (gensim's two formulas).
    oovRatio: dummy4unknown ? (oov / gold.length) * 100 : (oov / (gold.length + oov)) * 100,
    pairs: gold.length,
    oov,
  };
}

// ---------------------------------------------------------------------------
// Statistics (scipy 1.10's conventions)

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
  const t = rs * Math.sqrt(ratio < 0 ? 0 : ratio);
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

// CPython's Lanczos coefficients (Modules/mathmodule.c), g = 6.024680040776729583740234375.
const LANCZOS_G = 6.024680040776729583740234375;
const LANCZOS_NUM = [
  23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
  35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
  6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
  248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
  2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
  8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
  2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN = [
  0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0, 32670.0,
  1925.0, 66.0, 1.0,
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

// ---------------------------------------------------------------------------
// Analogy search

interface TopAnswers {
  /** Row indices, ANALOGY_TOPN per question, best first. */
  rows: Int32Array;
  /** How many answers each question has (fewer than ANALOGY_TOPN in a tiny vocabulary). */
  count: Uint8Array;
}

/**
 * The ANALOGY_TOPN best rows (below `limit`, question rows excluded) of every
 * question. Both objectives only need the cosines of each row with the
 * question words, and the questions share few words (about 900 in the
 * Google set), so the cosines of a block of rows with every distinct
 * question word are computed once (a small matrix product) and each
 * question's score of a row is then 3 reads: about 20x less work than
 * scoring every question against every row.
 */
async function topAnswers(
  wv: WordVectors,
  limit: number,
  questions: readonly { a: number; b: number; c: number }[],
  method: AnalogyMethod,
): Promise<TopAnswers> {
  const { vectors, dim } = wv;
  const nq = questions.length;
  const K = ANALOGY_TOPN;
  const rows = new Int32Array(nq * K);
  const count = new Uint8Array(nq);
  const best = new Float64Array(nq * K).fill(-Infinity);
  if (nq === 0 || limit === 0) return { rows, count };

  // A column per distinct question row, holding its unit vector.
  const columnOf = new Map<number, number>();
  for (const q of questions) for (const r of [q.a, q.b, q.c]) if (!columnOf.has(r)) columnOf.set(r, columnOf.size);
  const nw = columnOf.size;
  const unitQ = new Float64Array(nw * dim);
  for (const [r, col] of columnOf) {
    const inv = inverseNorm(vectors, dim, r);
    for (let k = 0; k < dim; k++) unitQ[col * dim + k] = vectors[r * dim + k] * inv;
  }
  const qa = new Int32Array(nq);
  const qb = new Int32Array(nq);
  const qc = new Int32Array(nq);
  questions.forEach((q, n) => {
    qa[n] = columnOf.get(q.a)!;
    qb[n] = columnOf.get(q.b)!;
    qc[n] = columnOf.get(q.c)!;
  });

  const block = Math.min(ROW_BLOCK, limit);
  const cos = new Float64Array(nw * block); // cos[col * block + i]: question word col vs row start + i
  const invNorm = new Float64Array(block);
  const cosMul = method === '3CosMul';
  for (let start = 0; start < limit; start += block) {
    const len = Math.min(block, limit - start);
    for (let i = 0; i < len; i++) invNorm[i] = inverseNorm(vectors, dim, start + i);
    cosineBlock(vectors, dim, start, len, unitQ, nw, cos, block, invNorm);
    for (let n = 0; n < nq; n++) {
      const oa = qa[n] * block;
      const ob = qb[n] * block;
      const oc = qc[n] * block;
      const base = n * K;
      let threshold = best[base + K - 1];
      const { a, b, c } = questions[n];
      for (let i = 0; i < len; i++) {
        // 3CosAdd: the ranking of gensim's (u_b + u_c - u_a)·u_x / |u_b + u_c - u_a|.
        const score = cosMul
          ? (((1 + cos[ob + i]) / 2) * ((1 + cos[oc + i]) / 2)) / ((1 + cos[oa + i]) / 2 + 0.000001)
          : cos[ob + i] + cos[oc + i] - cos[oa + i];
        if (score > threshold) {
          const row = start + i;
          if (row === a || row === b || row === c) continue;
          // Insert, keeping the list sorted; a tie stays behind the earlier (more frequent) row.
          let k = Math.min(count[n], K - 1);
          while (k > 0 && best[base + k - 1] < score) {
            best[base + k] = best[base + k - 1];
            rows[base + k] = rows[base + k - 1];
            k--;
          }
          best[base + k] = score;
          rows[base + k] = row;
          if (count[n] < K) count[n]++;
          threshold = best[base + K - 1];
        }
      }
    }
    // A large evaluation takes a second or more: let other work run between blocks.
    await nextTurn();
  }
  return { rows, count };
}

/** cos[col * stride + i] = unitQ[col] · vectors[start + i] * invNorm[i], four rows at a time. */
function cosineBlock(
  vectors: Float32Array,
  dim: number,
  start: number,
  len: number,
  unitQ: Float64Array,
  nw: number,
  cos: Float64Array,
  stride: number,
  invNorm: Float64Array,
): void {
  for (let col = 0; col < nw; col++) {
    const q = col * dim;
    const out = col * stride;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const r0 = (start + i) * dim;
      const r1 = r0 + dim;
      const r2 = r1 + dim;
      const r3 = r2 + dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < dim; k++) {
        const u = unitQ[q + k];
        s0 += u * vectors[r0 + k];
        s1 += u * vectors[r1 + k];
        s2 += u * vectors[r2 + k];
        s3 += u * vectors[r3 + k];
      }
      cos[out + i] = s0 * invNorm[i];
      cos[out + i + 1] = s1 * invNorm[i + 1];
      cos[out + i + 2] = s2 * invNorm[i + 2];
      cos[out + i + 3] = s3 * invNorm[i + 3];
    }
    for (; i < len; i++) {
      const r = (start + i) * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += unitQ[q + k] * vectors[r + k];
      cos[out + i] = s * invNorm[i];
    }
  }
}

// 1 / |v_row|, or 0 for a zero vector (whose cosines are then 0, as gensim's unitvec leaves it 0).
function inverseNorm(vectors: Float32Array, dim: number, row: number): number {
  let s = 0;
  for (let k = row * dim, end = k + dim; k < end; k++) s += vectors[k] * vectors[k];
  return s > 0 ? 1 / Math.sqrt(s) : 0;
}

// Symmetric to the last bit, so that the pairs (a, b) and (b, a) tie in the ranks, as in gensim.
function cosine(vectors: Float32Array, dim: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += vectors[i * dim + k] * vectors[j * dim + k];
  return s * (inverseNorm(vectors, dim, i) * inverseNorm(vectors, dim, j));
}

/**
 * gensim's ok_vocab: the first `limit` words, keyed in upper case when
 * case-insensitive, the first (most frequent) row winning a collision; and
 * each row's key, for comparing answers.
 */
function restrictedVocabulary(
  wv: WordVectors,
  limit: number,
  caseInsensitive: boolean,
): { keys: string[]; vocab: Map<string, number> } {
  const keys = new Array<string>(limit);
  const vocab = new Map<string, number>();
  for (let i = 0; i < limit; i++) {
    const key = caseInsensitive ? wv.words[i].toUpperCase() : wv.words[i];
    keys[i] = key;
    if (!vocab.has(key)) vocab.set(key, i);
  }
  return { keys, vocab };
}

// ---------------------------------------------------------------------------
// Files

interface ParsedAnalogies {
  sections: { name: string; questions: [string, string, string, string][] }[];
}

// Python's str.split() / str.strip() whitespace.
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPLIT = new RegExp(`[${PY_SPACE}]+`);
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

function parseAnalogies(text: string, file: string, caseInsensitive: boolean): ParsedAnalogies {
  const sections: ParsedAnalogies['sections'] = [];
  let questions = 0;
  // gensim reads the file in binary mode: lines end at '\n' only.
  splitLines(text).forEach((line, n) => {
    if (line.startsWith(': ')) {
      sections.push({ name: line.replace(/^[: ]+/, '').replace(PY_STRIP, ''), questions: [] });
      return;
    }
    if (sections.length === 0) {
      throw new Error(`Missing section header (': name') before line ${n + 1} of the analogy file '${file}'`);
    }
    const words = line.replace(PY_STRIP, '').split(PY_SPLIT);
    if (words.length !== 4) return; // gensim skips such lines (a blank line splits into [''])
    const [a, b, c, d] = caseInsensitive ? words.map((w) => w.toUpperCase()) : words;
    sections[sections.length - 1].questions.push([a, b, c, d]);
    questions++;
  });
  if (questions === 0) {
    throw new Error(
      `No analogy questions in the analogy file '${file}': ` +
        "expected ': section' header lines, each followed by lines of 4 words",
    );
  }
  return { sections };
}

// Lines without their '\n'; a final '\n' does not start another line.
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const PY_DIGITS = '\\d(?:_?\\d)*';
const PY_FLOAT = new RegExp(
  `^[+-]?(?:(?:${PY_DIGITS}(?:\\.(?:${PY_DIGITS})?)?|\\.${PY_DIGITS})(?:[eE][+-]?${PY_DIGITS})?|inf|infinity|nan)$`,
  'i',
);

/** Python's float(text) for ASCII numbers (surrounding whitespace, '_' between digits, inf, nan), or undefined. */
function parsePythonFloat(text: string): number | undefined {
  const s = text.replace(PY_STRIP, '');
  if (!PY_FLOAT.test(s)) return undefined;
  const body = s.replace(/_/g, '').toLowerCase();
  const sign = body.startsWith('-') ? -1 : 1;
  const unsigned = body.replace(/^[+-]/, '');
  if (unsigned === 'nan') return NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Infinity;
  return Number(body);
}

async function readText(file: string, kind: string): Promise<string> {
  if (typeof file !== 'string' || file === '') throw invalidOptionError('file', `path of the ${kind} file`, file, 'type');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new Error(`Cannot read the ${kind} file '${file}': ${reason}`, { cause: err });
  }
  let text: string;
  try {
    // Strict, and a BOM kept as a character, as Python's utf-8 codec reads it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new Error(`The ${kind} file '${file}' is not valid UTF-8`, { cause: err });
  }
  if (text.replace(PY_STRIP, '') === '') throw new Error(`The ${kind} file '${file}' is empty`);
  return text;
}

// ---------------------------------------------------------------------------
// Options

function checkOptions(options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw invalidOptionError('options', 'plain object', options, 'type');
  }
  // A misspelt name (restrict_vocab) would otherwise be silently ignored.
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; ` +
        `valid options are: ${known.join(', ')}`,
    );
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw invalidOptionError(name, 'integer >= 1', value, 'type');
  if (!Number.isInteger(value) || value < 1) throw invalidOptionError(name, 'integer >= 1', value);
  return value;
}

function bool(name: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOptionError(name, 'boolean', value, 'type');
  return value;
}
