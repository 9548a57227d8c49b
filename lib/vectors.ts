/**
 * Word vectors: lookup, cosine similarity and nearest neighbours with
 * gensim's semantics, and the word2vec text/binary formats for saving.
 * Vectors are Float32Array views over one matrix (native memory when they
 * come from training), never copies.
 */
import { invalidOptionError } from './errors';
import { saveVectors, type SaveVectorsOptions } from './vectors-io';

/** One answer of a nearest-neighbour query. */
export interface SimilarWord {
  word: string;
  similarity: number;
}

/** Options of mostSimilar. */
export interface MostSimilarOptions {
  /** How many answers (default 10). */
  topK?: number;
  /** Search only the first N words (the most frequent ones), as gensim's restrict_vocab. */
  restrictVocab?: number;
}

/** A query of words to add and words to subtract, as gensim's most_similar. */
export interface MostSimilarQuery extends MostSimilarOptions {
  positive?: readonly string[];
  negative?: readonly string[];
}


/** A vocabulary of words, each with a vector of `dim` floats. */
export class WordVectors {
  /** Every vector, row after row (size x dim). */
  readonly vectors: Float32Array;
  /** The words, in row order (the most frequent first when trained by hogvec). */
  readonly words: readonly string[];
  /** The dimension of each vector. */
  readonly dim: number;
  readonly #index = new Map<string, number>();
  #unit: Float32Array | undefined;

  constructor(words: readonly string[], vectors: Float32Array, dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw invalidOptionError('dim', 'integer >= 1', dim);
    if (vectors.length !== words.length * dim) {
      throw new RangeError(`Expected ${words.length} x ${dim} values but the matrix holds ${vectors.length}`);
    }
    this.words = words;
    this.vectors = vectors;
    this.dim = dim;
    words.forEach((w, i) => {
      if (!this.#index.has(w)) this.#index.set(w, i);
    });
  }

  /** How many words. */
  get size(): number {
    return this.words.length;
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

  /** Cosine similarity of two words. Throws for an unknown word. */
  similarity(a: string, b: string): number {
    const unit = this.#unitVectors();
    const i = this.#require(a) * this.dim;
    const j = this.#require(b) * this.dim;
    let s = 0;
    for (let k = 0; k < this.dim; k++) s += unit[i + k] * unit[j + k];
    return s;
  }

  /**
   * The nearest words by cosine similarity to a word, or to the mean of the
   * unit vectors of `positive` minus those of `negative` (gensim's
   * most_similar). The query words are never among the answers.
   */
  mostSimilar(query: string | MostSimilarQuery, options: MostSimilarOptions = {}): SimilarWord[] {
    const q: MostSimilarQuery = typeof query === 'string' ? { positive: [query], ...options } : { ...options, ...query };
    const positive = q.positive ?? [];
    const negative = q.negative ?? [];
    if (positive.length + negative.length === 0) throw new TypeError('mostSimilar needs at least one word');
    const topK = q.topK ?? 10;
    if (!Number.isInteger(topK) || topK < 1) throw invalidOptionError('topK', 'integer >= 1', topK);
    const limit = Math.min(this.size, q.restrictVocab ?? this.size);
    const unit = this.#unitVectors();
    const target = new Float64Array(this.dim);
    const exclude = new Set<number>();
    const add = (word: string, weight: number) => {
      const i = this.#require(word);
      exclude.add(i);
      for (let k = 0; k < this.dim; k++) target[k] += weight * unit[i * this.dim + k];
    };
    positive.forEach((w) => add(w, 1));
    negative.forEach((w) => add(w, -1));
    let norm = 0;
    for (let k = 0; k < this.dim; k++) norm += target[k] * target[k];
    norm = Math.sqrt(norm) || 1;
    const best: SimilarWord[] = [];
    for (let i = 0; i < limit; i++) {
      if (exclude.has(i)) continue;
      let s = 0;
      const row = i * this.dim;
      for (let k = 0; k < this.dim; k++) s += unit[row + k] * target[k];
      s /= norm;
      if (best.length < topK || s > best[best.length - 1].similarity) {
        best.push({ word: this.words[i], similarity: s });
        best.sort((x, y) => y.similarity - x.similarity);
        if (best.length > topK) best.pop();
      }
    }
    return best;
  }

  /**
   * Saves in the word2vec format: 'binary' (the default: header, then each
   * word, a space and dim little-endian float32) or 'text'. Written to a
   * temporary file in the same folder and renamed, so a failed save never
   * destroys the file that was there.
   */
  async save(file: string, options: SaveVectorsOptions = {}): Promise<void> {
    await saveVectors(this, file, options);
  }

  #require(word: string): number {
    const i = this.#index.get(word);
    if (i === undefined) throw new Error(`The word '${word}' is not in the vocabulary`);
    return i;
  }

  // Unit-normalised copy, computed once on first use.
  #unitVectors(): Float32Array {
    if (this.#unit) return this.#unit;
    const unit = new Float32Array(this.vectors.length);
    for (let i = 0; i < this.size; i++) {
      const row = i * this.dim;
      let norm = 0;
      for (let k = 0; k < this.dim; k++) norm += this.vectors[row + k] ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < this.dim; k++) unit[row + k] = this.vectors[row + k] * scale;
    }
    this.#unit = unit;
    return unit;
  }
}
