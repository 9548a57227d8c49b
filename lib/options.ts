/**
 * Training options: their types, defaults and validation. Everything is
 * checked here, before any native work starts, so a typo or a bad value fails
 * fast with an Error naming the option (see design.md, "Errors").
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { invalidOptionError } from './errors';
import { closestName } from './suggest';

/** Which word predicts which: skip-gram (a word predicts its context) or CBOW (the context predicts the word). */
export type Architecture = 'skip-gram' | 'cbow';

/** The output layer: negative sampling, hierarchical softmax (Huffman tree) or the full softmax. */
export type Loss = 'negative-sampling' | 'hierarchical-softmax' | 'softmax';

/**
 * What to train on: a path, several paths (read in order, whitespace-separated
 * tokens, one sentence a line), or an (async) iterable of token arrays, one
 * array a sentence. A string is always a path, never an iterable of characters.
 */
export type CorpusInput =
  | string
  | readonly string[]
  | Iterable<readonly string[]>
  | AsyncIterable<readonly string[]>;

/** Options for a training run. Only `corpus` is required; `undefined` means the default. */
export interface TrainOptions {
  /** The text to train on: a path, paths, or an (async) iterable of sentences as token arrays. Required. */
  corpus: CorpusInput;
  /** 'skip-gram' or 'cbow'. Default 'skip-gram'. */
  architecture?: Architecture;
  /** 'negative-sampling', 'hierarchical-softmax' or 'softmax'. Default 'negative-sampling'. */
  loss?: Loss;
  /** Dimensionality of the word vectors, an integer from 1 to 10000. Default 100. */
  dim?: number;
  /**
   * Largest distance between the center word and a context word (each
   * position's effective window is drawn from 1..window, as in word2vec).
   * Integer 1..1000. Default 5.
   */
  window?: number;
  /** Negative samples per positive example; used only by 'negative-sampling'. Integer 1..1000. Default 5. */
  negative?: number;
  /** Passes over the corpus. Integer 1..100000. Default 5. */
  epochs?: number;
  /** Words seen fewer times than this are dropped from the vocabulary. Integer 1..2^31-1. Default 5. */
  minCount?: number;
  /**
   * Bound on the word-counting table, an integer from 1000 to 2^31-1. When it
   * fills, the rarest words are pruned (as word2vec's ReduceVocab does), so
   * counts of rare words may be undercounted. Default (undefined) 10,000,000.
   */
  maxVocabSize?: number | undefined;
  /** Threshold for subsampling frequent words, >= 0 and < 1; 0 disables subsampling. Default 1e-3. */
  sample?: number;
  /** Initial learning rate, > 0 and <= 10. Default 0.025 for skip-gram, 0.05 for cbow (as the C tool does). */
  alpha?: number;
  /** Learning rate at the end of training (it decays linearly from alpha), >= 0 and <= alpha. Default 0.0001. */
  minAlpha?: number;
  /** Worker threads (Hogwild SGD), an integer from 1 to 1024. Default os.availableParallelism(). */
  threads?: number;
  /**
   * Seed for initial weights, negative draws and subsampling; an integer
   * 0..4294967295. With threads 1 a run is repeatable bit for bit. Default 1.
   */
  seed?: number;
  /** Milliseconds between 'progress' events, an integer from 10 to 3600000. Default 250. */
  progressInterval?: number;
  /** Aborts the run when it fires; the run then rejects with an AbortError. Default none. */
  signal?: AbortSignal;
  /**
   * Saves a checkpoint (as Word2Vec.save does) at the end of every epoch, to
   * this path. Every "{epoch}" in it becomes the epoch's number, counted over
   * the model's life, for one file an epoch ('model-{epoch}.hogvec');
   * without it the one file is replaced each epoch. Written atomically while
   * the threads wait at the epoch's end; if writing fails, the run rejects.
   * Not remembered by the model. Default none.
   */
  checkpoint?: string;
  /** Exponent applied to word counts for the negative-sampling distribution, between -10 and 10. Default 0.75. */
  nsExponent?: number;
  /** CBOW hidden layer: true averages the context vectors, false sums them. Default true. */
  cbowMean?: boolean;
}

/** The corpus after validation: resolved file paths, or the caller's iterable as given. */
export type ResolvedCorpus =
  | { readonly kind: 'files'; readonly paths: string[] }
  | {
      readonly kind: 'iterable';
      readonly source: Iterable<readonly string[]> | AsyncIterable<readonly string[]>;
    };

/** Validated options with every default filled in (signal stays undefined when none was given). */
export type ResolvedTrainOptions = Readonly<
  Required<Omit<TrainOptions, 'corpus' | 'signal' | 'maxVocabSize' | 'checkpoint'>> & {
    corpus: ResolvedCorpus;
    maxVocabSize: number;
    signal: AbortSignal | undefined;
    /** An absolute path, or undefined. */
    checkpoint: string | undefined;
  }
>;

/** Default learning rate for CBOW (skip-gram uses DEFAULTS.alpha), as in the C tool. */
export const CBOW_DEFAULT_ALPHA = 0.05;

/** The default of every option that has one. `alpha` is the skip-gram default; see CBOW_DEFAULT_ALPHA. */
export const DEFAULTS: Readonly<Omit<ResolvedTrainOptions, 'corpus' | 'signal' | 'checkpoint'>> = Object.freeze({
  architecture: 'skip-gram',
  loss: 'negative-sampling',
  dim: 100,
  window: 5,
  negative: 5,
  epochs: 5,
  minCount: 5,
  maxVocabSize: 10_000_000,
  sample: 1e-3,
  alpha: 0.025,
  minAlpha: 0.0001,
  // Computed once at load; clamped because the valid range is 1..1024.
  threads: Math.min(1024, Math.max(1, availableParallelism())),
  seed: 1,
  progressInterval: 250,
  nsExponent: 0.75,
  cbowMean: true,
});

// A Record keyed by the option names makes the compiler reject a missing or extra name.
const NAME_TABLE: Record<keyof TrainOptions, true> = {
  corpus: true, architecture: true, loss: true, dim: true, window: true, negative: true,
  epochs: true, minCount: true, maxVocabSize: true, sample: true, alpha: true, minAlpha: true,
  threads: true, seed: true, progressInterval: true, signal: true, checkpoint: true, nsExponent: true,
  cbowMean: true,
};

/** Every valid option name of TrainOptions, in documentation order. */
export const TRAIN_OPTION_NAMES: readonly (keyof TrainOptions)[] = Object.freeze(
  Object.keys(NAME_TABLE) as (keyof TrainOptions)[],
);

const ARCHITECTURES: readonly Architecture[] = ['skip-gram', 'cbow'];
const LOSSES: readonly Loss[] = ['negative-sampling', 'hierarchical-softmax', 'softmax'];

// Names users bring from gensim and the C tool that edit distance would not catch.
const ALIASES: Readonly<Record<string, keyof TrainOptions>> = {
  size: 'dim', vectorsize: 'dim', iter: 'epochs', workers: 'threads', sg: 'architecture',
  hs: 'loss', lr: 'alpha', ws: 'window', neg: 'negative', t: 'sample',
};

/**
 * Validates training options and fills in defaults. Throws a TypeError (wrong
 * type, unknown option name) or a RangeError (value out of range) naming the
 * option. Does not touch the file system: paths are only resolved here.
 */
export function resolveTrainOptions(options: unknown): ResolvedTrainOptions {
  if (!isPlainObject(options)) {
    throw invalidOptionError('options', 'plain object', options, 'type');
  }
  rejectUnknownNames(options);
  const o = options as Record<keyof TrainOptions, unknown>;

  const architecture = oneOf('architecture', o.architecture, ARCHITECTURES, DEFAULTS.architecture);
  const defaultAlpha = architecture === 'cbow' ? CBOW_DEFAULT_ALPHA : DEFAULTS.alpha;
  const alpha = finite('alpha', o.alpha, defaultAlpha, 'finite number > 0 and <= 10',
    (x) => x > 0 && x <= 10);
  // Clamped so that a small explicit alpha never clashes with the default minAlpha.
  const minAlpha = finite(
    'minAlpha',
    o.minAlpha,
    Math.min(DEFAULTS.minAlpha, alpha),
    `finite number >= 0 and <= alpha (${alpha})`,
    (x) => x >= 0 && x <= alpha,
  );

  return Object.freeze({
    corpus: resolveCorpus(o.corpus),
    architecture,
    loss: oneOf('loss', o.loss, LOSSES, DEFAULTS.loss),
    dim: integer('dim', o.dim, DEFAULTS.dim, 1, 10_000),
    window: integer('window', o.window, DEFAULTS.window, 1, 1000),
    negative: integer('negative', o.negative, DEFAULTS.negative, 1, 1000),
    epochs: integer('epochs', o.epochs, DEFAULTS.epochs, 1, 100_000),
    minCount: integer('minCount', o.minCount, DEFAULTS.minCount, 1, 2 ** 31 - 1),
    maxVocabSize: integer('maxVocabSize', o.maxVocabSize, DEFAULTS.maxVocabSize, 1000, 2 ** 31 - 1),
    sample: finite('sample', o.sample, DEFAULTS.sample, 'finite number >= 0 and < 1', (x) => x >= 0 && x < 1),
    alpha,
    minAlpha,
    threads: integer('threads', o.threads, DEFAULTS.threads, 1, 1024),
    seed: integer('seed', o.seed, DEFAULTS.seed, 0, 2 ** 32 - 1),
    progressInterval: integer('progressInterval', o.progressInterval, DEFAULTS.progressInterval,
      10, 3_600_000),
    signal: abortSignal(o.signal),
    checkpoint: checkpointPath(o.checkpoint),
    nsExponent: finite('nsExponent', o.nsExponent, DEFAULTS.nsExponent, 'finite number between -10 and 10',
      (x) => x >= -10 && x <= 10),
    cbowMean: boolean('cbowMean', o.cbowMean, DEFAULTS.cbowMean),
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function rejectUnknownNames(options: Record<string, unknown>): void {
  const unknown = Object.keys(options).filter((name) => !Object.hasOwn(NAME_TABLE, name));
  if (unknown.length === 0) return;
  const described = unknown.map((name) => {
    const guess = suggestName(name);
    return guess ? `'${name}' (did you mean '${guess}'?)` : `'${name}'`;
  });
  throw new TypeError(
    `Unknown option${unknown.length > 1 ? 's' : ''} ${described.join(', ')}; ` +
      `valid options are: ${TRAIN_OPTION_NAMES.join(', ')}`,
  );
}

/** The valid name closest to a misspelt one (case, '_' and '-' ignored), if any is close. */
function suggestName(name: string): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  if (Object.hasOwn(ALIASES, norm(name))) return ALIASES[norm(name)];
  return closestName(name, TRAIN_OPTION_NAMES, norm);
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const expected = `integer between ${min} and ${max}`;
  if (typeof value !== 'number') throw invalidOptionError(name, expected, value, 'type');
  // NaN and 1.5 have the right type but no valid value: RangeError, as Node does.
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidOptionError(name, expected, value, 'range');
  }
  return value;
}

function finite(
  name: string,
  value: unknown,
  fallback: number,
  expected: string,
  inRange: (x: number) => boolean,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw invalidOptionError(name, expected, value, 'type');
  if (!Number.isFinite(value) || !inRange(value)) throw invalidOptionError(name, expected, value, 'range');
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const expected = `one of ${allowed.map((a) => `'${a}'`).join(', ')}`;
  if (typeof value !== 'string') throw invalidOptionError(name, expected, value, 'type');
  if (!(allowed as readonly string[]).includes(value)) throw invalidOptionError(name, expected, value, 'range');
  return value as T;
}

function boolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOptionError(name, 'boolean', value, 'type');
  return value;
}

function abortSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (value instanceof AbortSignal) return value;
  // Duck typing admits signals from other realms and polyfills.
  const v = value as { aborted?: unknown; addEventListener?: unknown } | null;
  if (
    typeof v === 'object' && v !== null &&
    typeof v.aborted === 'boolean' && typeof v.addEventListener === 'function'
  ) {
    return value as AbortSignal;
  }
  throw invalidOptionError('signal', 'AbortSignal', value, 'type');
}

function checkpointPath(value: unknown): string | undefined {
  return value === undefined ? undefined : filePathArgument('checkpoint', value);
}

/** A file path argument checked and made absolute (`name` is its name in errors). */
export function filePathArgument(name: string, value: unknown): string {
  const expected = 'non-empty string (a file path)';
  if (typeof value !== 'string') throw invalidOptionError(name, expected, value, 'type');
  if (value === '' || value.includes('\0')) throw invalidOptionError(name, expected, value, 'range');
  return path.resolve(value);
}

const CORPUS_EXPECTED = 'path, non-empty array of paths, or (async) iterable of token arrays';

function resolveCorpus(value: unknown): ResolvedCorpus {
  if (typeof value === 'string') {
    if (value === '') throw invalidOptionError('corpus', CORPUS_EXPECTED, value, 'type');
    return Object.freeze({ kind: 'files', paths: [path.resolve(value)] });
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalidOptionError('corpus', CORPUS_EXPECTED, value, 'type');
    // An array of strings is a list of paths; an array of arrays is in-memory
    // sentences, whose tokens are checked as they are read, like any iterable's.
    if (typeof value[0] === 'string') {
      const paths = value.map((p: unknown, i) => {
        if (typeof p !== 'string' || p === '') {
          throw invalidOptionError(`corpus[${i}]`, 'non-empty string (a path)', p, 'type');
        }
        return path.resolve(p);
      });
      return Object.freeze({ kind: 'files', paths });
    }
    if (!Array.isArray(value[0])) {
      throw invalidOptionError('corpus[0]', 'path or token array', value[0], 'type');
    }
  }
  if (typeof value === 'object' && value !== null) {
    const v = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
    if (typeof v[Symbol.iterator] === 'function' || typeof v[Symbol.asyncIterator] === 'function') {
      return Object.freeze({
        kind: 'iterable',
        source: value as Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
      });
    }
  }
  throw invalidOptionError('corpus', CORPUS_EXPECTED, value, 'type');
}
