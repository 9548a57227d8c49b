#include "trainer.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "blas.h"
#include "corpus.h"
#include "loss.h"
#include "memory.h"
#include "random.h"
#include "sampling.h"
#include "window.h"

namespace hogvec {

// ------------------------------------------------------------ TrainingProgress

double TrainingProgress::runningLoss() const {
  double loss = 0;
  std::uint64_t pairs = 0;
  for (const ThreadSlot& s : slots_) {
    loss += s.loss.load(std::memory_order_relaxed);
    pairs += s.pairs.load(std::memory_order_relaxed);
  }
  return pairs > 0 ? loss / static_cast<double>(pairs) : 0.0;
}

void TrainingProgress::pushEpoch(const EpochSummary& summary) {
  std::lock_guard<std::mutex> lock(epochsMutex_);
  epochs_.push_back(summary);
}

std::vector<EpochSummary> TrainingProgress::takeEpochs() {
  std::lock_guard<std::mutex> lock(epochsMutex_);
  std::vector<EpochSummary> out;
  out.swap(epochs_);
  return out;
}

// ------------------------------------------------------------ countVocabulary

namespace {

// Reads every token of the files in order, passing each to onToken, and
// reports the bytes read; false if stopped.
template <typename OnToken>
bool readAllTokens(const std::vector<std::string>& files, const std::vector<std::uint64_t>& sizes,
                   TrainingProgress& progress, const std::atomic<bool>& stop, OnToken&& onToken) {
  std::uint64_t bytesBefore = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    TokenReader reader(files[i], {0, sizes[i]});
    std::string_view token;
    std::uint64_t sinceCheck = 0;
    for (TokenReader::Event e; (e = reader.next(&token)) != TokenReader::Event::Done;) {
      if (e != TokenReader::Event::Token) continue;
      onToken(token);
      if (++sinceCheck == 65536) {
        sinceCheck = 0;
        progress.bytesCounted.store(bytesBefore + reader.bytesConsumed(), std::memory_order_relaxed);
        if (stop.load(std::memory_order_relaxed)) return false;
      }
    }
    bytesBefore += sizes[i];
    progress.bytesCounted.store(bytesBefore, std::memory_order_relaxed);
  }
  return true;
}

// The files' sizes; their sum becomes the progress's byte total.
std::vector<std::uint64_t> corpusSizes(const std::vector<std::string>& files, TrainingProgress& progress) {
  std::vector<std::uint64_t> sizes;
  std::uint64_t totalBytes = 0;
  for (const std::string& f : files) {
    sizes.push_back(corpusFileSize(f));
    totalBytes += sizes.back();
  }
  progress.bytesTotal.store(totalBytes, std::memory_order_relaxed);
  return sizes;
}

}  // namespace

Vocabulary countVocabulary(const std::vector<std::string>& files, const TrainConfig& config, TrainingProgress& progress,
                           const std::atomic<bool>& stop) {
  const std::vector<std::uint64_t> sizes = corpusSizes(files, progress);
  Vocabulary vocab;
  {
    VocabularyCounter counter(config.maxVocabSize);
    if (readAllTokens(files, sizes, progress, stop, [&](std::string_view token) { counter.add(token); }))
      vocab = Vocabulary(counter, config.minCount);
  }
  // The counting table (every distinct word, not only the kept ones) is gone:
  // hand its pages back so they do not sit in the process beside the matrices.
  releaseFreedMemory();
  return vocab;
}

std::uint64_t countKnownWords(const std::vector<std::string>& files, const Vocabulary& vocab,
                              TrainingProgress& progress, const std::atomic<bool>& stop) {
  const std::vector<std::uint64_t> sizes = corpusSizes(files, progress);
  std::uint64_t known = 0;
  const bool done = readAllTokens(files, sizes, progress, stop,
                                  [&](std::string_view token) { known += vocab.find(token) != WordIndex::kMissing; });
  return done ? known : 0;
}

// --------------------------------------------------------------------- Worker

// One Hogwild thread. Owns its RNGs, its scratch buffers (allocated once, so
// the hot loop never allocates) and its counters' slot.
// Aligned to a cache line, so the fields one worker writes at every step never
// share a line with the next worker's.
class alignas(64) Trainer::Worker {
 public:
  Worker(Trainer& trainer, unsigned index, const NegativeSampler& sampler, const std::vector<double>& keep)
      : t_(trainer),
        cfg_(trainer.config_),
        model_(*trainer.model_),
        vocab_(model_.vocab),
        index_(index),
        slot_(trainer.progress_.slot(index)),
        rng_(0),
        negativeRng_(0),
        sampler_(sampler),
        keep_(keep),
        dim_(model_.dim),
        hidden_(dim_),
        gradHidden_(dim_),
        scores_(cfg_.loss == LossKind::Softmax ? vocab_.size() : 0),
        sharedNegatives_(cfg_.sharedNegatives && cfg_.architecture == Architecture::SkipGram &&
                         cfg_.loss == LossKind::NegativeSampling),
        shared_(sharedNegatives_ ? 2 * std::size_t(cfg_.window) : 0, sharedNegatives_ ? cfg_.negative : 0,
                sharedNegatives_ ? dim_ : 0),
        hotPlan_(trainer.hotPlan_),
        hotInput_(hotPlan_.rows, trainer.rowStride()),
        hotOutput_(hotPlan_.rows, trainer.rowStride()) {
    sentence_.reserve(kMaxSentenceTokens);
    spans_.reserve(kMaxSentenceTokens);
    // Room for a full piece of 8-byte tokens; a piece of longer ones grows it
    // once, and it keeps that size (no allocation after the first such piece).
    tokenBytes_.reserve(kMaxSentenceTokens * 8);
    tokenEnds_.reserve(kMaxSentenceTokens);
    tokens_.reserve(kMaxSentenceTokens);
    tokenHashes_.reserve(kMaxSentenceTokens);
    tokenWords_.reserve(kMaxSentenceTokens);
    contexts_.reserve(2 * std::size_t(cfg_.window));
    targets_.reserve(2 * std::size_t(cfg_.window));
    if (cfg_.loss == LossKind::NegativeSampling) {
      const std::size_t pairsPerCenter =
          cfg_.architecture == Architecture::SkipGram && !sharedNegatives_ ? 2 * std::size_t(cfg_.window) : 1;
      negativesNow_.resize(pairsPerCenter * cfg_.negative);
      negativesNext_.resize(pairsPerCenter * cfg_.negative);
    }
    params_.input = params_.inputChanges = t_.trainingInput();
    params_.output = params_.outputChanges = t_.trainingOutput();
    params_.dim = dim_;
    params_.stride = t_.rowStride();
  }

  void run() {
    for (std::uint32_t epoch = 1; epoch <= cfg_.epochs; ++epoch) {
      if (index_ == 0) t_.progress_.epoch.store(epoch, std::memory_order_relaxed);
      const std::uint32_t lifeEpoch = cfg_.epochsBefore + epoch;
      rng_ = Random(trainingStreamSeed(cfg_.seed, lifeEpoch, index_));
      negativeRng_ = Random(negativeStreamSeed(cfg_.seed, lifeEpoch, index_));
      epochLoss_ = 0;
      epochPairs_ = 0;
      epochTrained_ = 0;
      publishLoss();
      for (std::size_t f = 0; f < t_.files_.size() && !stopped(); ++f) trainShard(f);
      publishLoss();
      if (!t_.epochBarrier(epoch)) return;
    }
  }

  double epochLoss() const { return epochLoss_; }
  std::uint64_t epochPairs() const { return epochPairs_; }
  std::uint64_t epochTrained() const { return epochTrained_; }

 private:
  bool stopped() const { return t_.stop_.load(std::memory_order_relaxed); }

  void publishLoss() {
    slot_.loss.store(epochLoss_, std::memory_order_relaxed);
    slot_.pairs.store(epochPairs_, std::memory_order_relaxed);
  }

  void trainShard(std::size_t file) {
    // The instruction set is chosen here, once a shard, not once a call.
    params_.kernels = &blas::kernels();
    loadHotRows();
    const ByteRange range = shardRange(t_.fileSizes_[file], index_, cfg_.threads);
    TokenReader reader(t_.files_[file], range);
    bool more = true;
    while (more && !stopped()) {
      more = readSentence(reader);
      trainSentence();
    }
    writeBackHotRows(true);  // every row, before the epoch's barrier (a checkpoint) or the end
  }

  // The hot-row copies (hot_rows.h). Thread i starts its count i / T of a
  // period in, so that the threads' write-backs do not line up.
  void loadHotRows() {
    if (hotPlan_.rows == 0) return;
    hotInput_.load(t_.trainingInput());  // rows [0, rows) lie first, in the same layout
    hotOutput_.load(t_.trainingOutput());
    params_.hotInput = hotInput_.data();
    params_.hotOutput = hotOutput_.data();
    params_.hotRows = hotPlan_.rows;
    sinceWriteBack_ = hotPlan_.periodWords * index_ / cfg_.threads;
  }

  // Counts a trained center; at the end of a period, writes the copies back
  // (rows another thread is writing back now wait for the next period).
  void countCenterForHotRows() {
    if (hotPlan_.rows == 0 || ++sinceWriteBack_ < hotPlan_.periodWords) return;
    writeBackHotRows(false);
    sinceWriteBack_ = 0;
  }

  void writeBackHotRows(bool everyRow) {
    if (hotPlan_.rows == 0) return;
    hotInput_.writeBack(t_.trainingInput(), *t_.hotInputClaims_, everyRow);
    hotOutput_.writeBack(t_.trainingOutput(), *t_.hotOutputClaims_, everyRow);
  }

  // Reads one sentence piece: up to a newline, the shard's end, or
  // kMaxSentenceTokens tokens. Drops unknown words, then subsamples. The
  // piece's tokens are looked up together (WordIndex::findAll).
  bool readSentence(TokenReader& reader) {
    sentence_.clear();
    tokenBytes_.clear();
    tokenEnds_.clear();
    bool more = true;
    std::string_view token;
    while (tokenEnds_.size() < kMaxSentenceTokens) {
      const TokenReader::Event e = reader.next(&token);
      if (e == TokenReader::Event::Done) {
        more = false;
        break;
      }
      if (e == TokenReader::Event::SentenceEnd) break;
      tokenBytes_.append(token);
      tokenEnds_.push_back(tokenBytes_.size());
    }
    const std::size_t read = tokenEnds_.size();
    tokens_.resize(read);
    tokenHashes_.resize(read);
    tokenWords_.resize(read);
    for (std::size_t i = 0, begin = 0; i < read; begin = tokenEnds_[i++])
      tokens_[i] = std::string_view(tokenBytes_.data() + begin, tokenEnds_[i] - begin);
    vocab_.findAll(tokens_.data(), read, tokenHashes_.data(), tokenWords_.data());
    std::uint64_t inVocabulary = 0;
    for (const std::uint32_t w : tokenWords_) {
      if (w == WordIndex::kMissing) continue;
      ++inVocabulary;
      if (cfg_.sample > 0 && rng_.uniform() >= keep_[w]) continue;
      sentence_.push_back(w);
    }
    // The schedule: this piece trains at the rate for the words done before
    // it. This thread's own count is exact; the other threads' slots, which
    // they write every sentence, are read every kScheduleReadWords words
    // rather than every sentence, so their cache lines do not travel between
    // the cores at every sentence (with one thread the rate is exact).
    const std::uint64_t own = slot_.wordsDone.load(std::memory_order_relaxed);
    if (sinceScheduleRead_ >= kScheduleReadWords) {
      othersDone_ = t_.progress_.wordsDone() - own;  // the words done before this run and by the other threads
      scheduleTotal_ = static_cast<double>(t_.progress_.wordsTotal.load(std::memory_order_relaxed));
      sinceScheduleRead_ = 0;
    }
    const std::uint64_t before = othersDone_ + own;
    sinceScheduleRead_ += inVocabulary;
    TrainingProgress::ThreadSlot::add(slot_.wordsDone, inVocabulary);
    TrainingProgress::ThreadSlot::add(slot_.rawWordsRead, read);
    TrainingProgress::ThreadSlot::add(slot_.wordsTrained, sentence_.size());
    epochTrained_ += sentence_.size();
    const double fraction = scheduleTotal_ > 0 ? static_cast<double>(before) / scheduleTotal_ : 1.0;
    alpha_ = std::max(cfg_.minAlpha, cfg_.alpha - (cfg_.alpha - cfg_.minAlpha) * fraction);
    params_.rate = alpha_;
    // (The other workers read the line alpha shares only every kScheduleReadWords words.)
    if (index_ == 0) t_.progress_.alpha.store(alpha_, std::memory_order_relaxed);
    return more;
  }

  // The window of center i: positions [from, to] around it.
  void windowOf(std::size_t i, std::size_t* from, std::size_t* to) const {
    const std::size_t span = spans_[i];
    *from = i >= span ? i - span : 0;
    *to = std::min(sentence_.size() - 1, i + span);
  }

  // The number of sets of negatives center i draws: one a (hidden, target)
  // pair, or one a window when its pairs share them.
  std::size_t drawsOf(std::size_t i) const {
    std::size_t from, to;
    windowOf(i, &from, &to);
    const std::size_t context = to - from;
    return cfg_.architecture == Architecture::SkipGram && !sharedNegatives_ ? context : (context > 0 ? 1 : 0);
  }

  void trainSentence() {
    const std::size_t n = sentence_.size();
    // Every span first: the main stream draws nothing else while a sentence
    // trains, so this is the order of docs/training.md.
    spans_.resize(n);
    for (std::size_t i = 0; i < n; ++i) spans_[i] = cfg_.window - rng_.below(cfg_.window);  // uniform in 1..window
    for (std::size_t j = 0; j < std::min<std::size_t>(n, cfg_.window); ++j) prefetchInput(sentence_[j]);
    if (n > 0) prepareCenter(0, negativesNow_);
    for (std::size_t i = 0; i < n; ++i) {
      // Center i + 1's negatives are drawn and its rows start loading now,
      // a whole center before they are used.
      if (i + 1 < n) prepareCenter(i + 1, negativesNext_);
      trainCenter(i);
      negativesNow_.swap(negativesNext_);
      countCenterForHotRows();
    }
    publishLoss();
  }

  void prefetchOutput(std::uint32_t row) const { blas::prefetchRowForWrite(params_.outputRow(row), dim_); }
  void prefetchInput(std::uint32_t word) const { blas::prefetchRowForWrite(params_.inputRow(word), dim_); }

  // Draws center i's negatives into `negatives` (pair by pair, in draw
  // order) and prefetches the rows its pairs will touch.
  void prepareCenter(std::size_t i, std::vector<std::uint32_t>& negatives) {
    const std::uint32_t center = sentence_[i];
    // Center i's window reaches at most word i + window: its row starts
    // loading now, a center ahead; earlier centers (or the sentence's start)
    // loaded the rows of the words before it, whatever spans were drawn.
    if (i + cfg_.window < sentence_.size()) prefetchInput(sentence_[i + cfg_.window]);
    switch (cfg_.loss) {
      case LossKind::NegativeSampling: {
        prefetchOutput(center);
        const std::size_t draws = drawsOf(i) * cfg_.negative;
        for (std::size_t k = 0; k < draws; ++k) {
          negatives[k] = sampler_.drawExcept(negativeRng_, center);
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

  float pairLoss(const float* h, std::uint32_t target, std::size_t pair, float* gradHidden) {
    switch (cfg_.loss) {
      case LossKind::NegativeSampling:
        return negativeSamplingLoss(params_, h, target, negativesNow_.data() + pair * cfg_.negative, cfg_.negative,
                                    gradHidden);
      case LossKind::HierarchicalSoftmax:
        return hierarchicalSoftmaxLoss(params_, h, vocab_.path(target), vocab_.codes(target), vocab_.pathLength(target),
                                       gradHidden);
      default: return softmaxLoss(params_, h, vocab_.size(), target, scores_.data(), gradHidden);
    }
  }

  // Skip-gram as the C tool and gensim run it: each context word's input
  // vector predicts the center word. CBOW: the mean (or sum) of the context
  // predicts it, and each context vector gets the full dJ/dh (the C tool's
  // convention).
  void trainCenter(std::size_t i) {
    std::size_t from, to;
    windowOf(i, &from, &to);
    contexts_.clear();
    for (std::size_t j = from; j <= to; ++j)
      if (j != i) contexts_.push_back(sentence_[j]);
    if (contexts_.empty()) return;  // a one-word sentence has no context
    auto loss = [this](const float* h, std::uint32_t target, std::size_t pair, float* gradHidden) {
      return pairLoss(h, target, pair, gradHidden);
    };
    if (sharedNegatives_) {
      epochLoss_ += skipgramSharedNegatives(params_, sentence_[i], contexts_.data(), contexts_.size(),
                                            negativesNow_.data(), cfg_.negative, shared_);
      epochPairs_ += contexts_.size();
    } else if (cfg_.architecture == Architecture::SkipGram) {
      targets_.assign(contexts_.size(), sentence_[i]);
      epochLoss_ +=
          skipgramPairs(params_, contexts_.data(), targets_.data(), contexts_.size(), gradHidden_.data(), loss);
      epochPairs_ += contexts_.size();
    } else {
      epochLoss_ += cbowWindow(params_, sentence_[i], contexts_.data(), contexts_.size(), cfg_.cbowMean,
                               CbowGradient::Word2vec, hidden_.data(), gradHidden_.data(), loss);
      ++epochPairs_;
    }
  }

  Trainer& t_;
  const TrainConfig& cfg_;
  Embeddings& model_;
  const Vocabulary& vocab_;
  const unsigned index_;
  TrainingProgress::ThreadSlot& slot_;
  Random rng_;          // subsampling and window spans
  Random negativeRng_;  // negatives, drawn one center ahead
  const NegativeSampler& sampler_;
  const std::vector<double>& keep_;
  const std::size_t dim_;
  Parameters<float> params_;
  std::vector<float> hidden_, gradHidden_;
  std::vector<std::uint32_t> negativesNow_, negativesNext_;  // a center's pairs x negative
  std::vector<float> scores_;
  const bool sharedNegatives_;  // the option, where it applies (skip-gram, negative sampling)
  SharedNegativesScratch<float> shared_;
  const HotRowPlan hotPlan_;
  HotRows hotInput_, hotOutput_;
  std::uint64_t sinceWriteBack_ = 0;  // centers trained since the last write-back
  std::vector<std::uint32_t> sentence_, spans_, contexts_, targets_;
  // The sentence piece as read: its tokens' bytes end to end, where each ends, views, hashes, words.
  std::string tokenBytes_;
  std::vector<std::size_t> tokenEnds_;
  std::vector<std::string_view> tokens_;
  std::vector<std::uint32_t> tokenHashes_, tokenWords_;
  float alpha_ = 0;
  static constexpr std::uint64_t kScheduleReadWords = 8192;
  std::uint64_t sinceScheduleRead_ = kScheduleReadWords;  // in-vocabulary words read since; the first sentence reads
  std::uint64_t othersDone_ = 0;                          // as last read
  double scheduleTotal_ = 0;
  double epochLoss_ = 0;
  std::uint64_t epochPairs_ = 0, epochTrained_ = 0;

  friend class Trainer;
};

// -------------------------------------------------------------------- Trainer

Trainer::Trainer(const TrainConfig& config, std::vector<std::string> files, std::shared_ptr<Embeddings> model,
                 TrainingProgress& progress, std::atomic<bool>& stop)
    : config_(config), files_(std::move(files)), model_(std::move(model)), progress_(progress), stop_(stop) {
  if (config_.threads == 0) config_.threads = 1;
  for (const std::string& f : files_) fileSizes_.push_back(corpusFileSize(f));
}

Trainer::~Trainer() = default;

void Trainer::wake() {
  std::lock_guard<std::mutex> lock(barrierMutex_);
  barrierCv_.notify_all();
}

void Trainer::run() {
  const Vocabulary& vocab = model_->vocab;
  const std::uint64_t total =
      config_.scheduleTotal > 0 ? config_.scheduleTotal : std::uint64_t(config_.epochs) * vocab.totalCount();
  progress_.wordsTotal.store(total, std::memory_order_relaxed);
  progress_.wordsBefore.store(config_.scheduleDone, std::memory_order_relaxed);
  progress_.alpha.store(config_.alpha, std::memory_order_relaxed);
  progress_.phase.store(TrainingProgress::Training, std::memory_order_relaxed);
  // Built with the model, before any thread could read the vocabulary (never here, while JS may read it).
  if (config_.loss == LossKind::HierarchicalSoftmax && !vocab.hasHuffman())
    throw std::logic_error("hierarchical softmax needs the vocabulary's Huffman tree, built before training");

  alignMatrices();
  // However run() ends (done, stopped, failed, or an allocation below that
  // throws), the model is left dense, as JS and checkpoints read it; this
  // runs after the threads are joined.
  struct PackOnExit {
    Trainer* trainer;
    ~PackOnExit() { trainer->packMatrices(); }
  } packOnExit{this};

  hotPlan_ = config_.loss == LossKind::NegativeSampling
                 ? planHotRows(config_.hotRowBuffer, config_.threads, vocab.size())
                 : HotRowPlan{};
  hotInputClaims_ = std::make_unique<HotRowClaims>(hotPlan_.rows);
  hotOutputClaims_ = std::make_unique<HotRowClaims>(hotPlan_.rows);

  NegativeSampler sampler;
  if (config_.loss == LossKind::NegativeSampling) sampler = NegativeSampler(vocab.counts(), config_.nsExponent);
  const std::vector<double> keep = subsamplingKeepProbabilities(vocab.counts(), config_.sample);

  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < config_.threads; ++i) workers.push_back(std::make_unique<Worker>(*this, i, sampler, keep));
  workers_ = &workers;
  std::vector<std::exception_ptr> errors(config_.threads);
  std::vector<std::thread> threads;
  threads.reserve(config_.threads);
  for (unsigned i = 0; i < config_.threads; ++i) {
    try {
      threads.emplace_back([&, i] {
        try {
          workers[i]->run();
        } catch (...) {
          errors[i] = std::current_exception();
          stop_.store(true);
          wake();
        }
      });
    } catch (const std::system_error& e) {
      // The system refused a thread (a process or thread limit): stop and
      // join the started ones (a joinable std::thread destroyed would
      // terminate the process), then fail the run.
      stop_.store(true);
      wake();
      for (std::thread& th : threads) th.join();
      workers_ = nullptr;
      throw std::runtime_error("Cannot start training thread " + std::to_string(i + 1) + " of " +
                               std::to_string(config_.threads) + ": " + e.what() + "; use fewer threads");
    }
  }
  for (std::thread& th : threads) th.join();
  workers_ = nullptr;
  for (std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

void Trainer::alignMatrices() {
  if (!config_.alignRows) return;
  model_->input.alignRows();
  model_->output.alignRows();
}

void Trainer::packMatrices() {
  model_->input.packRows();
  model_->output.packRows();
}

// All threads meet at each epoch's end; the last to arrive runs the epoch-end
// hook and sums the epoch.
// Returns false if training was stopped meanwhile.
bool Trainer::epochBarrier(std::uint32_t epoch) {
  std::unique_lock<std::mutex> lock(barrierMutex_);
  if (stop_.load()) return false;
  const std::uint64_t generation = barrierGeneration_;
  if (++barrierWaiting_ == config_.threads) {
    // The hook's checkpoint reads the matrices dense; the next epoch trains them aligned again.
    if (epochEnd_) {
      packMatrices();
      try {
        epochEnd_(epoch);
      } catch (...) {
        // Release the waiting threads (they see stop_) before the error unwinds.
        stop_.store(true);
        barrierWaiting_ = 0;
        barrierCv_.notify_all();
        throw;
      }
      alignMatrices();
    }
    EpochSummary summary;
    summary.epoch = epoch;
    for (const auto& w : *workers_) {
      summary.loss += w->epochLoss();
      summary.pairs += w->epochPairs();
      summary.wordsTrained += w->epochTrained();
    }
    summary.loss = summary.pairs > 0 ? summary.loss / static_cast<double>(summary.pairs) : 0.0;
    progress_.pushEpoch(summary);
    barrierWaiting_ = 0;
    ++barrierGeneration_;
    barrierCv_.notify_all();
    return true;
  }
  barrierCv_.wait(lock, [&] { return barrierGeneration_ != generation || stop_.load(); });
  return barrierGeneration_ != generation;
}

}  // namespace hogvec
