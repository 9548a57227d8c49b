/**
 * The pure-TypeScript reference implementation of the word2vec math
 * (Float64Array throughout), against which the native kernels are checked.
 */
export { matrix, row, dot, type Matrix } from './matrix';
export { sigmoid, logSigmoid, logSumExp, softmax, softmaxRows } from './math';
export {
  naiveSoftmaxLossAndGradient,
  negSamplingLossAndGradient,
  hierarchicalSoftmaxLossAndGradient,
  naiveSoftmaxPairLoss,
  negSamplingPairLoss,
  hierarchicalSoftmaxPairLoss,
  type LossAndGradient,
  type PairLoss,
} from './losses';
export { huffmanTree, type HuffmanTree } from './huffman';
export {
  skipgram,
  cbow,
  type SkipgramArgs,
  type CbowArgs,
  type WindowLossAndGradient,
} from './window';
export { sgd, type LossFunction, type SgdOptions, type SgdResult, type SgdIterationInfo } from './sgd';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck';
export { mix32, hashWord, streamSeed, trainingStreamSeed, negativeStreamSeed, Random } from './random';
export { NegativeSampler, subsamplingKeepProbabilities } from './sampling';
export {
  MAX_TOKEN_BYTES,
  SENTENCE_END,
  isCorpusSpace,
  dropPartialUtf8Tail,
  tokenizeCorpus,
  VocabularyCounter,
  CorpusVocabulary,
  buildVocabulary,
  type VocabularyOptions,
} from './corpus';
export { negativeSamplingStep, hierarchicalSoftmaxStep, softmaxStep } from './trainer-steps';
export {
  referenceTrain,
  MAX_SENTENCE_TOKENS,
  type ReferenceTrainOptions,
  type ReferenceTrainResult,
} from './trainer';
