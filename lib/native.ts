/**
 * Loads the compiled addon (a prebuild from prebuilds/ or a source build in
 * build/Release) with node-gyp-build, and types what it exports.
 */
import * as path from 'node:path';

/** SIMD kernel paths the native core can run. */
export type SimdPath = 'scalar' | 'avx2' | 'avx512';

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
  rawWordsRead: number;
  wordsTrained: number;
  alpha: number;
  loss: number;
  epochs: { epoch: number; loss: number; pairs: number; wordsTrained: number }[];
}

/** The training configuration the addon reads (validated by lib/options.ts first). */
export interface NativeTrainConfig {
  architecture: string;
  loss: string;
  dim: number;
  window: number;
  negative: number;
  epochs: number;
  minCount: number;
  maxVocabSize: number;
  sample: number;
  alpha: number;
  minAlpha: number;
  nsExponent: number;
  cbowMean: boolean;
  threads: number;
  seed: number;
  scheduleDone?: number;
  scheduleTotal?: number;
}

/** One native training run. */
export interface NativeTrainingJob {
  start(): Promise<NativeModelHandle>;
  stats(): NativeTrainingStats;
  abort(): void;
}

/** The functions the addon exports. Internal: the public API wraps them. */
export interface NativeBinding {
  simdInfo(): SimdInfo;
  setSimdPath(path: SimdPath): SimdPath;
  /** Test hooks: the sampler and the subsampling rule the trainer uses. */
  sampleNegatives(counts: Float64Array, exponent: number, draws: number, seed: number, excluded?: number): Uint32Array;
  keepProbabilities(counts: Float64Array, sample: number): Float64Array;
  /** Test hook: sigmoid and log-sigmoid as the loss kernels compute them. */
  activations(
    xs: Float64Array,
    precision: 'float32' | 'float64',
  ): { sigmoid: Float64Array; logSigmoid: Float64Array; logSigmoidOfNegative: Float64Array };
  TrainingJob: new (config: NativeTrainConfig, files: string[], model?: NativeModelHandle) => NativeTrainingJob;
}

let cached: NativeBinding | undefined;

/** The addon, loaded once. Throws an Error naming the fix if no binary is found. */
export function native(): NativeBinding {
  if (cached) return cached;
  const root = path.resolve(__dirname, '..');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('node-gyp-build') as (dir: string) => unknown;
    cached = load(root) as NativeBinding;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `hogvec: the native addon could not be loaded (${reason}). ` +
        'Run `npm rebuild hogvec` (or `npm run build` in a clone) to build it from source.',
    );
  }
  const envError = cached.simdInfo().environmentError;
  if (envError) {
    throw new Error(`hogvec: ${envError}`);
  }
  return cached;
}
