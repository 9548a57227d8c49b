// The Hogwild trainer: threads that each stream their own shard of every file
// and update the shared matrices without locks (Recht et al., 2011). The exact
// order of operations, and of random draws, is written down in
// docs/training.md; lib/reference/trainer.ts follows it to the letter.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hot_rows.h"
#include "model.h"

namespace hogvec {

// The training options the trainer reads. Their defaults and bounds live in
// one place, the option schema (lib/options.ts); binding/addon's readConfig
// sets every field from it (the last three only when a model continues
// training), so the fields below are value-initialised, not defaulted: a
// C++ caller sets every field it needs.
struct TrainConfig {
  Architecture architecture{};
  LossKind loss{};
  std::uint32_t dim{};
  std::uint32_t window{};
  std::uint32_t negative{};
  std::uint32_t epochs{};
  std::uint64_t minCount{};
  std::size_t maxVocabSize{};
  double sample{};
  double alpha{};
  double minAlpha{};
  double nsExponent{};
  bool cbowMean{};
  bool sharedNegatives{};        // skip-gram NS: one set of negatives per center (window.h)
  std::uint32_t hotRowBuffer{};  // NS, 2+ threads: hot-row copies (hot_rows.h)
  bool alignRows{};              // train with rows on 64-byte lines, laid out in place (row_matrix.h)
  unsigned threads{};
  std::uint32_t seed{};
  // Where the learning-rate schedule stands, for continued training: the
  // schedule runs over scheduleTotal words (0: epochs x vocabulary count) and
  // starts scheduleDone words in. A new model starts at 0, 0.
  std::uint64_t scheduleDone = 0;
  std::uint64_t scheduleTotal = 0;
  // Epochs the model trained before this run; this run's first epoch is
  // epochsBefore + 1 (it seeds the epoch's random streams). 0 for a new model.
  std::uint32_t epochsBefore = 0;
};

// A sentence piece holds at most this many tokens read; longer lines are cut.
constexpr std::size_t kMaxSentenceTokens = 10000;

struct EpochSummary {
  std::uint32_t epoch = 0;  // 1-based
  double loss = 0;          // mean loss per pair (per center word for CBOW)
  std::uint64_t pairs = 0;
  std::uint64_t wordsTrained = 0;
};

// What the JS side polls. Every counter is a relaxed atomic, never locked.
// The word counters a thread advances every sentence live in its own
// cache-line slot (written by that thread alone, with a plain store), so the
// threads do not take turns owning one shared line; readers sum the slots.
class TrainingProgress {
 public:
  enum Phase { Vocabulary = 0, Training = 1, Finished = 2 };

  explicit TrainingProgress(unsigned threads) : slots_(threads) {}

  std::atomic<int> phase{Vocabulary};
  std::atomic<std::uint64_t> bytesCounted{0}, bytesTotal{0};
  std::atomic<std::uint64_t> wordsTotal{0};   // the schedule's total
  std::atomic<std::uint64_t> wordsBefore{0};  // the schedule's counter when this run started
  std::atomic<std::uint32_t> epoch{0};        // the epoch running, 1-based
  std::atomic<double> alpha{0};

  struct alignas(64) ThreadSlot {
    std::atomic<double> loss{0};  // this epoch's
    std::atomic<std::uint64_t> pairs{0};
    std::atomic<std::uint64_t> wordsDone{0};     // in-vocabulary words read this run
    std::atomic<std::uint64_t> rawWordsRead{0};  // every token read this run
    std::atomic<std::uint64_t> wordsTrained{0};  // kept after subsampling, this run

    // Only the owner thread writes its slot: a load and a store, no locked add.
    static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n) {
      counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
  };
  ThreadSlot& slot(unsigned thread) { return slots_[thread]; }

  // The schedule's counter: in-vocabulary words done, including earlier runs.
  std::uint64_t wordsDone() const { return wordsBefore.load(std::memory_order_relaxed) + sum(&ThreadSlot::wordsDone); }
  std::uint64_t rawWordsRead() const { return sum(&ThreadSlot::rawWordsRead); }
  std::uint64_t wordsTrained() const { return sum(&ThreadSlot::wordsTrained); }
  // Mean loss per pair over the running epoch, from every thread's slot.
  double runningLoss() const;

  void pushEpoch(const EpochSummary& summary);
  std::vector<EpochSummary> takeEpochs();  // drains the finished epochs

 private:
  std::uint64_t sum(std::atomic<std::uint64_t> ThreadSlot::*counter) const {
    std::uint64_t total = 0;
    for (const ThreadSlot& s : slots_) total += (s.*counter).load(std::memory_order_relaxed);
    return total;
  }

  std::vector<ThreadSlot> slots_;
  std::mutex epochsMutex_;  // touched once per epoch, never in the hot loop
  std::vector<EpochSummary> epochs_;
};

// Counts the vocabulary of the files (streaming), honouring `stop`.
Vocabulary countVocabulary(const std::vector<std::string>& files, const TrainConfig& config, TrainingProgress& progress,
                           const std::atomic<bool>& stop);

// Counts the files' tokens that are in `vocab` (streaming; 0 if stopped): the
// words a new schedule runs over when a model continues on another corpus.
std::uint64_t countKnownWords(const std::vector<std::string>& files, const Vocabulary& vocab,
                              TrainingProgress& progress, const std::atomic<bool>& stop);

class Trainer {
 public:
  Trainer(const TrainConfig& config, std::vector<std::string> files, std::shared_ptr<Embeddings> model,
          TrainingProgress& progress, std::atomic<bool>& stop);
  ~Trainer();

  // Trains all epochs; returns early (without error) if stop is set. Throws
  // the first error any thread met (a file that went away, say).
  void run();
  // Wakes threads waiting at an epoch boundary after stop was set.
  void wake();
  // Runs `hook(epoch)` (the run's epoch, 1-based) in the last thread to reach
  // each epoch's end, while the others wait there, so the matrices are still
  // (a checkpoint is written here). It runs before the epoch is reported; if
  // it throws, training stops and run() throws that error.
  void onEpochEnd(std::function<void(std::uint32_t)> hook) { epochEnd_ = std::move(hook); }

 private:
  class Worker;
  bool epochBarrier(std::uint32_t epoch);
  // The matrices the threads train: the model's own, in whichever layout they are.
  float* trainingInput() const { return model_->input.data(); }
  float* trainingOutput() const { return model_->output.data(); }
  std::size_t rowStride() const { return model_->input.rowStride(); }
  // With alignRows, lays both matrices out for training (rows on cache
  // lines), or back dense for readers (JS, checkpoints).
  void alignMatrices();
  void packMatrices();

  TrainConfig config_;
  std::vector<std::string> files_;
  std::vector<std::uint64_t> fileSizes_;
  std::shared_ptr<Embeddings> model_;
  TrainingProgress& progress_;
  std::atomic<bool>& stop_;
  std::function<void(std::uint32_t)> epochEnd_;

  HotRowPlan hotPlan_;  // set by run()
  std::unique_ptr<HotRowClaims> hotInputClaims_, hotOutputClaims_;
  std::vector<std::unique_ptr<Worker>>* workers_ = nullptr;  // while run() runs
  std::mutex barrierMutex_;
  std::condition_variable barrierCv_;
  unsigned barrierWaiting_ = 0;
  std::uint64_t barrierGeneration_ = 0;
};

}  // namespace hogvec
