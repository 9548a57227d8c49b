/**
 * A trained word2vec model: its vocabulary, its input vectors (the word
 * vectors) and its output vectors, all backed by native memory.
 */
import type { Architecture, Loss, ResolvedTrainOptions } from './options';
import type { NativeModelHandle } from './native';
import { WordVectors } from './vectors';

/** The vocabulary of a model, in descending frequency. */
export interface Vocabulary {
  /** The words, the most frequent first. */
  readonly words: readonly string[];
  /** Each word's count in the corpus the vocabulary was built from. */
  readonly counts: Float64Array;
  /** How many words. */
  readonly size: number;
}

/** The training settings a model remembers (everything but the corpus and signal). */
export type ModelOptions = Omit<ResolvedTrainOptions, 'corpus' | 'signal'>;

/** A trained model. Returned by `await train(...)`. */
export class Word2Vec {
  /** The vocabulary, most frequent first. */
  readonly vocabulary: Vocabulary;
  /** The settings the model was trained with. */
  readonly options: ModelOptions;
  /** Mean loss of each epoch, in order. */
  readonly epochLosses: readonly number[];
  /** @internal the native model. */
  readonly handle: NativeModelHandle;
  #wordVectors: WordVectors | undefined;

  /** @internal models are made by train() and Word2Vec.load(). */
  constructor(handle: NativeModelHandle, options: ModelOptions, epochLosses: readonly number[]) {
    this.handle = handle;
    this.options = options;
    this.epochLosses = epochLosses;
    const words = handle.words();
    this.vocabulary = Object.freeze({ words, counts: handle.counts(), size: words.length });
  }

  /** The architecture the model was trained with. */
  get architecture(): Architecture {
    return this.options.architecture;
  }

  /** The loss the model was trained with. */
  get loss(): Loss {
    return this.options.loss;
  }

  /** The dimension of the vectors. */
  get dim(): number {
    return this.handle.dim();
  }

  /** The input (center) vectors: the word vectors people use. */
  get wordVectors(): WordVectors {
    this.#wordVectors ??= new WordVectors(this.vocabulary.words, this.handle.input(), this.dim);
    return this.#wordVectors;
  }

  /**
   * The output vectors (the C tool's syn1neg for negative sampling and
   * softmax, one row per word; syn1 for hierarchical softmax, one row per
   * inner node of the Huffman tree), row after row.
   */
  get outputVectors(): Float32Array {
    return this.handle.output();
  }
}
