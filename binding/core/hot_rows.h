// The hot-row copies (TrainOptions.hotRowBuffer): each training thread keeps
// its own copy of the first rows of the input and output matrices, the rows
// of the most frequent words, which nearly every step reads and writes, and
// from time to time adds what it changed to the shared rows. Without them
// the threads take turns owning those cache lines, and where cores sit far
// apart each turn costs more than the step's arithmetic.
//
// Only 2 threads keep copies (kHotRowThreads says why).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "memory.h"
#include "model.h"

namespace hogvec {

// Each thread writes its copies back after this many of its own words.
constexpr std::uint64_t kHotRowPeriodWords = 4096;

// The one thread count that keeps copies. T threads that each train the
// hottest rows on their own copy for a period, at the same time, each take
// those rows most of the way their words ask; the shared rows then move by
// the sum, up to T times too far. At 2 that is at most twice, an oscillation
// that does not grow (the quality gate measured it harmless); from 3 on it
// grows, and at 8 threads it diverged when the threads truly ran at once,
// even with periods shortened to 8,192 / T words. docs/training.md has the
// argument.
constexpr unsigned kHotRowThreads = 2;

// How many rows each thread copies, and after how many of its own words it
// writes them back: hotRowBuffer rows every kHotRowPeriodWords words at 2
// threads; none at any other thread count.
struct HotRowPlan {
  std::uint32_t rows = 0;  // 0: no copies
  std::uint64_t periodWords = 0;
  // The first hot output row: 0 (the most frequent words' rows) for negative
  // sampling; for hierarchical softmax the top of the Huffman tree, the last
  // inner nodes (word2vec numbers the root last).
  std::uint32_t outputFrom = 0;
};

// outputRows: the output rows the loss uses (the vocabulary's size for
// negative sampling, its inner nodes for hierarchical softmax); no copies
// for the softmax.
HotRowPlan planHotRows(std::uint32_t hotRowBuffer, unsigned threads, LossKind loss, std::size_t vocabularySize);

// One flag per shared hot row. A write-back holds a row's flag while it adds
// to the row, so two threads' write-backs never interleave on it (each is a
// read-modify-write, and one would erase the other's change). Nothing else
// writes those rows while the copies are in use: every step of every thread
// changes its own copy.
class HotRowClaims {
 public:
  explicit HotRowClaims(std::size_t rows) : flags_(new std::atomic<bool>[rows]) {
    for (std::size_t r = 0; r < rows; ++r) flags_[r].store(false, std::memory_order_relaxed);
  }
  bool tryClaim(std::size_t row) { return !flags_[row].exchange(true, std::memory_order_acquire); }
  void release(std::size_t row) { flags_[row].store(false, std::memory_order_release); }

 private:
  std::unique_ptr<std::atomic<bool>[]> flags_;
};

// One thread's copy of one matrix's first rows (rows of `stride` floats, the
// matrix's own layout), and the shared rows as they were when it last
// synchronised each row (base).
class HotRows {
 public:
  HotRows(std::size_t rows, std::size_t stride)
      : rows_(rows), stride_(stride), copy_(rows * stride), base_(rows * stride) {}

  float* data() { return copy_.data(); }
  std::size_t rows() const { return rows_; }

  // Takes the shared rows as the copy.
  void load(const float* shared);

  // Adds each row's change since its last synchronisation to the shared row
  // and takes the sum as the new copy. A row whose flag another thread holds
  // is left alone, its change kept in the copy for the next call, unless
  // `wait`, which yields until it can claim the row. Never waits otherwise.
  // Returns the number of rows left for the next call.
  std::size_t writeBack(float* shared, HotRowClaims& claims, bool wait);

 private:
  std::size_t rows_, stride_;
  std::vector<float, CacheLineAllocator<float>> copy_, base_;
};

// The shared matrices' hot rows and their claims, one set for every thread.
struct SharedHotRows {
  float* input = nullptr;   // input row 0
  float* output = nullptr;  // output row plan.outputFrom
  HotRowClaims* inputClaims = nullptr;
  HotRowClaims* outputClaims = nullptr;
};

// One training thread's copies of both matrices' hot rows, and when it
// writes them back: every plan.periodWords centers it trains, counted from
// an offset of index / threads of a period, so that the threads' write-backs
// do not line up.
class ThreadHotRows {
 public:
  ThreadHotRows(const HotRowPlan& plan, std::size_t stride, unsigned index, unsigned threads)
      : plan_(plan), input_(plan.rows, stride), output_(plan.rows, stride), index_(index), threads_(threads) {}

  std::uint32_t rows() const { return plan_.rows; }
  float* input() { return input_.data(); }
  float* output() { return output_.data(); }

  // Takes the shared rows as the copies, at a shard's start.
  void load(const SharedHotRows& shared);
  // Counts a trained center; at the end of a period, writes the copies back
  // (rows another thread is writing back now wait for the next period).
  void countCenter(const SharedHotRows& shared) {
    if (plan_.rows == 0 || ++sinceWriteBack_ < plan_.periodWords) return;
    writeBack(shared, false);
    sinceWriteBack_ = 0;
  }
  // Writes the copies back; everyRow waits for rows another thread holds (a shard's end).
  void writeBack(const SharedHotRows& shared, bool everyRow);

 private:
  const HotRowPlan plan_;
  HotRows input_, output_;
  const unsigned index_, threads_;
  std::uint64_t sinceWriteBack_ = 0;  // centers trained since the last write-back
};

}  // namespace hogvec
