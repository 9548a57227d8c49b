/**
 * Checkpoints (the format is documented in binding/core/checkpoint.h): the
 * JS side of saving and loading a whole model. The native addon writes and
 * reads the file off the JS thread and checks its structure and checksum;
 * this module owns the options section (JSON of the model's options), which
 * it writes with a fixed set of keys and validates on load with the same
 * rules as train().
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';

import { withCallerStack } from './errors';
import { native, type NativeCheckpointPlan, type NativeModelHandle } from './native';
import { KEPT_OPTION_NAMES, keptOptions, resolveTrainOptions, type ModelOptions } from './options';

/**
 * Where a model's training stands. Epochs count over the model's life: the
 * epoch number seeds each epoch's random streams (docs/training.md), so a run
 * resumed from a checkpoint draws what an uninterrupted run would have.
 */
export interface TrainingState {
  /** Epochs trained so far, over the model's life. */
  readonly epochsDone: number;
  /**
   * The life epoch at which the current learning-rate schedule ends; while
   * epochsDone < epochsPlanned the schedule is unfinished and
   * Word2Vec.train continues it.
   */
  readonly epochsPlanned: number;
  /** The schedule's counter: in-vocabulary words processed in the current schedule. */
  readonly scheduleDone: number;
  /** Words the current schedule runs over (its epochs x the vocabulary's total count). */
  readonly scheduleTotal: number;
}

/** A checkpoint as read back. */
export interface LoadedCheckpoint {
  handle: NativeModelHandle;
  options: ModelOptions;
  state: TrainingState;
}

// The keys of the options section, in the order they are written: the options a model keeps.
const OPTION_KEYS = KEPT_OPTION_NAMES;

/** The options section of a checkpoint: JSON of the model's options, keys in a fixed order. */
export function serializeOptions(options: ModelOptions): string {
  return JSON.stringify(Object.fromEntries(OPTION_KEYS.map((key) => [key, options[key]])));
}

/**
 * The model's options from a checkpoint's options section, validated as
 * train() validates them and checked against the matrices' dim and loss.
 * Throws an Error naming the file.
 */
export function parseOptions(json: string, file: string, handle: NativeModelHandle): ModelOptions {
  let options: ModelOptions;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    const given = parsed as Record<string, unknown>;
    const missing = OPTION_KEYS.filter((key) => given[key] === undefined);
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
    // Only the known keys: a later version may store more.
    const known = Object.fromEntries(OPTION_KEYS.map((key) => [key, given[key]]));
    options = keptOptions(resolveTrainOptions({ ...known, corpus: file }));
  } catch (err) {
    throw new Error(`Checkpoint '${file}' holds invalid options: ${(err as Error).message}`);
  }
  if (options.dim !== handle.dim() || options.loss !== handle.loss()) {
    throw new Error(
      `Checkpoint '${file}' is corrupt: its options say dim ${options.dim} and loss '${options.loss}' ` +
        `but its matrices are dim ${handle.dim()} for loss '${handle.loss()}'`,
    );
  }
  return options;
}

/** Writes a checkpoint of the model (atomically, off the JS thread). */
export async function writeCheckpoint(
  handle: NativeModelHandle,
  file: string,
  options: ModelOptions,
  state: TrainingState,
): Promise<void> {
  await withCallerStack(native().saveCheckpoint(handle, file, serializeOptions(options), { ...state }));
}

/** Reads and verifies a checkpoint (off the JS thread). */
export async function readCheckpoint(file: string): Promise<LoadedCheckpoint> {
  const loaded = await withCallerStack(native().loadCheckpoint(file));
  const options = parseOptions(loaded.options, file, loaded.model);
  return { handle: loaded.model, options, state: Object.freeze({ ...loaded.state }) };
}

/** The native plan for the `checkpoint` train option, or undefined without it. */
export function checkpointPlan(
  pattern: string | undefined,
  options: ModelOptions,
  epochsPlanned: number,
): NativeCheckpointPlan | undefined {
  return pattern === undefined ? undefined : { path: pattern, options: serializeOptions(options), epochsPlanned };
}

/**
 * Fails early, before any training, when the folder of the `checkpoint`
 * option does not exist (a folder named with "{epoch}" is checked per epoch,
 * when the file is written).
 */
export async function checkCheckpointFolder(pattern: string): Promise<void> {
  const folder = path.dirname(pattern);
  if (folder.includes('{epoch}')) return;
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(`Cannot write checkpoint '${pattern}': the folder '${folder}' does not exist`);
  }
}
