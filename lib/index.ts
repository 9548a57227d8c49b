/**
 * hogvec: fast multithreaded word2vec for Node.js.
 *
 * The public API. Everything a user imports comes from here.
 */
import { native, type SimdInfo, type SimdPath } from './native';

export type { SimdInfo, SimdPath };

/** Which SIMD kernels the native core uses on this CPU, and which it could use. */
export function simdInfo(): SimdInfo {
  return native().simdInfo();
}

export { gradientCheck, formatGradientCheckReport } from './gradient-check';
export type { GradientCheckOptions, GradientCheckReport, GradientCheckCase } from './gradient-check';
export * as reference from './reference/index';

export { train, TrainingRun } from './train';
export type { TrainingProgress, EpochReport, TrainingRunEvents } from './train';
export { Word2Vec } from './word2vec';
export type { Vocabulary, ModelOptions, ContinueTrainOptions, TrainingState } from './word2vec';
export { WordVectors } from './vectors';
export type {
  SimilarWord,
  MostSimilarOptions,
  MostSimilarQuery,
  QueryTerm,
  CosMulOptions,
  CosMulQuery,
  AnalogyMethod,
  AnalogyOptions,
} from './vectors';
export type { VectorsFormat, SaveVectorsOptions } from './vectors-io';
export { loadVectors } from './vectors-io';
export type { LoadVectorsOptions } from './vectors-io';
export type { TrainOptions, Architecture, Loss, CorpusInput } from './options';
export {
  evaluateAnalogies,
  evaluateWordPairs,
  type EvaluateAnalogiesOptions,
  type EvaluateWordPairsOptions,
  type AnalogyEvaluation,
  type AnalogySection,
  type WordPairsEvaluation,
  type Correlation,
} from './evaluate';
export { projectWords, plotSvg } from './plot';
export type { ProjectedWord, PlotSvgOptions } from './plot';
export { saveProjectorFiles } from './projector';
export type { ProjectorFiles } from './projector';
export { startExplorer } from './explore/server';
export type { Explorer, ExplorerOptions } from './explore/server';
