#include "training_progress.h"

namespace hogvec {

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

}  // namespace hogvec
