/**
 * The training options: one schema row per option (its rule, default,
 * whether a model keeps it, whether continued training may change it,
 * whether the native trainer reads it, its command-line flag and a one-line
 * doc). Validation, defaults, the options of continued training, the
 * checkpoint keys, the native config, the CLI flags and `--help`, and the
 * reference trainer's defaults all derive from it. Everything is checked
 * before any native work starts (README.md, "Train", says what a mistake
 * reports).
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';

import { invalidOptionError } from './errors';
import { boolean, checkOptions, custom, filePath, finite, integer, oneOf, type Rule } from './validate';

/** Which word predicts which: skip-gram (a word predicts its context) or CBOW (the context predicts the word). */
export type Architecture = 'skip-gram' | 'cbow';

/** The output layer: negative sampling, hierarchical softmax (Huffman tree) or the full softmax. */
export type Loss = 'negative-sampling' | 'hierarchical-softmax' | 'softmax';

/**
 * What to train on: a path, several paths (read in order, whitespace-separated
 * tokens, one sentence a line), or an (async) iterable of token arrays, one
 * array a sentence. A string is always a path, never an iterable of characters.
 */
export type CorpusInput = string | readonly string[] | Iterable<readonly string[]> | AsyncIterable<readonly string[]>;

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
  /**
   * Skip-gram with negative sampling only: every context word of a center
   * shares the center's negatives, and the window is computed as small matrix
   * products from the rows as they stand before it (HogBatch, Ji et al. 2016),
   * so each output row is read and written once per window rather than once
   * per pair. A different update order, not a different objective; false is
   * the per-pair order of the C tool and gensim. bench/README.md has its
   * quality gate and its speed. Default true.
   */
  sharedNegatives?: boolean;
  /**
   * Exactly 2 threads (negative sampling or hierarchical softmax): each
   * thread keeps its own copy of this many hottest rows of each matrix (the
   * input rows of the most frequent words; the output rows of the most
   * frequent words, or of the top of the Huffman tree, which nearly every
   * path visits) and adds its changes to the shared rows every 4,096 words,
   * so the threads stop taking turns owning those cache lines. One thread, and 3 or more, train without it: more
   * threads training the same rows on their own copies at once would move
   * them too far (docs/training.md gives the argument). Costs 32 x dim bytes
   * a row, both threads together (with alignRows, dim rounded up to 16).
   * Integer 0..65536; 0 turns it off. Default 1024.
   */
  hotRowBuffer?: number;
  /**
   * Trains with each row of the two matrices on its own 64-byte cache lines
   * (rows padded to a multiple of 16 floats), laid out in place within the
   * matrices' own memory and packed back when the run ends (and before each
   * checkpoint): vector loads and stores never straddle two lines. The same
   * results, and no second copy of the matrices; costs the padding while
   * training (12% of the matrices at dim 100, 1.3% at dim 300, none when dim
   * is a multiple of 16). With false, training updates the dense rows.
   * Default true.
   */
  alignRows?: boolean;
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

/**
 * How an option appears on the `hogvec train` command line. The flag is the
 * option's name in kebab case (minCount: --min-count).
 */
export interface CliFlag {
  /** Other spellings, dashes included (the word2vec C tool's: '-size'). */
  readonly aliases?: readonly string[];
  /** The value's placeholder in --help ('N'); booleans take none. */
  readonly value?: string;
  /** The default as --help says it, where the row's default alone would mislead. */
  readonly defaultText?: string;
}

/** One row of the option schema. */
export interface OptionRow<T> {
  /** Type and range (lib/validate.ts). */
  readonly rule: Rule<T>;
  /** The value when the option is absent; undefined for none. */
  readonly default: T | undefined;
  /** A trained model keeps it: one of Word2Vec.options, a checkpoint key. */
  readonly kept: boolean;
  /** Word2Vec.train may set it; the other kept options belong to the model. */
  readonly continued: boolean;
  /** The native trainer reads it (the native config). */
  readonly native: boolean;
  /** Its `hogvec train` flag, or null for none. Required, so that no option lacks a flag by oversight. */
  readonly flag: CliFlag | null;
  /** One line for --help. */
  readonly doc: string;
}

type Schema = { readonly [K in keyof TrainOptions]-?: OptionRow<NonNullable<ResolvedTrainOptions[K]>> };

/** Default learning rate for CBOW (skip-gram uses DEFAULTS.alpha), as in the C tool. */
export const CBOW_DEFAULT_ALPHA = 0.05;

// Computed once at load; clamped because the valid range is 1..1024.
const DEFAULT_THREADS = Math.min(1024, Math.max(1, availableParallelism()));

const CORPUS_EXPECTED = 'path, non-empty array of paths, or (async) iterable of token arrays';

/** Every training option, in documentation order. */
export const TRAIN_SCHEMA = {
  corpus: {
    rule: custom(CORPUS_EXPECTED, (_name, value) => resolveCorpus(value)),
    default: undefined,
    kept: false,
    continued: true,
    native: false,
    flag: null,
    doc: 'the text to train on',
  },
  architecture: {
    rule: oneOf(['skip-gram', 'cbow']),
    default: 'skip-gram',
    kept: true,
    continued: false,
    native: true,
    flag: { value: 'A' },
    doc: 'which word predicts which',
  },
  loss: {
    rule: oneOf(['negative-sampling', 'hierarchical-softmax', 'softmax']),
    default: 'negative-sampling',
    kept: true,
    continued: false,
    native: true,
    flag: { value: 'L' },
    doc: 'the output layer',
  },
  dim: {
    rule: integer(1, 10_000),
    default: 100,
    kept: true,
    continued: false,
    native: true,
    flag: { aliases: ['-size'], value: 'N' },
    doc: 'vector size',
  },
  window: {
    rule: integer(1, 1000),
    default: 5,
    kept: true,
    continued: false,
    native: true,
    flag: { aliases: ['-window'], value: 'N' },
    doc: 'largest distance to a context word',
  },
  negative: {
    rule: integer(1, 1000),
    default: 5,
    kept: true,
    continued: false,
    native: true,
    flag: { aliases: ['-negative'], value: 'N' },
    doc: 'negative samples per positive one',
  },
  epochs: {
    rule: integer(1, 100_000),
    default: 5,
    kept: true,
    continued: true,
    native: true,
    flag: { aliases: ['-iter'], value: 'N' },
    doc: 'passes over the corpus',
  },
  minCount: {
    rule: integer(1, 2 ** 31 - 1),
    default: 5,
    kept: true,
    continued: false,
    native: true,
    flag: { aliases: ['-min-count'], value: 'N' },
    doc: 'drop words seen fewer times',
  },
  maxVocabSize: {
    rule: integer(1000, 2 ** 31 - 1),
    default: 10_000_000,
    kept: true,
    continued: false,
    native: true,
    flag: { value: 'N' },
    doc: 'bound on the counting table (the rarest words are pruned)',
  },
  sample: {
    rule: finite({ min: 0, max: 1, maxExclusive: true }),
    default: 1e-3,
    kept: true,
    continued: false,
    native: true,
    flag: { aliases: ['-sample'], value: 'T' },
    doc: 'subsampling threshold, 0 for none',
  },
  alpha: {
    rule: finite({ min: 0, minExclusive: true, max: 10 }),
    default: 0.025,
    kept: true,
    continued: true,
    native: true,
    flag: { aliases: ['-alpha'], value: 'A', defaultText: `0.025, cbow ${CBOW_DEFAULT_ALPHA}` },
    doc: 'initial learning rate',
  },
  minAlpha: {
    // Also at most alpha: checked with alpha (modelSettings).
    rule: finite({ min: 0, max: 10 }),
    default: 0.0001,
    kept: true,
    continued: true,
    native: true,
    flag: { value: 'A' },
    doc: 'final learning rate',
  },
  threads: {
    rule: integer(1, 1024),
    default: DEFAULT_THREADS,
    kept: true,
    continued: true,
    native: true,
    flag: { aliases: ['-threads'], value: 'N', defaultText: `every CPU, here ${DEFAULT_THREADS}` },
    doc: 'worker threads',
  },
  seed: {
    rule: integer(0, 2 ** 32 - 1),
    default: 1,
    kept: true,
    continued: false,
    native: true,
    flag: { value: 'N' },
    doc: 'random seed',
  },
  progressInterval: {
    rule: integer(10, 3_600_000),
    default: 250,
    kept: true,
    continued: true,
    native: false,
    flag: { value: 'MS' },
    doc: 'milliseconds between progress reports',
  },
  signal: {
    rule: custom('AbortSignal', abortSignal),
    default: undefined,
    kept: false,
    continued: true,
    native: false,
    flag: null,
    doc: 'aborts the run',
  },
  checkpoint: {
    rule: filePath(),
    default: undefined,
    kept: false,
    continued: true,
    native: false,
    flag: { value: 'FILE' },
    doc: "save the whole model at every epoch's end ({epoch} in the name keeps one file an epoch)",
  },
  nsExponent: {
    rule: finite({ min: -10, max: 10 }),
    default: 0.75,
    kept: true,
    continued: false,
    native: true,
    flag: { value: 'X' },
    doc: 'exponent of the negative-sampling distribution',
  },
  cbowMean: {
    rule: boolean(),
    default: true,
    kept: true,
    continued: false,
    native: true,
    flag: {},
    doc: 'CBOW averages the context vectors, or with --no-cbow-mean sums them',
  },
  sharedNegatives: {
    rule: boolean(),
    default: true,
    kept: true,
    continued: false,
    native: true,
    flag: {},
    doc: "skip-gram negatives shared across a center's window, or with --no-shared-negatives per pair (the C tool's)",
  },
  hotRowBuffer: {
    rule: integer(0, 65_536),
    default: 1024,
    kept: true,
    continued: true,
    native: true,
    flag: { value: 'N' },
    doc: 'with 2 threads, copies of the input and output rows of the N most frequent words kept per thread (0: off)',
  },
  alignRows: {
    rule: boolean(),
    default: true,
    kept: true,
    continued: true,
    native: true,
    flag: {},
    doc: 'train with each row on 64-byte cache lines (padded in place), or with --no-align-rows on the dense rows',
  },
} as const satisfies Schema;

type SchemaRows = typeof TRAIN_SCHEMA;
type NamesWhere<F extends 'kept' | 'continued' | 'native'> = {
  [K in keyof SchemaRows]: SchemaRows[K][F] extends true ? K : never;
}[keyof SchemaRows];

/** The options a trained model keeps (Word2Vec.options, the keys of a checkpoint). */
export type KeptOptionName = NamesWhere<'kept'>;
/** The options Word2Vec.train accepts. */
export type ContinuedOptionName = NamesWhere<'continued'>;
/** The options the native trainer reads. */
export type NativeOptionName = NamesWhere<'native'>;

/**
 * The training settings a model remembers (everything but the corpus, the
 * signal and the checkpoint path). `epochs` is the length of the model's
 * current learning-rate schedule.
 */
export type ModelOptions = Pick<ResolvedTrainOptions, KeptOptionName>;

/** The options as the native trainer reads them (binding/addon/training_job.cpp readConfig). */
export type NativeSettings = Pick<ResolvedTrainOptions, NativeOptionName>;

function namesWhere<N extends keyof TrainOptions>(keep: (row: OptionRow<unknown>) => boolean): readonly N[] {
  return Object.freeze((Object.keys(TRAIN_SCHEMA) as N[]).filter((name) => keep(TRAIN_SCHEMA[name])));
}

/** Every valid option name of TrainOptions, in documentation order. */
export const TRAIN_OPTION_NAMES: readonly (keyof TrainOptions)[] = namesWhere(() => true);
/** The options a model keeps, in schema order: the keys of a checkpoint's options section. */
export const KEPT_OPTION_NAMES: readonly KeptOptionName[] = namesWhere((row) => row.kept);
/** The options of Word2Vec.train. */
export const CONTINUED_OPTION_NAMES: readonly ContinuedOptionName[] = namesWhere((row) => row.continued);
/** The options of the native config. */
export const NATIVE_OPTION_NAMES: readonly NativeOptionName[] = namesWhere((row) => row.native);

/** The default of every option that has one. `alpha` is the skip-gram default; see CBOW_DEFAULT_ALPHA. */
export const DEFAULTS: Readonly<ModelOptions> = Object.freeze(
  Object.fromEntries(KEPT_OPTION_NAMES.map((name) => [name, TRAIN_SCHEMA[name].default])) as unknown as ModelOptions,
);

/** The rules of some options, for a function that takes only those (the reference trainer, Word2Vec.train). */
export function optionRules<N extends keyof TrainOptions>(
  names: readonly N[],
): { readonly [K in N]: SchemaRows[K]['rule'] } {
  return Object.fromEntries(names.map((name) => [name, TRAIN_SCHEMA[name].rule])) as {
    [K in N]: SchemaRows[K]['rule'];
  };
}

const TRAIN_RULES = optionRules(TRAIN_OPTION_NAMES);

// Names users bring from gensim and the C tool that edit distance would not catch.
const ALIASES: Readonly<Record<string, keyof TrainOptions>> = {
  size: 'dim',
  vectorsize: 'dim',
  iter: 'epochs',
  workers: 'threads',
  sg: 'architecture',
  hs: 'loss',
  lr: 'alpha',
  ws: 'window',
  neg: 'negative',
  t: 'sample',
};

/**
 * Validates training options and fills in defaults. Throws a TypeError (wrong
 * type, unknown option name) or a RangeError (value out of range) naming the
 * option. Does not touch the file system: paths are only resolved here.
 */
export function resolveTrainOptions(options: unknown): ResolvedTrainOptions {
  const given = checkOptions(options, TRAIN_RULES, { aliases: ALIASES });
  if (given.corpus === undefined) throw invalidOptionError('corpus', CORPUS_EXPECTED, undefined, 'type');
  return Object.freeze({
    corpus: given.corpus,
    ...modelSettings(given),
    signal: given.signal,
    checkpoint: given.checkpoint,
  });
}

/**
 * The kept options with defaults filled in, from options already checked by
 * their rules: alpha defaults by architecture, minAlpha to at most alpha, and
 * minAlpha must not exceed alpha.
 */
export function modelSettings(given: { readonly [K in KeptOptionName]?: ModelOptions[K] | undefined }): ModelOptions {
  const settings: Record<string, unknown> = {};
  for (const name of KEPT_OPTION_NAMES) settings[name] = given[name] ?? DEFAULTS[name];
  const alpha = given.alpha ?? (settings.architecture === 'cbow' ? CBOW_DEFAULT_ALPHA : DEFAULTS.alpha);
  // Clamped so that a small explicit alpha never clashes with the default minAlpha.
  const minAlpha = given.minAlpha ?? Math.min(DEFAULTS.minAlpha, alpha);
  if (minAlpha > alpha) {
    throw invalidOptionError('minAlpha', `finite number >= 0 and <= alpha (${alpha})`, minAlpha, 'range');
  }
  return Object.freeze({ ...settings, alpha, minAlpha }) as ModelOptions;
}

/** What a model keeps of a run's options (ModelOptions). */
export function keptOptions(options: ResolvedTrainOptions): ModelOptions {
  return Object.freeze(
    Object.fromEntries(KEPT_OPTION_NAMES.map((name) => [name, options[name]])),
  ) as unknown as ModelOptions;
}

/** The native trainer's share of resolved options: the one conversion to the native config. */
export function nativeSettings(options: ModelOptions): NativeSettings {
  return Object.fromEntries(NATIVE_OPTION_NAMES.map((name) => [name, options[name]])) as unknown as NativeSettings;
}

function abortSignal(name: string, value: unknown): AbortSignal {
  if (value instanceof AbortSignal) return value;
  // Duck typing admits signals from other realms and polyfills.
  const v = value as { aborted?: unknown; addEventListener?: unknown } | null;
  if (
    typeof v === 'object' &&
    v !== null &&
    typeof v.aborted === 'boolean' &&
    typeof v.addEventListener === 'function'
  ) {
    return value as AbortSignal;
  }
  throw invalidOptionError(name, 'AbortSignal', value, 'type');
}

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
