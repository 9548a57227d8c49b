/**
 * Word vectors: lookup, cosine similarity, nearest neighbours and analogies
 * with gensim's semantics, and the word2vec text/binary formats for saving.
 * Vectors are Float32Array views over one matrix (native memory when they
 * come from training), never copies. Queries scan a unit-normalised copy of
 * the matrix natively (binding/core/search.h), made on the first query.
 */
import { invalidOptionError, withCallerStack } from './errors';
import { checkOptions, custom, filePathArgument, finite, integer, isPlainObject, oneOf, type Rules } from './validate';
import { native } from './native';
import {
  evaluateAnalogies,
  evaluateWordPairs,
  type AnalogyEvaluation,
  type EvaluateAnalogiesOptions,
  type EvaluateWordPairsOptions,
  type WordPairsEvaluation,
} from './evaluate';
import type { SaveVectorsOptions, VectorsFormat } from './vectors-io';

/** One answer of a nearest-neighbour query. */
export interface SimilarWord {
  /** The answer. */
  word: string;
  /** Its score: the cosine similarity (mostSimilar, 3CosAdd) or the 3CosMul objective. */
  similarity: number;
}

/** Options of mostSimilar. */
export interface MostSimilarOptions {
  /** How many answers (default 10). */
  topK?: number;
  /** Search only the first N words (the most frequent ones), as gensim's restrict_vocab. */
  restrictVocab?: number;
}

/**
 * A term of a query: a word (its unit vector is used), or a vector of `dim`
 * floats used as given, not normalised (as gensim uses a numpy array).
 */
export type QueryTerm = string | Float32Array;

/** A query of words to add and words to subtract, as gensim's most_similar. */
export interface MostSimilarQuery extends MostSimilarOptions {
  /** Terms that attract the answers (weight +1). */
  positive?: readonly QueryTerm[];
  /** Terms that repel the answers (weight -1). */
  negative?: readonly QueryTerm[];
}

/** Options of mostSimilarCosMul. */
export interface CosMulOptions extends MostSimilarOptions {
  /**
   * Added to the denominator so that it never vanishes (default 1e-6, as
   * gensim's most_similar_cosmul, so results match it; Levy & Goldberg 2014 used 0.001).
   */
  epsilon?: number;
}

/** A mostSimilarCosMul query: positive words multiply, negative words divide. */
export interface CosMulQuery extends MostSimilarQuery, CosMulOptions {}

/**
 * How an analogy is solved (Levy & Goldberg 2014): '3CosAdd' ranks by
 * cos(x, b) - cos(x, a) + cos(x, c) (and reports the cosine of x with the
 * normalised mean of b, c and -a), '3CosMul' by
 * cos'(x, b) cos'(x, c) / (cos'(x, a) + epsilon) with cos' = (cos + 1) / 2.
 */
export type AnalogyMethod = '3CosAdd' | '3CosMul';

/** Options of analogy. */
export interface AnalogyOptions extends CosMulOptions {
  /** '3CosAdd' (default) or '3CosMul'. */
  method?: AnalogyMethod;
  /** How many answers (default 1). */
  topK?: number;
}

const SAVE_RULES = { format: oneOf(['binary', 'text']) };
const SEARCH_RULES = { topK: integer(1), restrictVocab: integer(1) };
const COSMUL_RULES = { ...SEARCH_RULES, epsilon: finite({ min: 0 }) };
const ANALOGY_RULES = { method: oneOf(['3CosAdd', '3CosMul']), ...COSMUL_RULES };
// The terms of a query object, checked against the vectors' dim by #checkTerms.
const TERM_RULES = {
  positive: custom('array of words or Float32Arrays', (_name, value) => value),
  negative: custom('array of words or Float32Arrays', (_name, value) => value),
};
// gensim's names, which edit distance alone would not map.
const GENSIM_NAMES = { topn: 'topK' };

// A query term resolved against the vocabulary: the vector to use, and the
// row to exclude from the answers (words only).
interface ResolvedTerm {
  vector: Float32Array;
  row: number | undefined;
}

interface ResolvedQuery {
  positive: ResolvedTerm[];
  negative: ResolvedTerm[];
  topK: number;
  limit: number;
  exclude: Uint32Array;
}

/** A vocabulary of words, each with a vector of `dim` floats. */
export class WordVectors {
  /** Every vector, row after row (size x dim). */
  readonly vectors: Float32Array;
  /** The dimension of each vector. */
  readonly dim: number;
  #words: readonly string[] | (() => readonly string[]);
  #lookup: Map<string, number> | undefined;
  #unit: Float32Array | undefined;

  /**
   * Word vectors over `vectors` (words.length x dim floats, row i for
   * words[i]), used in place, not copied. A repeated word maps to its first row.
   * `words` may be a function that makes the array on first use (a model's
   * vocabulary: a million JS strings are not free); it must give
   * vectors.length / dim words.
   */
  constructor(words: readonly string[] | (() => readonly string[]), vectors: Float32Array, dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw invalidOptionError('dim', 'integer >= 1', dim);
    const count = typeof words === 'function' ? vectors.length / dim : words.length;
    if (!Number.isInteger(count) || vectors.length !== count * dim) {
      throw new RangeError(`Expected ${count} x ${dim} values but the matrix holds ${vectors.length}`);
    }
    this.#words = words;
    this.vectors = vectors;
    this.dim = dim;
  }

  /** The words, in row order (the most frequent first when trained by hogvec). */
  get words(): readonly string[] {
    if (typeof this.#words === 'function') this.#words = this.#words();
    return this.#words;
  }

  // The word -> row map, built on the first lookup (saving or iterating the
  // vectors never needs it, and for a million words it costs tens of MB).
  get #index(): Map<string, number> {
    if (!this.#lookup) {
      const lookup = new Map<string, number>();
      this.words.forEach((w, i) => {
        if (!lookup.has(w)) lookup.set(w, i);
      });
      this.#lookup = lookup;
    }
    return this.#lookup;
  }

  /** How many words. */
  get size(): number {
    return this.vectors.length / this.dim;
  }

  /** The row of a word, or -1. */
  indexOf(word: string): number {
    return this.#index.get(word) ?? -1;
  }

  /** Whether the word has a vector. */
  has(word: string): boolean {
    return this.#index.has(word);
  }

  /** The word's vector (a view, not a copy), or undefined for an unknown word. */
  get(word: string): Float32Array | undefined {
    const i = this.#index.get(word);
    return i === undefined ? undefined : this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /**
   * Cosine similarity of two words (0 when either vector is zero). Reads the
   * vectors themselves, so it never needs the normalised copy. Throws for an
   * unknown word.
   */
  similarity(a: string, b: string): number {
    const i = this.#require(a) * this.dim;
    const j = this.#require(b) * this.dim;
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < this.dim; k++) {
      const x = this.vectors[i + k];
      const y = this.vectors[j + k];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
  }

  /**
   * The nearest words by cosine similarity to a word or vector, or to the
   * mean of the unit vectors of `positive` (weight +1) and `negative`
   * (weight -1), normalised: gensim's most_similar. The query's words are
   * never among the answers; ties go to the earlier (more frequent) word.
   * Throws for an unknown word.
   */
  mostSimilar(query: QueryTerm | MostSimilarQuery, options: MostSimilarOptions = {}): SimilarWord[] {
    const q = this.#resolve(query, this.#merge(query, options, SEARCH_RULES), 10, false);
    const mean = new Float64Array(this.dim);
    const add = (terms: readonly ResolvedTerm[], weight: number) => {
      for (const { vector } of terms) for (let k = 0; k < this.dim; k++) mean[k] += weight * vector[k];
    };
    add(q.positive, 1);
    add(q.negative, -1);
    let norm = 0;
    for (let k = 0; k < this.dim; k++) norm += mean[k] * mean[k];
    // A zero mean (say positive: [x], negative: [x]) scores every word 0.
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const target = new Float32Array(this.dim);
    for (let k = 0; k < this.dim; k++) target[k] = mean[k] * scale;
    const found = native().topK(this.#unitVectors(), this.dim, target, q.topK, q.limit, q.exclude);
    return this.#answers(found.indices, found.scores, found.indices.length);
  }

  /**
   * The best words by the multiplicative objective of Levy & Goldberg 2014
   * (gensim's most_similar_cosmul): the product of the shifted cosines
   * (cos + 1) / 2 with the positive terms, divided by the product of those
   * with the negative terms plus `epsilon`. Needs at least one positive term;
   * the query's words are never among the answers. Unlike gensim 4.2, which
   * ignores it here, `restrictVocab` limits the search.
   */
  mostSimilarCosMul(query: QueryTerm | CosMulQuery, options: CosMulOptions = {}): SimilarWord[] {
    const merged: CosMulQuery = this.#merge(query, options, COSMUL_RULES);
    const epsilon = merged.epsilon ?? 1e-6;
    const q = this.#resolve(query, merged, 10, true);
    const terms = new Float32Array((q.positive.length + q.negative.length) * this.dim);
    [...q.positive, ...q.negative].forEach((t, i) => terms.set(t.vector, i * this.dim));
    const found = native().topKCosMulBatch(
      this.#unitVectors(),
      this.dim,
      terms,
      q.positive.length,
      q.negative.length,
      q.topK,
      q.limit,
      [q.exclude],
      epsilon,
    );
    return this.#answers(found.indices, found.scores, found.counts[0]);
  }

  /**
   * "a is to b as c is to ?": the words x that best complete the analogy,
   * a, b and c excluded. '3CosAdd' is mostSimilar({ positive: [b, c],
   * negative: [a] }); '3CosMul' is mostSimilarCosMul with the same terms.
   * Throws for an unknown word.
   */
  analogy(a: string, b: string, c: string, options: AnalogyOptions = {}): SimilarWord[] {
    const { method = '3CosAdd', topK = 1, ...rest } = checkOptions(options, ANALOGY_RULES, { aliases: GENSIM_NAMES });
    for (const [name, word] of [
      ['a', a],
      ['b', b],
      ['c', c],
    ] as const) {
      if (typeof word !== 'string') throw invalidOptionError(name, 'word (string)', word, 'type');
    }
    const query = { positive: [b, c], negative: [a] };
    return method === '3CosAdd'
      ? this.mostSimilar(query, { topK, restrictVocab: rest.restrictVocab })
      : this.mostSimilarCosMul(query, { topK, restrictVocab: rest.restrictVocab, epsilon: rest.epsilon });
  }

  /**
   * Forgets the unit-normalised copy that queries use, so that the next
   * query normalises the matrix again: call it after changing `vectors` in
   * place (as gensim's fill_norms(force=True)).
   */
  refreshNorms(): void {
    this.#unit = undefined;
  }

  /**
   * Saves in the word2vec format: 'binary' (the default: header, then each
   * word, a space and dim little-endian float32) or 'text'. Written to a
   * temporary file in the same folder and renamed, so a failed save never
   * destroys the file that was there.
   */
  async save(file: string, options: SaveVectorsOptions = {}): Promise<void> {
    const target = filePathArgument('file', file);
    const { format = 'binary' } = checkOptions(options, SAVE_RULES);
    await withCallerStack(this.writeFile(target, format));
  }

  /**
   * @internal Writes the vectors to `file` on a worker thread, atomically;
   * rejects empty words and words holding whitespace, which the formats
   * cannot represent. A model's word vectors write straight from its native
   * vocabulary instead (lib/word2vec.ts).
   */
  protected writeFile(file: string, format: VectorsFormat): Promise<void> {
    return native().saveVectors(file, this.words, this.vectors, this.dim, format);
  }

  /**
   * Accuracy on an analogy file in the questions-words format, as gensim's
   * evaluate_word_analogies computes it: per section and overall, over the
   * first `restrictVocab` words (30,000 by default), case-insensitive.
   */
  evaluateAnalogies(file: string, options?: EvaluateAnalogiesOptions): Promise<AnalogyEvaluation> {
    return evaluateAnalogies(this, file, options);
  }

  /**
   * Spearman and Pearson correlation of cosine similarity with the human
   * scores of a word-pair file (WordSim353, SimLex-999), and the share of
   * pairs out of vocabulary, as gensim's evaluate_word_pairs computes them.
   */
  evaluateWordPairs(file: string, options?: EvaluateWordPairsOptions): Promise<WordPairsEvaluation> {
    return evaluateWordPairs(this, file, options);
  }

  #require(word: string): number {
    const i = this.#index.get(word);
    if (i === undefined) throw new Error(`The word '${word}' is not in the vocabulary`);
    return i;
  }

  // The query as one object, options checked by `rules`: a word or vector
  // is { positive: [it] }; the query's own options win over `options`.
  #merge(query: unknown, options: unknown, rules: Rules): CosMulQuery {
    const given = dropUndefined(checkOptions(options, rules, { aliases: GENSIM_NAMES }));
    if (typeof query === 'string' || query instanceof Float32Array) return { ...given, positive: [query] };
    if (isPlainObject(query)) {
      const own = dropUndefined(checkOptions(query, { ...TERM_RULES, ...rules }, { aliases: GENSIM_NAMES }));
      return { ...given, ...own } as CosMulQuery;
    }
    throw invalidOptionError('query', 'word, Float32Array or { positive, negative }', query, 'type');
  }

  // Checks the terms' shapes, then the words (#merge checked the options
  // first), so that a bad option is reported before an unknown word.
  #resolve(query: unknown, q: MostSimilarQuery, defaultTopK: number, needsPositive: boolean): ResolvedQuery {
    const topK = q.topK ?? defaultTopK;
    const restrict = q.restrictVocab;
    const positive = this.#checkTerms('positive', q.positive);
    const negative = this.#checkTerms('negative', q.negative);
    if (needsPositive ? positive.length === 0 : positive.length + negative.length === 0) {
      const expected = needsPositive ? 'at least one positive word' : 'at least one positive or negative word';
      throw invalidOptionError('query', expected, query);
    }
    // Rows first: an unknown word is reported before the matrix is normalised.
    const rowsOf = (terms: readonly QueryTerm[]) => terms.map((t) => (typeof t === 'string' ? this.#require(t) : -1));
    const positiveRows = rowsOf(positive);
    const negativeRows = rowsOf(negative);
    const resolve = (terms: readonly QueryTerm[], rows: readonly number[]): ResolvedTerm[] =>
      terms.map((t, i) =>
        t instanceof Float32Array
          ? { vector: t, row: undefined }
          : { vector: this.#unitVectors().subarray(rows[i] * this.dim, (rows[i] + 1) * this.dim), row: rows[i] },
      );
    return {
      positive: resolve(positive, positiveRows),
      negative: resolve(negative, negativeRows),
      topK,
      limit: Math.min(this.size, restrict ?? this.size),
      exclude: Uint32Array.from(new Set([...positiveRows, ...negativeRows].filter((r) => r >= 0))),
    };
  }

  // The terms of `positive` or `negative`, each a word or a vector of dim floats.
  #checkTerms(name: string, list: unknown): readonly QueryTerm[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw invalidOptionError(name, 'array of words or Float32Arrays', list, 'type');
    const expected = `word or Float32Array of ${this.dim} floats`;
    list.forEach((t: unknown, i) => {
      if (typeof t === 'string') return;
      if (!(t instanceof Float32Array)) throw invalidOptionError(`${name}[${i}]`, expected, t, 'type');
      if (t.length !== this.dim) throw invalidOptionError(`${name}[${i}]`, expected, t);
    });
    return list as readonly QueryTerm[];
  }

  #answers(indices: Uint32Array, scores: Float32Array, count: number): SimilarWord[] {
    const out: SimilarWord[] = [];
    for (let i = 0; i < count; i++) out.push({ word: this.words[indices[i]], similarity: scores[i] });
    return out;
  }

  // Unit-normalised copy in native memory, computed once on first use.
  #unitVectors(): Float32Array {
    this.#unit ??= native().normalizeRows(this.vectors, this.dim);
    return this.#unit;
  }
}

// The options that were given (checkOptions leaves the absent ones undefined).
function dropUndefined(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
