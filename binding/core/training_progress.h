// What a training run reports while it runs: the phase, the counters the
// JS side polls, and each finished epoch's summary.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace hogvec {

struct EpochSummary {
  std::uint32_t epoch = 0;  // 1-based
  double loss = 0;          // mean loss per step
  std::uint64_t steps = 0;  // predictions trained: (context, center) pairs for skip-gram, centers for CBOW
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
    std::atomic<std::uint64_t> steps{0};
    std::atomic<std::uint64_t> wordsDone{0};     // in-vocabulary words read this run
    std::atomic<std::uint64_t> tokensRead{0};    // every token read this run
    std::atomic<std::uint64_t> wordsTrained{0};  // kept after subsampling, this run

    // Only the owner thread writes its slot: a load and a store, no locked add.
    static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n) {
      counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
  };
  ThreadSlot& slot(unsigned thread) { return slots_[thread]; }

  // The schedule's counter: in-vocabulary words done, including earlier runs.
  std::uint64_t wordsDone() const { return wordsBefore.load(std::memory_order_relaxed) + sum(&ThreadSlot::wordsDone); }
  std::uint64_t tokensRead() const { return sum(&ThreadSlot::tokensRead); }
  std::uint64_t wordsTrained() const { return sum(&ThreadSlot::wordsTrained); }
  // Mean loss per step over the running epoch, from every thread's slot.
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

}  // namespace hogvec
