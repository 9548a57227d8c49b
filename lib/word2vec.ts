/**
 * A trained word2vec model: its vocabulary, its input vectors (the word
 * vectors) and its output vectors, all backed by native memory; saved and
 * loaded whole as checkpoints, and trained further in place.
 */
import { readCheckpoint, writeCheckpoint, type TrainingState } from './checkpoint';
import { invalidOptionError } from './errors';
import { checkOptions, filePathArgument } from './validate';
import { native, type NativeModelHandle, type NativeTrainingStats } from './native';
import {
  CONTINUED_OPTION_NAMES,
  optionRules,
  resolveTrainOptions,
  TRAIN_OPTION_NAMES,
  type Architecture,
  type ContinuedOptionName,
  type CorpusInput,
  type Loss,
  type ModelOptions,
  type ResolvedTrainOptions,
} from './options';
import { TrainingRun } from './training-run';
import { WordVectors } from './vectors';
import type { VectorsFormat } from './vectors-io';

export type { TrainingState } from './checkpoint';

/** The vocabulary of a model, in descending frequency. */
export interface Vocabulary {
  /** The words, the most frequent first. */
  readonly words: readonly string[];
  /** Each word's count in the corpus the vocabulary was built from. */
  readonly counts: Float64Array;
  /** How many words. */
  readonly size: number;
}

export type { ModelOptions } from './options';

/**
 * Options of Word2Vec.train: the corpus and the settings that may change
 * between runs. Everything else (architecture, loss, dim, window, negative,
 * sample, seed, ...) is the model's and cannot change.
 */
export interface ContinueTrainOptions {
  /** The text to train on, as for train(). Words not in the model's vocabulary are skipped. Required. */
  corpus: CorpusInput;
  /**
   * Epochs to train. Default: the epochs left in the model's schedule when it
   * is unfinished (and then at most those), else the model's `epochs`, over a
   * new schedule.
   */
  epochs?: number;
  /** The schedule's initial learning rate. Default the model's. */
  alpha?: number;
  /** The schedule's final learning rate, <= alpha. Default the model's (at most alpha). */
  minAlpha?: number;
  /** Worker threads. Default the model's (with 1, a resumed run repeats an uninterrupted one bit for bit). */
  threads?: number;
  /** Milliseconds between 'progress' events. Default the model's. */
  progressInterval?: number;
  /** Per-thread copies of the most frequent words' rows, as train()'s option. Default the model's. */
  hotRowBuffer?: number;
  /** Trains with rows on 64-byte cache lines, as train()'s option. Default the model's. */
  alignRows?: boolean;
  /** Aborts the run. The model keeps what it trained up to the abort. */
  signal?: AbortSignal;
  /** Saves a checkpoint at every epoch's end, as train()'s `checkpoint` option does. */
  checkpoint?: string;
}

// The schema says which options continued training takes; this fails to
// compile when ContinueTrainOptions and the schema disagree.
const SAME_NAMES: [keyof ContinueTrainOptions] extends [ContinuedOptionName]
  ? [ContinuedOptionName] extends [keyof ContinueTrainOptions]
    ? true
    : never
  : never = true;
void SAME_NAMES;
const CONTINUE_RULES = optionRules(CONTINUED_OPTION_NAMES);

/** A trained model. Returned by `await train(...)` and `await Word2Vec.load(path)`. */
export class Word2Vec {
  /** @internal the native model. */
  readonly handle: NativeModelHandle;
  #options: ModelOptions;
  #state: TrainingState;
  readonly #epochLosses: number[];
  #wordVectors: WordVectors | undefined;
  #vocabulary: Vocabulary | undefined;
  #training = false;
  #saving = 0;

  /** @internal models are made by train() and Word2Vec.load(). */
  constructor(handle: NativeModelHandle, options: ModelOptions, epochLosses: readonly number[], state: TrainingState) {
    this.handle = handle;
    this.#options = Object.freeze({ ...options });
    this.#epochLosses = [...epochLosses];
    this.#state = Object.freeze({ ...state });
  }

  /** The vocabulary, most frequent first. Made on first use: a million JS strings are not free. */
  get vocabulary(): Vocabulary {
    if (!this.#vocabulary) {
      const words = this.handle.words();
      this.#vocabulary = Object.freeze({ words, counts: this.handle.counts(), size: words.length });
    }
    return this.#vocabulary;
  }

  /**
   * Reads a checkpoint written by save() or by the `checkpoint` train option:
   * vocabulary, both matrices, options and training state. Rejects with an
   * Error naming the file when it is missing, not a checkpoint, truncated or
   * damaged (its size or checksum does not match). Reads off the JS thread.
   */
  static async load(file: string): Promise<Word2Vec> {
    const { handle, options, state } = await readCheckpoint(filePathArgument('path', file));
    return new Word2Vec(handle, options, [], state);
  }

  /** The settings the model was trained with (after continued training: the latest run's). */
  get options(): ModelOptions {
    return this.#options;
  }

  /** Where training stands: epochs done and the learning-rate schedule's counters. */
  get state(): TrainingState {
    return this.#state;
  }

  /** Mean loss of each epoch trained by this object, in order (a loaded model starts with none). */
  get epochLosses(): readonly number[] {
    return this.#epochLosses;
  }

  /** The architecture the model was trained with. */
  get architecture(): Architecture {
    return this.#options.architecture;
  }

  /** The loss the model was trained with. */
  get loss(): Loss {
    return this.#options.loss;
  }

  /** The dimension of the vectors. */
  get dim(): number {
    return this.handle.dim();
  }

  /**
   * The input (center) vectors: the word vectors people use. After a
   * continued run this is a new object (an older one still sees the new
   * values, but its cached normalised copy for similarities is stale).
   * Throws while the model trains: training lays the rows out in its own
   * way in the same memory, and they are readable again when the run ends.
   */
  get wordVectors(): WordVectors {
    this.#notTraining('read its vectors');
    if (!this.#wordVectors) {
      this.#wordVectors = new ModelWordVectors(this.handle, () => this.vocabulary.words);
    }
    return this.#wordVectors;
  }

  /**
   * The output vectors (the C tool's syn1neg for negative sampling and
   * softmax, one row per word; syn1 for hierarchical softmax, one row per
   * inner node of the Huffman tree), row after row.
   */
  get outputVectors(): Float32Array {
    this.#notTraining('read its vectors');
    return this.handle.output();
  }

  // Throws while a run trains this model: its matrices are in training's layout then.
  #notTraining(doing: string): void {
    if (this.#training) {
      throw new Error(`Cannot ${doing} while the model trains: await the run first`);
    }
  }

  /**
   * Writes a checkpoint: the options, the training state, the vocabulary and
   * both matrices, in a versioned, checksummed binary file (format in
   * binding/core/checkpoint.h). Atomic: the file is written under a temporary
   * name in the same folder and renamed, so a failed save leaves any previous
   * file intact. Writes off the JS thread. Rejects while the model trains.
   */
  async save(file: string): Promise<void> {
    const target = filePathArgument('path', file);
    if (this.#training) {
      throw new Error(
        `Cannot save the model to '${target}' while it trains: await the run first, ` +
          "or give the run a 'checkpoint' option",
      );
    }
    this.#saving++;
    try {
      await writeCheckpoint(this.handle, target, this.#options, this.#state);
    } finally {
      this.#saving--;
    }
  }

  /**
   * Trains this model further, in place, on `corpus` with the same
   * vocabulary (unknown words are skipped), and returns the run (awaitable,
   * with 'progress' and 'epoch' events; it resolves with this model).
   *
   * If the model's learning-rate schedule is unfinished (state.epochsDone <
   * state.epochsPlanned, as in a checkpoint saved mid-run) the run continues
   * it: the remaining epochs by default, from where the rate stood, with the
   * random streams of those epochs, so that with `threads: 1` the result is
   * bit for bit what the uninterrupted run would have given. Otherwise it
   * starts a new linear schedule from `alpha` over the new epochs (as
   * gensim's continued training does), sized as epochs x the corpus's
   * in-vocabulary words: a first pass counts them (progress reports it as
   * the 'vocabulary' phase), and the run rejects if there are none. Throws
   * synchronously on invalid options or while another run or a save of this
   * model is in progress.
   */
  train(options: ContinueTrainOptions): TrainingRun {
    if (this.#training || this.#saving > 0) {
      throw new Error(
        `This model is ${this.#training ? 'training' : 'being saved'}: wait for that to finish before training it`,
      );
    }
    const plan = planContinuation(this.#options, this.#state, options);
    const run = new TrainingRun(plan.resolved, {
      model: this.handle,
      scheduleDone: plan.scheduleDone,
      scheduleTotal: plan.scheduleTotal,
      epochsBefore: this.#state.epochsDone,
      epochsPlanned: plan.epochsPlanned,
      modelOptions: plan.modelOptions,
      settled: (final, losses) => this.#settled(plan, final, losses),
    });
    this.#training = true;
    // Registered before any caller's handler, so the flag is down when they run.
    run
      .finally(() => {
        this.#training = false;
      })
      .catch(() => undefined);
    return run;
  }

  // Records a continued run's outcome: it trained the matrices in place.
  #settled(plan: ContinuationPlan, final: NativeTrainingStats, losses: readonly number[]): Word2Vec {
    if (final.wordsTotal === 0) return this; // the run failed before training began
    this.#options = plan.modelOptions;
    this.#state = Object.freeze({
      epochsDone: this.#state.epochsDone + losses.length,
      epochsPlanned: plan.epochsPlanned,
      scheduleDone: final.wordsDone,
      scheduleTotal: final.wordsTotal,
    });
    this.#epochLosses.push(...losses);
    this.#wordVectors = undefined;
    return this;
  }
}

/** A model's input vectors, which save straight from its native vocabulary, without a JS string per word. */
class ModelWordVectors extends WordVectors {
  readonly #handle: NativeModelHandle;

  constructor(handle: NativeModelHandle, words: () => readonly string[]) {
    super(words, handle.input(), handle.dim());
    this.#handle = handle;
  }

  protected override writeFile(file: string, format: VectorsFormat): Promise<void> {
    return native().saveModelVectors(this.#handle, file, format);
  }
}

/** How a continued run trains, and what the model remembers after it. */
interface ContinuationPlan {
  resolved: ResolvedTrainOptions;
  scheduleDone: number;
  scheduleTotal: number;
  epochsPlanned: number;
  modelOptions: ModelOptions;
}

function planContinuation(model: ModelOptions, state: TrainingState, options: unknown): ContinuationPlan {
  const given = checkOptions(options, CONTINUE_RULES, {
    explain: (name) =>
      (TRAIN_OPTION_NAMES as readonly string[]).includes(name)
        ? `Option '${name}' belongs to the model and cannot change when training continues`
        : undefined,
  });
  const left = state.epochsPlanned - state.epochsDone;
  const unfinished = left > 0;
  const alpha = given.alpha ?? model.alpha;
  // Each continued option: the one given, else the model's.
  const stated = Object.entries(options ?? {}).filter(([, value]) => value !== undefined);
  const resolved = resolveTrainOptions({
    ...model,
    ...Object.fromEntries(stated),
    epochs: given.epochs ?? (unfinished ? left : model.epochs),
    // Clamped so that a lower alpha alone never clashes with the model's minAlpha.
    minAlpha: given.minAlpha ?? Math.min(model.minAlpha, alpha),
  });
  // What the model remembers of this run: its continued settings.
  const run = Object.fromEntries(
    CONTINUED_OPTION_NAMES.filter((name) => Object.hasOwn(model, name)).map((name) => [name, resolved[name]]),
  ) as Partial<ModelOptions>;
  if (unfinished) {
    if (resolved.epochs > left) {
      throw invalidOptionError(
        'epochs',
        `integer between 1 and ${left} (the epochs left in the model's unfinished schedule; ` +
          'finish it, then train again for a new schedule)',
        resolved.epochs,
        'range',
      );
    }
    return {
      resolved,
      scheduleDone: state.scheduleDone,
      scheduleTotal: state.scheduleTotal,
      epochsPlanned: state.epochsPlanned,
      // The schedule's length stays the model's.
      modelOptions: Object.freeze({ ...model, ...run, epochs: model.epochs }),
    };
  }
  return {
    resolved,
    scheduleDone: 0,
    scheduleTotal: 0, // the native job sizes it: epochs x the corpus's in-vocabulary words
    epochsPlanned: state.epochsDone + resolved.epochs,
    modelOptions: Object.freeze({ ...model, ...run, epochs: resolved.epochs }),
  };
}
