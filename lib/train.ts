/**
 * train(): validates the options and starts a training run of a new model
 * (lib/training-run.ts), which resolves with the trained Word2Vec.
 */
import { resolveTrainOptions, type TrainOptions } from './options';
import { TrainingRun } from './training-run';
import { Word2Vec } from './word2vec';

export { TrainingRun } from './training-run';
export type { EpochReport, TrainingProgress, TrainingRunEvents } from './training-run';

/** Starts training; see TrainOptions. Throws synchronously on invalid options. */
export function train(options: TrainOptions): TrainingRun {
  return new TrainingRun(resolveTrainOptions(options), (handle, modelOptions, losses, state) => {
    return new Word2Vec(handle, modelOptions, losses, state);
  });
}
