#include "training_thread.h"

#include <algorithm>

#include "blas.h"
#include "corpus.h"

namespace hogvec {

TrainingThread::TrainingThread(const SharedRun& run, unsigned index)
    : run_(run),
      config_(run.config),
      vocab_(run.model.vocab),
      index_(index),
      dim_(run.model.dim),
      slot_(run.progress.slot(index)),
      rng_(0),
      negativeRng_(0),
      source_(vocab_, run.keep, config_.sample),
      schedule_(config_.alpha, config_.minAlpha, run.progress, slot_),
      hidden_(dim_),
      gradHidden_(dim_),
      softmaxScores_(config_.loss == LossKind::Softmax ? vocab_.size() : 0),
      sharedNegatives_(config_.sharedNegatives && config_.architecture == Architecture::SkipGram &&
                       config_.loss == LossKind::NegativeSampling),
      shared_(sharedNegatives_ ? 2 * std::size_t(config_.window) : 0, sharedNegatives_ ? config_.negative : 0,
              sharedNegatives_ ? dim_ : 0),
      hotRows_(run.hotPlan, run.model.input.rowStride(), index, config_.threads) {
  sentence_.reserve(kMaxSentenceTokens);
  spans_.reserve(kMaxSentenceTokens);
  contexts_.reserve(2 * std::size_t(config_.window));
  targets_.reserve(2 * std::size_t(config_.window));
  if (config_.loss == LossKind::NegativeSampling) {
    const std::size_t pairsPerCenter =
        config_.architecture == Architecture::SkipGram && !sharedNegatives_ ? 2 * std::size_t(config_.window) : 1;
    negativesNow_.resize(pairsPerCenter * config_.negative);
    negativesNext_.resize(pairsPerCenter * config_.negative);
  }
  matrices_.input = matrices_.inputChanges = run.model.input.data();
  matrices_.output = matrices_.outputChanges = run.model.output.data();
  matrices_.dim = dim_;
  matrices_.stride = run.model.input.rowStride();
  outputLayer_.kind = config_.loss;
  outputLayer_.negativeCount = config_.negative;
  if (config_.loss == LossKind::HierarchicalSoftmax) outputLayer_.paths = vocab_.huffmanPaths();
  outputLayer_.rows = vocab_.size();
  outputLayer_.scores = softmaxScores_.data();
}

void TrainingThread::trainEpoch(std::uint32_t epoch) {
  if (index_ == 0) run_.progress.epoch.store(epoch, std::memory_order_relaxed);
  // The random streams of the model's epoch (its earlier runs' epochs count).
  const std::uint32_t modelEpoch = config_.epochsBefore + epoch;
  rng_ = Random(trainingStreamSeed(config_.seed, modelEpoch, index_));
  negativeRng_ = Random(negativeStreamSeed(config_.seed, modelEpoch, index_));
  epochLoss_ = 0;
  epochSteps_ = 0;
  epochWordsTrained_ = 0;
  publishLoss();
  for (std::size_t f = 0; f < run_.files.size() && !stopped(); ++f) trainShard(f);
  publishLoss();
}

void TrainingThread::publishLoss() {
  slot_.loss.store(epochLoss_, std::memory_order_relaxed);
  slot_.steps.store(epochSteps_, std::memory_order_relaxed);
}

void TrainingThread::trainShard(std::size_t file) {
  // The instruction set is chosen here, once a shard, not once a call.
  matrices_.kernels = &blas::kernels();
  hotRows_.load(run_.hotRows);
  matrices_.hotInput = hotRows_.input();
  matrices_.hotOutput = hotRows_.output();
  matrices_.hotRows = hotRows_.rows();
  matrices_.hotOutputFrom = run_.hotPlan.outputFrom;
  const ByteRange range = shardRange(run_.fileSizes[file], index_, config_.threads);
  TokenReader reader(run_.files[file], range);
  bool more = true;
  while (more && !stopped()) {
    PieceCounts counts;
    more = source_.next(reader, rng_, sentence_, counts);
    const float rate = static_cast<float>(schedule_.rateForPiece(counts.inVocabulary));
    matrices_.rate = rate;
    // (The other threads read the line alpha shares only now and then, as the schedule does.)
    if (index_ == 0) run_.progress.alpha.store(rate, std::memory_order_relaxed);
    TrainingProgress::ThreadSlot::add(slot_.tokensRead, counts.tokens);
    TrainingProgress::ThreadSlot::add(slot_.wordsTrained, counts.kept);
    epochWordsTrained_ += counts.kept;
    trainSentence();
  }
  hotRows_.writeBack(run_.hotRows, true);  // every row, before the epoch's barrier (a checkpoint) or the end
}

// The window of center i: positions [from, to] around it.
void TrainingThread::windowOf(std::size_t i, std::size_t* from, std::size_t* to) const {
  const std::size_t span = spans_[i];
  *from = i >= span ? i - span : 0;
  *to = std::min(sentence_.size() - 1, i + span);
}

// The number of sets of negatives center i draws: one a (hidden, target)
// pair, or one a window when its pairs share them.
std::size_t TrainingThread::drawsOf(std::size_t i) const {
  std::size_t from, to;
  windowOf(i, &from, &to);
  const std::size_t context = to - from;
  return config_.architecture == Architecture::SkipGram && !sharedNegatives_ ? context : (context > 0 ? 1 : 0);
}

void TrainingThread::trainSentence() {
  const std::size_t n = sentence_.size();
  // Every span first: the main stream draws nothing else while a sentence
  // trains, so this is the order of docs/training.md.
  spans_.resize(n);
  for (std::size_t i = 0; i < n; ++i) spans_[i] = config_.window - rng_.below(config_.window);  // uniform in 1..window
  for (std::size_t j = 0; j < std::min<std::size_t>(n, config_.window); ++j) prefetchInput(sentence_[j]);
  if (n > 0) prepareCenter(0, negativesNow_);
  for (std::size_t i = 0; i < n; ++i) {
    // Center i + 1's negatives are drawn and its rows start loading now,
    // a whole center before they are used.
    if (i + 1 < n) prepareCenter(i + 1, negativesNext_);
    trainCenter(i);
    negativesNow_.swap(negativesNext_);
    hotRows_.countCenter(run_.hotRows);
  }
  publishLoss();
}

// Draws center i's negatives into `negatives` (pair by pair, in draw
// order) and prefetches the rows its pairs will touch.
void TrainingThread::prepareCenter(std::size_t i, std::vector<std::uint32_t>& negatives) {
  const std::uint32_t center = sentence_[i];
  // Center i's window reaches at most word i + window: its row starts
  // loading now, a center ahead; earlier centers (or the sentence's start)
  // loaded the rows of the words before it, whatever spans were drawn.
  if (i + config_.window < sentence_.size()) prefetchInput(sentence_[i + config_.window]);
  switch (config_.loss) {
    case LossKind::NegativeSampling: {
      prefetchOutput(center);
      const std::size_t draws = drawsOf(i) * config_.negative;
      for (std::size_t k = 0; k < draws; ++k) {
        negatives[k] = run_.sampler.drawExcept(negativeRng_, center);
        prefetchOutput(negatives[k]);
      }
      break;
    }
    case LossKind::HierarchicalSoftmax:
      for (std::size_t j = 0; j < vocab_.pathLength(center); ++j) prefetchOutput(vocab_.path(center)[j]);
      break;
    default: break;
  }
}

// Skip-gram as the C tool and gensim run it: each context word's input
// vector predicts the center word. CBOW: the mean (or sum) of the context
// predicts it, and each context vector gets the full dJ/dh (the C tool's
// convention).
void TrainingThread::trainCenter(std::size_t i) {
  std::size_t from, to;
  windowOf(i, &from, &to);
  contexts_.clear();
  for (std::size_t j = from; j <= to; ++j)
    if (j != i) contexts_.push_back(sentence_[j]);
  if (contexts_.empty()) return;  // a one-word sentence has no context
  outputLayer_.negatives = negativesNow_.data();
  auto loss = [this](const float* h, std::uint32_t target, std::size_t pair, float* gradHidden) {
    return pairLoss(outputLayer_, matrices_, h, target, pair, gradHidden);
  };
  if (sharedNegatives_) {
    epochLoss_ += skipgramSharedNegatives(matrices_, sentence_[i], contexts_.data(), contexts_.size(),
                                          negativesNow_.data(), config_.negative, shared_);
    epochSteps_ += contexts_.size();
  } else if (config_.architecture == Architecture::SkipGram) {
    targets_.assign(contexts_.size(), sentence_[i]);
    epochLoss_ +=
        skipgramPairs(matrices_, contexts_.data(), targets_.data(), contexts_.size(), gradHidden_.data(), loss);
    epochSteps_ += contexts_.size();
  } else {
    epochLoss_ += cbowWindow(matrices_, sentence_[i], contexts_.data(), contexts_.size(), config_.cbowMean,
                             CbowGradient::Word2vec, hidden_.data(), gradHidden_.data(), loss);
    ++epochSteps_;
  }
}

}  // namespace hogvec
