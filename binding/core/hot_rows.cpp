#include "hot_rows.h"

#include <algorithm>
#include <thread>

namespace hogvec {

HotRowPlan planHotRows(std::uint32_t hotRowBuffer, unsigned threads, LossKind loss, std::size_t vocabularySize) {
  HotRowPlan plan;
  if (threads != kHotRowThreads || hotRowBuffer == 0 || loss == LossKind::Softmax) return plan;
  // Hierarchical softmax: vocabularySize - 1 inner nodes; the rows copied must exist in both matrices.
  const std::size_t innerNodes = vocabularySize > 0 ? vocabularySize - 1 : 0;
  const std::size_t outputRows = loss == LossKind::HierarchicalSoftmax ? innerNodes : vocabularySize;
  plan.rows = static_cast<std::uint32_t>(std::min<std::size_t>(hotRowBuffer, outputRows));
  if (plan.rows == 0) return HotRowPlan{};
  plan.periodWords = kHotRowPeriodWords;
  if (loss == LossKind::HierarchicalSoftmax) plan.outputFrom = static_cast<std::uint32_t>(innerNodes - plan.rows);
  return plan;
}

void HotRows::load(const float* shared) {
  std::copy(shared, shared + copy_.size(), copy_.begin());
  std::copy(copy_.begin(), copy_.end(), base_.begin());
}

std::size_t HotRows::writeBack(float* shared, HotRowClaims& claims, bool wait) {
  std::size_t left = 0;
  for (std::size_t r = 0; r < rows_; ++r) {
    if (!claims.tryClaim(r)) {
      if (!wait) {
        ++left;
        continue;
      }
      do std::this_thread::yield();
      while (!claims.tryClaim(r));
    }
    float* __restrict to = shared + r * stride_;
    float* __restrict copy = copy_.data() + r * stride_;
    float* __restrict base = base_.data() + r * stride_;
    for (std::size_t i = 0; i < stride_; ++i) {
      const float sum = to[i] + (copy[i] - base[i]);
      to[i] = sum;
      copy[i] = base[i] = sum;
    }
    claims.release(r);
  }
  return left;
}

void ThreadHotRows::load(const SharedHotRows& shared) {
  if (plan_.rows == 0) return;
  input_.load(shared.input);  // rows [0, rows) lie first, in the same layout
  output_.load(shared.output);
  sinceWriteBack_ = plan_.periodWords * index_ / threads_;
}

void ThreadHotRows::writeBack(const SharedHotRows& shared, bool everyRow) {
  if (plan_.rows == 0) return;
  input_.writeBack(shared.input, *shared.inputClaims, everyRow);
  output_.writeBack(shared.output, *shared.outputClaims, everyRow);
}

}  // namespace hogvec
