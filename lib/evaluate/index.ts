/**
 * Evaluation of word vectors on the standard test sets, computed as gensim
 * 4.2 computes it: analogies (analogies.ts) and word-pair similarity
 * judgements (word-pairs.ts), with scipy's statistics (statistics.ts),
 * exported for reuse.
 */
export {
  evaluateAnalogies,
  type AnalogyEvaluation,
  type AnalogySection,
  type EvaluateAnalogiesOptions,
} from './analogies';
export { evaluateWordPairs, type EvaluateWordPairsOptions, type WordPairsEvaluation } from './word-pairs';
export {
  logGamma,
  pearson,
  rankAverage,
  regularizedIncompleteBeta,
  spearman,
  studentTTwoSidedPValue,
  type Correlation,
} from './statistics';
