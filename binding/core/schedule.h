// The learning-rate schedule, one per training thread: the rate falls
// linearly from alpha to minAlpha over the schedule's words (the in-vocabulary
// words of every epoch, counted before subsampling, as the C tool and gensim
// count them), and each sentence piece trains at the rate for the words done
// before it, by every thread and by earlier runs of the model.
#pragma once

#include <cstdint>

#include "training_progress.h"

namespace hogvec {

class LearningRateSchedule {
 public:
  LearningRateSchedule(double alpha, double minAlpha, TrainingProgress& progress, TrainingProgress::ThreadSlot& slot)
      : alpha_(alpha), minAlpha_(minAlpha), progress_(progress), slot_(slot) {}

  // The rate for a piece of `inVocabulary` words, from the words done before
  // it; then counts the piece as done (in this thread's progress slot).
  double rateForPiece(std::uint64_t inVocabulary);

 private:
  // This thread's own count is exact; the other threads' slots, which they
  // write every piece, are read every kOthersReadWords words rather than every
  // piece, so their cache lines do not travel between the cores at every
  // piece (with one thread the rate is exact).
  static constexpr std::uint64_t kOthersReadWords = 8192;

  const double alpha_, minAlpha_;
  TrainingProgress& progress_;
  TrainingProgress::ThreadSlot& slot_;
  std::uint64_t sinceOthersRead_ = kOthersReadWords;  // words counted since; the first piece reads
  std::uint64_t othersDone_ = 0;                      // earlier runs' and the other threads' words, as last read
  double totalWords_ = 0;                             // the schedule's length, as last read
};

}  // namespace hogvec
