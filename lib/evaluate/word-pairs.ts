/**
 * Word-pair evaluation: the correlation of the vectors' cosine similarities
 * with human similarity judgements (WordSim353, SimLex-999), computed as
 * gensim 4.2's KeyedVectors.evaluate_word_pairs computes it.
 */
import type { WordVectors } from '../vectors';
import { boolean, checkOptions, integer } from '../validate';
import { parsePythonFloat, readEvaluationFile, splitLines } from './python-text';
import { restrictedVocabulary } from './restricted-vocabulary';
import { type Correlation, pearson, spearman } from './statistics';

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

const DEFAULT_PAIRS_RESTRICT = 300000;

const OPTION_RULES = { restrictVocab: integer(1), caseInsensitive: boolean(), dummy4unknown: boolean() };

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
  const {
    restrictVocab = DEFAULT_PAIRS_RESTRICT,
    caseInsensitive = true,
    dummy4unknown = false,
  } = checkOptions(options, OPTION_RULES);
  const text = await readEvaluationFile(file, 'word-pair');

  const limit = Math.min(restrictVocab, wv.words.length);
  const { rows: vocab } = restrictedVocabulary(wv, limit, caseInsensitive);
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
