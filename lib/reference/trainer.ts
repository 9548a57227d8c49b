/**
 * The reference trainer: docs/training.md to the letter, with one thread and
 * every parameter in double. With `threads: 1` and the same options, the
 * native trainer (binding/core/training_thread.cpp, in float) must end within float
 * rounding of it: same vocabulary, same random draws in the same order, same
 * updates in the same order.
 */
import { readFileSync } from 'node:fs';

import { invalidOptionError } from '../errors';
import { modelSettings, optionRules, type ModelOptions, type TrainOptions } from '../options';
import { checkOptions, filePath } from '../validate';
import { CorpusVocabulary, SENTENCE_END, VocabularyCounter, tokenizeCorpus } from './corpus';
import { huffmanTree } from './huffman';
import { matrix, row } from './matrix';
import { Random, hashWord, negativeStreamSeed, streamSeed, trainingStreamSeed } from './random';
import { NegativeSampler, subsamplingKeepProbabilities } from './sampling';
import { hierarchicalSoftmaxStep, negativeSamplingStep, sharedNegativesStep, softmaxStep } from './trainer-steps';

/** The train() options the reference trainer takes; the rest (threads, signal, ...) are the native run's. */
export type ReferenceOptionName =
  | 'architecture'
  | 'loss'
  | 'dim'
  | 'window'
  | 'negative'
  | 'epochs'
  | 'minCount'
  | 'maxVocabSize'
  | 'sample'
  | 'alpha'
  | 'minAlpha'
  | 'nsExponent'
  | 'cbowMean'
  | 'sharedNegatives'
  | 'hotRowBuffer'
  | 'alignRows'
  | 'seed';

const REFERENCE_OPTION_NAMES: readonly ReferenceOptionName[] = [
  'architecture',
  'loss',
  'dim',
  'window',
  'negative',
  'epochs',
  'minCount',
  'maxVocabSize',
  'sample',
  'alpha',
  'minAlpha',
  'nsExponent',
  'cbowMean',
  'sharedNegatives',
  'hotRowBuffer',
  'alignRows',
  'seed',
];

/**
 * Options of {@link referenceTrain}: train()'s, with its rules and defaults
 * (lib/options.ts), and the corpus as one file path (read whole: the
 * reference is for small corpora).
 */
export type ReferenceTrainOptions = Pick<TrainOptions, ReferenceOptionName> & { corpus: string };

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

/** Tokens read before a sentence piece is cut (sentence_source.h's kMaxSentenceTokens). */
export const MAX_SENTENCE_TOKENS = 10_000;

const REFERENCE_RULES = { corpus: filePath(), ...optionRules(REFERENCE_OPTION_NAMES) };

/** @internal The reference trainer's options checked and with defaults filled in, as train() does it. */
export function resolveReferenceOptions(
  options: ReferenceTrainOptions,
): Pick<ModelOptions, ReferenceOptionName> & { corpus: string } {
  const given = checkOptions(options, REFERENCE_RULES);
  if (given.corpus === undefined)
    throw invalidOptionError('corpus', REFERENCE_RULES.corpus.expected, undefined, 'type');
  const settings = modelSettings(given);
  return {
    corpus: given.corpus,
    ...Object.fromEntries(REFERENCE_OPTION_NAMES.map((name) => [name, settings[name]])),
  } as Pick<ModelOptions, ReferenceOptionName> & { corpus: string };
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
 * `hotRowBuffer` changes nothing here: the native trainer keeps no buffer
 * with one thread. Nor does `alignRows`, which only
 * moves the rows the native trainer works on.
 * Synchronous; meant for small corpora and for checking the native trainer.
 *
 * @throws Error if the corpus cannot be read, an option is invalid, or the
 *   vocabulary has fewer than 2 words.
 */
export function referenceTrain(options: ReferenceTrainOptions): ReferenceTrainResult {
  const o = resolveReferenceOptions(options);
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
      `The vocabulary of corpus file '${o.corpus}' has only 1 word ('${vocab.words[0]}'); ` +
        'training needs at least 2 (lower minCount?)',
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
  // Negatives come from a stream of their own.
  let negativeRng = new Random(negativeStreamSeed(o.seed, 1, 0));
  const total = o.epochs * vocab.totalCount;
  let done = 0;
  let alphaT = o.alpha;
  const hidden = new Float64Array(dim);
  const gradHidden = new Float64Array(dim);
  const negatives = new Uint32Array(o.negative);
  const scores = new Float64Array(o.loss === 'softmax' ? V : 0);
  const sentence: number[] = [];
  const contexts: number[] = [];
  let epochLoss = 0;
  let epochPairs = 0;

  // One (hidden vector, target) pair: draws the negatives, runs the loss with
  // immediate output-row updates, and accumulates dJ/dh into gradHidden.
  const pairLoss = (h: Float64Array, target: number): number => {
    gradHidden.fill(0);
    if (sampler) {
      for (let k = 0; k < negatives.length; k++) negatives[k] = sampler.drawExcept(negativeRng, target);
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
      if (o.architecture === 'skip-gram' && sampler && o.sharedNegatives) {
        contexts.length = 0;
        for (let j = from; j <= to; j++) if (j !== i) contexts.push(sentence[j]);
        if (contexts.length === 0) continue;
        for (let k = 0; k < negatives.length; k++) negatives[k] = sampler.drawExcept(negativeRng, sentence[i]);
        epochLoss += sharedNegativesStep(input, output, contexts, sentence[i], negatives, alphaT);
        epochPairs += contexts.length;
      } else if (o.architecture === 'skip-gram') {
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
    negativeRng = new Random(negativeStreamSeed(o.seed, epoch, 0));
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
