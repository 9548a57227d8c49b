#include "training_progress.h"

namespace hogvec {

double TrainingProgress::runningLoss() const {
  double loss = 0;
  std::uint64_t steps = 0;
  for (const ThreadSlot& s : slots_) {
    loss += s.loss.load(std::memory_order_relaxed);
    steps += s.steps.load(std::memory_order_relaxed);
  }
  return steps > 0 ? loss / static_cast<double>(steps) : 0.0;
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

}  // namespace hogvec
