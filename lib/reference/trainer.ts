/**
 * The reference trainer: docs/training.md to the letter, with one thread and
 * every parameter in double. With `threads: 1` and the same options, the
 * native trainer (binding/core/trainer.cpp, in float) must end within float
 * rounding of it: same vocabulary, same random draws in the same order, same
 * updates in the same order.
 */
import { readFileSync } from 'node:fs';
import { CorpusVocabulary, SENTENCE_END, VocabularyCounter, tokenizeCorpus } from './corpus';
import { huffmanTree } from './huffman';
import { matrix, row } from './matrix';
import { Random, hashWord, streamSeed, trainingStreamSeed } from './random';
import { NegativeSampler, subsamplingKeepProbabilities } from './sampling';
import { hierarchicalSoftmaxStep, negativeSamplingStep, softmaxStep } from './trainer-steps';

/** Options of {@link referenceTrain}; the defaults are the native trainer's. */
export interface ReferenceTrainOptions {
  /** Path of the corpus file (read whole: the reference is for small corpora). */
  corpus: string;
  /** 'skip-gram' (default) or 'cbow'. */
  architecture?: 'skip-gram' | 'cbow';
  /** 'negative-sampling' (default), 'hierarchical-softmax' or 'softmax'. */
  loss?: 'negative-sampling' | 'hierarchical-softmax' | 'softmax';
  /** Vector dimension, default 100. */
  dim?: number;
  /** Largest window radius; each position draws its radius from 1..window. Default 5. */
  window?: number;
  /** Negatives per pair (negative sampling only), default 5. */
  negative?: number;
  /** Passes over the corpus, default 5. */
  epochs?: number;
  /** Minimum count of a vocabulary word, default 5. */
  minCount?: number;
  /** Bound of the counting table (pruned as word2vec's ReduceVocab), default 10,000,000. */
  maxVocabSize?: number;
  /** Subsampling threshold, default 1e-3; 0 keeps every word. */
  sample?: number;
  /** Initial learning rate, default 0.025 (skip-gram) or 0.05 (CBOW). */
  alpha?: number;
  /** Final learning rate, default min(1e-4, alpha). */
  minAlpha?: number;
  /** Exponent of the negative-sampling distribution, default 0.75. */
  nsExponent?: number;
  /** CBOW hidden vector: mean (true, default) or sum of the context rows. */
  cbowMean?: boolean;
  /** Unsigned 32-bit seed, default 1. */
  seed?: number;
}

/** What {@link referenceTrain} returns. */
export interface ReferenceTrainResult {
  /** The vocabulary in training order (count descending, ties by bytes). */
  words: string[];
  /** Each word's corpus count. */
  counts: number[];
  /** Input (word) vectors, words.length x dim, row-major. */
  input: Float64Array;
  /** Output vectors: one row per word, or per inner Huffman node (words.length - 1) for hierarchical softmax. */
  output: Float64Array;
  /** Per epoch, the mean loss per pair (skip-gram) or per center word (CBOW). */
  epochLosses: number[];
}

/** Tokens read before a sentence piece is cut (trainer.h's kMaxSentenceTokens). */
export const MAX_SENTENCE_TOKENS = 10_000;


function integerOption(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `Expected integer between ${min} and ${max} for ${name} but received ${String(value)} of type ${typeof value}`,
    );
  }
  return value;
}

function numberOption(
  name: string,
  value: unknown,
  fallback: number,
  expected: string,
  ok: (x: number) => boolean,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new RangeError(`Expected ${expected} for ${name} but received ${String(value)} of type ${typeof value}`);
  }
  return value;
}

function resolve(options: ReferenceTrainOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected an options object for referenceTrain but received ${String(options)}`);
  }
  if (typeof options.corpus !== 'string' || options.corpus === '') {
    throw new TypeError(`Expected a file path for corpus but received ${String(options.corpus)}`);
  }
  const architecture = options.architecture ?? 'skip-gram';
  if (architecture !== 'skip-gram' && architecture !== 'cbow') {
    throw new RangeError(`Expected 'skip-gram' or 'cbow' for architecture but received ${String(architecture)}`);
  }
  const loss = options.loss ?? 'negative-sampling';
  if (loss !== 'negative-sampling' && loss !== 'hierarchical-softmax' && loss !== 'softmax') {
    throw new RangeError(
      `Expected 'negative-sampling', 'hierarchical-softmax' or 'softmax' for loss but received ${String(loss)}`,
    );
  }
  const alpha = numberOption('alpha', options.alpha, architecture === 'cbow' ? 0.05 : 0.025,
    'finite number > 0 and <= 10', (x) => x > 0 && x <= 10);
  const cbowMean = options.cbowMean ?? true;
  if (typeof cbowMean !== 'boolean') {
    throw new TypeError(`Expected a boolean for cbowMean but received ${String(cbowMean)}`);
  }
  return {
    corpus: options.corpus,
    architecture,
    loss,
    dim: integerOption('dim', options.dim, 100, 1, 10_000),
    window: integerOption('window', options.window, 5, 1, 1000),
    negative: integerOption('negative', options.negative, 5, 1, 1000),
    epochs: integerOption('epochs', options.epochs, 5, 1, 100_000),
    minCount: integerOption('minCount', options.minCount, 5, 1, 2 ** 31 - 1),
    maxVocabSize: integerOption('maxVocabSize', options.maxVocabSize, 10_000_000, 1, 2 ** 31 - 1),
    sample: numberOption('sample', options.sample, 1e-3, 'finite number >= 0 and < 1', (x) => x >= 0 && x < 1),
    alpha,
    minAlpha: numberOption('minAlpha', options.minAlpha, Math.min(1e-4, alpha),
      `finite number >= 0 and <= alpha (${alpha})`, (x) => x >= 0 && x <= alpha),
    nsExponent: numberOption('nsExponent', options.nsExponent, 0.75, 'finite number between -10 and 10',
      (x) => x >= -10 && x <= 10),
    cbowMean,
    seed: integerOption('seed', options.seed, 1, 0, 2 ** 32 - 1),
  } as const;
}

/** Token ids of the corpus stream: a word index, or one of these. */
const OUT_OF_VOCABULARY = -1;
const END_OF_SENTENCE = -2;

/**
 * Trains word2vec on a corpus file exactly as docs/training.md describes it
 * for one thread, in double precision, and returns both matrices.
 *
 * Skip-gram uses the C tool's orientation (the context word's input row
 * predicts the center word); CBOW gives every context row the full dJ/dh.
 * Synchronous; meant for small corpora and for checking the native trainer.
 *
 * @throws Error if the corpus cannot be read, an option is invalid, or the
 *   vocabulary has fewer than 2 words.
 */
export function referenceTrain(options: ReferenceTrainOptions): ReferenceTrainResult {
  const o = resolve(options);
  let bytes: Buffer;
  try {
    bytes = readFileSync(o.corpus);
  } catch (err) {
    throw new Error(`Cannot read corpus file '${o.corpus}': ${err instanceof Error ? err.message : String(err)}`);
  }

  // Vocabulary.
  const tokens = tokenizeCorpus(bytes);
  const counter = new VocabularyCounter(o.maxVocabSize);
  for (const token of tokens) if (token !== SENTENCE_END) counter.add(token);
  const vocab = new CorpusVocabulary(counter, o.minCount);
  const V = vocab.size;
  if (V === 0) {
    throw new Error(
      `The vocabulary of corpus file '${o.corpus}' is empty: no word occurs at least minCount (${o.minCount}) times`,
    );
  }
  if (V < 2) {
    throw new Error(
      `The vocabulary of corpus file '${o.corpus}' has only 1 word ('${vocab.words[0]}'); training needs at least 2 (lower minCount?)`,
    );
  }
  const stream = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    stream[i] = token === SENTENCE_END ? END_OF_SENTENCE : Math.max(OUT_OF_VOCABULARY, vocab.find(token));
  }

  // Parameters: input rows from each word's own stream, rounded to float; output rows zero.
  const dim = o.dim;
  const input = matrix(V, dim);
  for (let w = 0; w < V; w++) {
    const rng = new Random(streamSeed(o.seed, hashWord(vocab.bytes[w])));
    const r = row(input, w);
    for (let d = 0; d < dim; d++) r[d] = Math.fround((rng.uniform() - 0.5) / dim);
  }
  const hs = o.loss === 'hierarchical-softmax';
  const output = matrix(hs ? V - 1 : V, dim);

  // Tables.
  const tree = hs ? huffmanTree(vocab.counts) : undefined;
  const sampler = o.loss === 'negative-sampling' ? new NegativeSampler(vocab.counts, o.nsExponent) : undefined;
  const keep = subsamplingKeepProbabilities(vocab.counts, o.sample);

  // Reseeded at each epoch (see below): thread 0's stream for that epoch.
  let rng = new Random(trainingStreamSeed(o.seed, 1, 0));
  const total = o.epochs * vocab.totalCount;
  let done = 0;
  let alphaT = o.alpha;
  const hidden = new Float64Array(dim);
  const gradHidden = new Float64Array(dim);
  const negatives = new Uint32Array(o.negative);
  const scores = new Float64Array(o.loss === 'softmax' ? V : 0);
  const sentence: number[] = [];
  let epochLoss = 0;
  let epochPairs = 0;

  // One (hidden vector, target) pair: draws the negatives, runs the loss with
  // immediate output-row updates, and accumulates dJ/dh into gradHidden.
  const pairLoss = (h: Float64Array, target: number): number => {
    gradHidden.fill(0);
    if (sampler) {
      for (let k = 0; k < negatives.length; k++) negatives[k] = sampler.drawExcept(rng, target);
      return negativeSamplingStep(h, output, target, negatives, alphaT, gradHidden);
    }
    if (tree) return hierarchicalSoftmaxStep(h, output, tree.paths[target], tree.codes[target], alphaT, gradHidden);
    return softmaxStep(h, output, target, alphaT, gradHidden, scores);
  };

  const trainSentence = (): void => {
    const n = sentence.length;
    for (let i = 0; i < n; i++) {
      const span = o.window - rng.below(o.window);
      const from = Math.max(0, i - span);
      const to = Math.min(n - 1, i + span);
      if (o.architecture === 'skip-gram') {
        for (let j = from; j <= to; j++) {
          if (j === i) continue;
          const h = row(input, sentence[j]);
          epochLoss += pairLoss(h, sentence[i]);
          epochPairs++;
          for (let d = 0; d < dim; d++) h[d] -= alphaT * gradHidden[d];
        }
      } else {
        if (to === from) continue; // no context
        hidden.fill(0);
        let count = 0;
        for (let j = from; j <= to; j++) {
          if (j === i) continue;
          const c = row(input, sentence[j]);
          for (let d = 0; d < dim; d++) hidden[d] += c[d];
          count++;
        }
        if (o.cbowMean) {
          const scale = 1 / count;
          for (let d = 0; d < dim; d++) hidden[d] *= scale;
        }
        epochLoss += pairLoss(hidden, sentence[i]);
        epochPairs++;
        for (let j = from; j <= to; j++) {
          if (j === i) continue;
          const c = row(input, sentence[j]);
          for (let d = 0; d < dim; d++) c[d] -= alphaT * gradHidden[d];
        }
      }
    }
  };

  const epochLosses: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    rng = new Random(trainingStreamSeed(o.seed, epoch, 0));
    epochLoss = 0;
    epochPairs = 0;
    let position = 0;
    let more = true;
    while (more) {
      // Read one sentence piece: up to a newline, the end, or MAX_SENTENCE_TOKENS tokens read.
      sentence.length = 0;
      let read = 0;
      let inVocabulary = 0;
      while (read < MAX_SENTENCE_TOKENS) {
        if (position >= stream.length) {
          more = false;
          break;
        }
        const id = stream[position++];
        if (id === END_OF_SENTENCE) break;
        read++;
        if (id === OUT_OF_VOCABULARY) continue;
        inVocabulary++;
        if (o.sample > 0 && rng.uniform() >= keep[id]) continue;
        sentence.push(id);
      }
      // The piece trains at the rate of the words done before it.
      const before = done;
      done += inVocabulary;
      const fraction = total > 0 ? before / total : 1;
      alphaT = Math.max(o.minAlpha, o.alpha - (o.alpha - o.minAlpha) * fraction);
      trainSentence();
    }
    epochLosses.push(epochPairs > 0 ? epochLoss / epochPairs : 0);
  }

  return { words: vocab.words, counts: vocab.counts, input: input.data, output: output.data, epochLosses };
}
