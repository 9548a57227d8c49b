#include "schedule.h"

#include <algorithm>

namespace hogvec {

double LearningRateSchedule::rateForPiece(std::uint64_t inVocabulary) {
  const std::uint64_t own = slot_.wordsDone.load(std::memory_order_relaxed);
  if (sinceOthersRead_ >= kOthersReadWords) {
    othersDone_ = progress_.wordsDone() - own;
    totalWords_ = static_cast<double>(progress_.wordsTotal.load(std::memory_order_relaxed));
    sinceOthersRead_ = 0;
  }
  const std::uint64_t before = othersDone_ + own;
  sinceOthersRead_ += inVocabulary;
  TrainingProgress::ThreadSlot::add(slot_.wordsDone, inVocabulary);
  const double fraction = totalWords_ > 0 ? static_cast<double>(before) / totalWords_ : 1.0;
  return std::max(minAlpha_, alpha_ - (alpha_ - minAlpha_) * fraction);
}

}  // namespace hogvec
