/**
 * A training run, of a new model or of one trained further: spools an
 * in-memory corpus to a temporary file, starts the native Hogwild trainer, turns its counters into
 * `progress` and `epoch` events, and settles with the trained Word2Vec.
 * A run is awaitable; `signal` (or `run.abort()`) stops every thread.
 */
import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';

import { checkCheckpointFolder, checkpointPlan, type TrainingState } from './checkpoint';
import { abortError, withCallerStack } from './errors';
import { native, type NativeModelHandle, type NativeTrainingJob, type NativeTrainingStats } from './native';
import { keptOptions, nativeSettings, type ModelOptions, type ResolvedTrainOptions } from './options';
import { spoolCorpus, type SpooledCorpus } from './spool';
// A type only: the model module imports this one, and train.ts makes new models.
import type { Word2Vec } from './word2vec';

/** A progress report, emitted every `progressInterval` ms and once at the end with fraction 1. */
export interface TrainingProgress {
  /** 'vocabulary' while counting words, then 'training'. */
  phase: 'vocabulary' | 'training';
  /** The epoch running, 1-based (0 while counting). */
  epoch: number;
  /** How many epochs the run trains. */
  epochs: number;
  /** In-vocabulary words processed so far, over all epochs (before subsampling). */
  wordsDone: number;
  /** In-vocabulary words the run will process: epochs x the vocabulary's total count. */
  wordsTotal: number;
  /** wordsDone / wordsTotal, from 0 to 1. */
  fraction: number;
  /** The learning rate now. */
  alpha: number;
  /** Mean loss per step (a skip-gram pair, a CBOW center) over the running epoch. */
  loss: number;
  /** Corpus tokens read per wall-clock second (every token, known or not). */
  tokensPerSecond: number;
  /** Corpus tokens read so far. */
  tokensRead: number;
  /** Words kept after subsampling, that is the centers actually trained. */
  wordsTrained: number;
  /** wordsTrained per wall-clock second. */
  trainedWordsPerSecond: number;
  /** Corpus bytes counted so far in the vocabulary pass, and their total. */
  bytesCounted: number;
  bytesTotal: number;
  /** Time since the run started. */
  elapsedMs: number;
  /** Estimated time left (NaN until it can be estimated). */
  etaMs: number;
}

/** Emitted at the end of each epoch. */
export interface EpochReport {
  /** The epoch of this run, 1-based. */
  epoch: number;
  /** The epoch over the model's life, 1-based: earlier runs' epochs count (a checkpoint's "{epoch}"). */
  modelEpoch: number;
  /** The epoch's mean loss per step. */
  loss: number;
  /** Steps trained in the epoch: one a (context, center) pair for skip-gram, one a center for CBOW. */
  steps: number;
  /** Words kept after subsampling in the epoch (the centers trained). */
  wordsTrained: number;
}

/** The events of a TrainingRun. */
export interface TrainingRunEvents {
  progress: [TrainingProgress];
  epoch: [EpochReport];
}

/** Where a continued run starts, and how it hands back its result (internal to Word2Vec.train). */
export interface ContinueFrom {
  model: NativeModelHandle;
  scheduleDone: number;
  scheduleTotal: number;
  /** Epochs the model trained before this run (they seed the run's random streams). */
  epochsBefore: number;
  /** The life epoch at which the run's schedule ends (for checkpoints). */
  epochsPlanned: number;
  /** The options the model will remember (for checkpoints). */
  modelOptions: ModelOptions;
  /**
   * Called once the native job has settled, resolved or not, with its final
   * counters and the losses of the epochs it completed; returns the model the
   * run resolves with.
   */
  settled(final: NativeTrainingStats, epochLosses: readonly number[]): Word2Vec;
}

/** How a run on a new model makes its Word2Vec once the job succeeded (internal to train()). */
export type CreateModel = (
  handle: NativeModelHandle,
  options: ModelOptions,
  epochLosses: readonly number[],
  state: TrainingState,
) => Word2Vec;

/** A running training job: an EventEmitter you can await for its Word2Vec. */
export class TrainingRun extends EventEmitter<TrainingRunEvents> implements PromiseLike<Word2Vec> {
  readonly #result: Promise<Word2Vec>;
  #job: NativeTrainingJob | undefined;
  #abortRequested = false;
  // Stops spooling an iterable corpus on run.abort() as well as on the caller's signal.
  readonly #stop = new AbortController();

  /** @internal use train() or Word2Vec.train(): a new model, or one trained further. */
  constructor(options: ResolvedTrainOptions, target: CreateModel | ContinueFrom) {
    super();
    this.#result = this.#run(options, target);
    // Rejections reach whoever awaits the run; an unawaited run never crashes the process.
    this.#result.catch(() => undefined);
  }

  /** Stops the run: it rejects with an AbortError. */
  abort(): void {
    this.#abortRequested = true;
    this.#stop.abort();
    this.#job?.abort();
  }

  // biome-ignore lint/suspicious/noThenProperty: a training run is awaitable by design (`await train(...)`, README.md "Train")
  then<T = Word2Vec, E = never>(
    onfulfilled?: ((value: Word2Vec) => T | PromiseLike<T>) | null,
    onrejected?: ((reason: unknown) => E | PromiseLike<E>) | null,
  ): Promise<T | E> {
    return this.#result.then(onfulfilled, onrejected);
  }

  /** As Promise.prototype.catch. */
  catch<E = never>(onrejected?: ((reason: unknown) => E | PromiseLike<E>) | null): Promise<Word2Vec | E> {
    return this.#result.catch(onrejected);
  }

  /** As Promise.prototype.finally. */
  finally(onfinally?: (() => void) | null): Promise<Word2Vec> {
    return this.#result.finally(onfinally);
  }

  async #run(options: ResolvedTrainOptions, target: CreateModel | ContinueFrom): Promise<Word2Vec> {
    // Let the caller attach listeners before anything is emitted.
    await Promise.resolve();
    const { signal } = options;
    const onAbort = () => this.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let spooled: SpooledCorpus | undefined;
    try {
      if (signal?.aborted || this.#abortRequested) throw abortError(signal?.reason);
      let files: string[];
      if (options.corpus.kind === 'files') {
        files = options.corpus.paths;
        await Promise.all(files.map(checkCorpusFile));
      } else {
        const stopSpooling = signal ? AbortSignal.any([signal, this.#stop.signal]) : this.#stop.signal;
        spooled = await spoolCorpus(options.corpus.source, stopSpooling);
        files = [spooled.path];
      }
      if (options.checkpoint !== undefined) await checkCheckpointFolder(options.checkpoint);
      if (signal?.aborted || this.#abortRequested) throw abortError(signal?.reason);
      return await this.#train(options, files, target);
    } catch (err) {
      if (signal?.aborted || this.#abortRequested || (err as Error)?.name === 'AbortError') {
        throw abortError(signal?.reason);
      }
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await spooled?.dispose();
    }
  }

  async #train(options: ResolvedTrainOptions, files: string[], target: CreateModel | ContinueFrom): Promise<Word2Vec> {
    const from = typeof target === 'function' ? undefined : target;
    const modelOptions: ModelOptions = from?.modelOptions ?? keptOptions(options);
    const job = new (native().TrainingJob)(
      {
        ...nativeSettings(options),
        scheduleDone: from?.scheduleDone ?? 0,
        scheduleTotal: from?.scheduleTotal ?? 0,
        epochsBefore: from?.epochsBefore ?? 0,
        checkpoint: checkpointPlan(options.checkpoint, modelOptions, from?.epochsPlanned ?? options.epochs),
      },
      files,
      from?.model,
    );
    this.#job = job;
    if (this.#abortRequested) job.abort();
    const started = performance.now();
    const epochLosses: number[] = [];
    const scheduleStart = from?.scheduleDone ?? 0;
    const report = (stats: NativeTrainingStats, final: boolean) => {
      for (const e of stats.epochs) {
        epochLosses.push(e.loss);
        this.emit('epoch', { ...e, modelEpoch: (from?.epochsBefore ?? 0) + e.epoch });
      }
      // A tick between the job finishing and its promise settling sees 'finished':
      // the final report (or the rejection) follows, and an aborted count never trained.
      if (!final && stats.phase === 'finished') return;
      this.emit('progress', toProgress(stats, options.epochs, scheduleStart, performance.now() - started, final));
    };
    const timer = setInterval(() => report(job.stats(), false), options.progressInterval);
    try {
      const handle = await withCallerStack(job.start());
      const last = job.stats();
      report(last, true);
      if (from) return from.settled(last, epochLosses);
      const state: TrainingState = {
        epochsDone: options.epochs,
        epochsPlanned: options.epochs,
        scheduleDone: last.wordsDone,
        scheduleTotal: last.wordsTotal,
      };
      return (target as CreateModel)(handle, modelOptions, epochLosses, state);
    } catch (err) {
      if (from) {
        // The model was trained in place up to here: let it record how far.
        const last = job.stats();
        for (const e of last.epochs) epochLosses.push(e.loss);
        from.settled(last, epochLosses);
      }
      throw err;
    } finally {
      clearInterval(timer);
    }
  }
}

function toProgress(
  s: NativeTrainingStats,
  epochs: number,
  scheduleStart: number,
  elapsedMs: number,
  final: boolean,
): TrainingProgress {
  const wordsTotal = Math.max(0, s.wordsTotal - scheduleStart);
  const wordsDone = final ? wordsTotal : Math.min(wordsTotal, Math.max(0, s.wordsDone - scheduleStart));
  const fraction = final ? 1 : wordsTotal > 0 ? wordsDone / wordsTotal : 0;
  const seconds = elapsedMs / 1000;
  return {
    phase: s.phase === 'vocabulary' ? 'vocabulary' : 'training',
    epoch: final ? epochs : s.epoch,
    epochs,
    wordsDone,
    wordsTotal,
    fraction,
    alpha: s.alpha,
    loss: s.loss,
    tokensPerSecond: seconds > 0 ? s.tokensRead / seconds : 0,
    tokensRead: s.tokensRead,
    wordsTrained: s.wordsTrained,
    trainedWordsPerSecond: seconds > 0 ? s.wordsTrained / seconds : 0,
    bytesCounted: s.bytesCounted,
    bytesTotal: s.bytesTotal,
    elapsedMs,
    etaMs: final ? 0 : fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : Number.NaN,
  };
}

async function checkCorpusFile(file: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `Cannot read corpus file '${file}': no such file`
        : `Cannot read corpus file '${file}': ${(err as Error).message}`,
    );
  }
  if (info.isDirectory()) throw new Error(`Expected a corpus file but '${file}' is a directory`);
  if (!info.isFile()) throw new Error(`Expected a regular corpus file but '${file}' is not one`);
}
