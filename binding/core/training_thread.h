// One Hogwild training thread: it streams its shard of every file, sentence
// piece by sentence piece, and trains each center's window on the shared
// matrices without locks. Its parts: a SentenceSource (read, look up,
// subsample), a LearningRateSchedule, its hot-row copies (ThreadHotRows),
// and the window steps of window.h with the losses of loss.h.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "hot_rows.h"
#include "loss.h"
#include "model.h"
#include "random.h"
#include "sampling.h"
#include "schedule.h"
#include "sentence_source.h"
#include "train_config.h"
#include "training_progress.h"
#include "window.h"

namespace hogvec {

// What every thread of a run shares, read-only but for the matrices (and
// the hot rows' claims), which every thread changes in place.
struct SharedRun {
  const TrainConfig& config;
  Embeddings& model;
  const std::vector<std::string>& files;
  const std::vector<std::uint64_t>& fileSizes;
  TrainingProgress& progress;
  const std::atomic<bool>& stop;
  const NegativeSampler& sampler;   // negative sampling
  const std::vector<double>& keep;  // subsampling's keep probability of each word
  HotRowPlan hotPlan;
  SharedHotRows hotRows;
};

// Owns its random streams, its scratch (allocated once, so the hot loop
// never allocates) and its progress slot. Aligned to a cache line, so the
// fields one thread writes at every step never share a line with the next
// thread's.
class alignas(64) TrainingThread {
 public:
  TrainingThread(const SharedRun& run, unsigned index);

  // Trains this thread's shard of every file once: epoch `epoch` of this run (1-based).
  void trainEpoch(std::uint32_t epoch);

  // This epoch's sums, for its summary.
  double epochLoss() const { return epochLoss_; }
  std::uint64_t epochSteps() const { return epochSteps_; }
  std::uint64_t epochWordsTrained() const { return epochWordsTrained_; }

 private:
  bool stopped() const { return run_.stop.load(std::memory_order_relaxed); }
  void publishLoss();
  void trainShard(std::size_t file);
  void trainSentence();
  void windowOf(std::size_t i, std::size_t* from, std::size_t* to) const;
  std::size_t drawsOf(std::size_t i) const;
  void prepareCenter(std::size_t i, std::vector<std::uint32_t>& negatives);
  void trainCenter(std::size_t i);
  void prefetchOutput(std::uint32_t row) const { blas::prefetchRowForWrite(matrices_.outputRow(row), dim_); }
  void prefetchInput(std::uint32_t word) const { blas::prefetchRowForWrite(matrices_.inputRow(word), dim_); }

  const SharedRun& run_;
  const TrainConfig& config_;
  const Vocabulary& vocab_;
  const unsigned index_;
  const std::size_t dim_;
  TrainingProgress::ThreadSlot& slot_;
  Random rng_;          // subsampling and window spans
  Random negativeRng_;  // negatives, drawn one center ahead
  SentenceSource source_;
  LearningRateSchedule schedule_;
  StepMatrices<float> matrices_;
  OutputLayer<float> outputLayer_;
  std::vector<float> hidden_, gradHidden_;
  std::vector<std::uint32_t> negativesNow_, negativesNext_;  // a center's pairs x negative
  std::vector<float> softmaxScores_;
  const bool sharedNegatives_;  // the option, where it applies (skip-gram, negative sampling)
  SharedNegativesScratch<float> shared_;
  ThreadHotRows hotRows_;
  std::vector<std::uint32_t> sentence_, spans_, contexts_, targets_;
  double epochLoss_ = 0;
  std::uint64_t epochSteps_ = 0, epochWordsTrained_ = 0;
};

}  // namespace hogvec
