/**
 * Loads the compiled addon (a prebuild from prebuilds/ or a source build in
 * build/Release) with node-gyp-build, and types what it exports.
 */
import * as path from 'node:path';

import type { NativeSettings } from './options';

/** SIMD kernel paths the native core can run. */
export type SimdPath = 'scalar' | 'avx2' | 'avx512' | 'neon';

/** What the native core reports about its SIMD kernels. */
export interface SimdInfo {
  active: SimdPath;
  best: SimdPath;
  supported: SimdPath[];
  environmentError?: string;
}

/** Loss and gradients from a native loss kernel (see binding/addon/loss_check.cpp). */
export interface NativeLossResult {
  loss: number;
  gradCenter: Float64Array;
  gradOutside: Float64Array;
}

/** A trained model in native memory (binding/addon/model_handle.cpp). */
export interface NativeModelHandle {
  words(): string[];
  counts(): Float64Array;
  /** Input vectors, a view over native memory. */
  input(): Float32Array;
  /** Output vectors, a view over native memory. */
  output(): Float32Array;
  dim(): number;
  loss(): string;
}

/** Counters of a running job, read without locks (binding/addon/training_job.cpp). */
export interface NativeTrainingStats {
  phase: 'vocabulary' | 'training' | 'finished';
  bytesCounted: number;
  bytesTotal: number;
  epoch: number;
  wordsDone: number;
  wordsTotal: number;
  tokensRead: number;
  wordsTrained: number;
  alpha: number;
  loss: number;
  epochs: { epoch: number; loss: number; steps: number; wordsTrained: number }[];
}

/** The training configuration the addon reads: the native options (lib/options.ts) and where the schedule stands. */
export interface NativeTrainConfig extends NativeSettings {
  scheduleDone?: number;
  scheduleTotal?: number;
  /** Epochs the model trained before this run (they seed the run's random streams). */
  epochsBefore?: number;
  /** Write a checkpoint at every epoch's end (binding/core/checkpoint.h). */
  checkpoint?: NativeCheckpointPlan;
}

/** Where and what the trainer writes at each epoch's end (see lib/checkpoint.ts). */
export interface NativeCheckpointPlan {
  /** Absolute path; every "{epoch}" becomes the epoch's number over the model's life. */
  path: string;
  /** The options section, JSON. */
  options: string;
  /** The life epoch at which the run's schedule ends. */
  epochsPlanned: number;
}

/** Where training stands, as a checkpoint stores it (binding/core/checkpoint.h). */
export interface NativeTrainingState {
  epochsDone: number;
  epochsPlanned: number;
  scheduleDone: number;
  scheduleTotal: number;
}

/** One native training run. */
export interface NativeTrainingJob {
  start(): Promise<NativeModelHandle>;
  stats(): NativeTrainingStats;
  abort(): void;
}

/** Answers of one nearest-neighbour query (binding/addon/search.cpp): rows, best first, and their scores. */
export interface NativeNeighbors {
  indices: Uint32Array;
  scores: Float32Array;
}

/** Answers of a block of queries: query q's are at [q * min(k, limit), + counts[q]). */
export interface NativeNeighborsBatch extends NativeNeighbors {
  counts: Uint32Array;
}

/** The functions the addon exports. Internal: the public API wraps them. */
export interface NativeBinding {
  simdInfo(): SimdInfo;
  setSimdPath(path: SimdPath): SimdPath;
  /** Test hooks: the sampler and the subsampling rule the trainer uses. */
  sampleNegatives(counts: Float64Array, exponent: number, draws: number, seed: number, excluded?: number): Uint32Array;
  keepProbabilities(counts: Float64Array, sample: number): Float64Array;
  /** Test hook: sigmoid and log-sigmoid as the loss kernels compute them (float32: one SIMD path's batch kernel). */
  activations(
    xs: Float64Array,
    precision: 'float32' | 'float64',
    path?: SimdPath,
  ): { sigmoid: Float64Array; logSigmoid: Float64Array; logSigmoidOfNegative: Float64Array };
  TrainingJob: new (config: NativeTrainConfig, files: string[], model?: NativeModelHandle) => NativeTrainingJob;
  /** Writes a checkpoint atomically, off the JS thread (binding/addon/checkpoint.cpp). */
  saveCheckpoint(model: NativeModelHandle, path: string, options: string, state: NativeTrainingState): Promise<void>;
  /** Reads and verifies a checkpoint, off the JS thread. */
  loadCheckpoint(path: string): Promise<{ model: NativeModelHandle; options: string; state: NativeTrainingState }>;
  /**
   * Search (binding/core/search.h): a unit-normalised copy in native memory; zero rows stay zero.
   * threads 0 = automatic.
   */
  normalizeRows(vectors: Float32Array, dim: number, threads?: number): Float32Array;
  /** Top k rows of [0, limit) by dot(unit row, query), without the excluded rows; score desc, then row asc. */
  topK(
    unit: Float32Array,
    dim: number,
    query: Float32Array,
    k: number,
    limit: number,
    exclude?: Uint32Array,
    threads?: number,
  ): NativeNeighbors;
  /** topK for several queries (queries: n x dim) in one pass over the matrix; exclude: one list per query. */
  topKBatch(
    unit: Float32Array,
    dim: number,
    queries: Float32Array,
    k: number,
    limit: number,
    exclude?: Uint32Array[],
    threads?: number,
  ): NativeNeighborsBatch;
  /** 3CosMul top k; terms: per query, `positive` then `negative` vectors of dim floats. */
  topKCosMulBatch(
    unit: Float32Array,
    dim: number,
    terms: Float32Array,
    positive: number,
    negative: number,
    k: number,
    limit: number,
    exclude: Uint32Array[] | undefined,
    epsilon: number,
    threads?: number,
  ): NativeNeighborsBatch;
  /**
   * Analogy questions in one pass (evaluation): question q is "terms[a[q]] is to terms[b[q]] as
   * terms[c[q]] is to ?", scored by 3CosAdd (cos b + cos c - cos a) or 3CosMul; terms: n x dim unit vectors.
   */
  topKAnalogyBatch(
    unit: Float32Array,
    dim: number,
    terms: Float32Array,
    a: Uint32Array,
    b: Uint32Array,
    c: Uint32Array,
    method: '3CosAdd' | '3CosMul',
    epsilon: number,
    k: number,
    limit: number,
    exclude?: Uint32Array[],
    threads?: number,
  ): NativeNeighborsBatch;
  /** Reads a word2vec text/binary file on a worker thread (binding/addon/vectors_io.cpp); vectors are native memory. */
  loadVectors(
    file: string,
    options: { limit?: number; format?: 'auto' | 'binary' | 'text' },
  ): Promise<NativeLoadedVectors>;
  /** Writes a word2vec file atomically on a worker thread; rejects words holding whitespace. */
  saveVectors(
    file: string,
    words: readonly string[],
    vectors: Float32Array,
    dim: number,
    format: 'binary' | 'text',
  ): Promise<void>;
  /** Saves a model's input vectors with the words of its native vocabulary. */
  saveModelVectors(model: NativeModelHandle, file: string, format: 'binary' | 'text'): Promise<void>;
}

/** What the native vectors loader resolves with (binding/addon/vectors_io.cpp). */
export interface NativeLoadedVectors {
  /** The words joined by single spaces (no word holds one), in chunks that never split a word; [] for no words. */
  wordChunks: string[];
  count: number;
  vectors: Float32Array;
  dim: number;
  format: 'binary' | 'text';
}

let cached: NativeBinding | undefined;

/** The addon, loaded once. Throws an Error naming the fix if no binary is found. */
export function native(): NativeBinding {
  if (cached) return cached;
  const root = path.resolve(__dirname, '..');
  // HOGVEC_ADDON_PATH names one .node file to load instead (e.g. the
  // sanitizer build that scripts/test-sanitize.sh runs the tests against).
  const override = process.env.HOGVEC_ADDON_PATH;
  let binding: NativeBinding;
  try {
    if (override) {
      binding = require(path.resolve(override)) as NativeBinding;
    } else {
      const load = require('node-gyp-build') as (dir: string) => unknown;
      binding = load(root) as NativeBinding;
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `hogvec: the native addon could not be loaded (${reason}). ` +
        'Run `npm rebuild hogvec` (or `npm run compile` in a clone) to build it from source.',
    );
  }
  // A HOGVEC_SIMD the CPU cannot honour is an error on every call, not just the first.
  const envError = binding.simdInfo().environmentError;
  if (envError) {
    throw new Error(`hogvec: ${envError}`);
  }
  cached = binding;
  return cached;
}
