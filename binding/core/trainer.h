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
#include "train_config.h"
#include "training_progress.h"

namespace hogvec {

class TrainingThread;

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
  // Thread `index`'s life: every epoch, then the barrier at its end.
  void runThread(TrainingThread& thread);
  bool epochBarrier(std::uint32_t epoch);
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

  std::vector<std::unique_ptr<TrainingThread>>* threads_ = nullptr;  // while run() runs
  std::mutex barrierMutex_;
  std::condition_variable barrierCv_;
  unsigned barrierWaiting_ = 0;
  std::uint64_t barrierGeneration_ = 0;
};

}  // namespace hogvec
