#include "aligned_rows.h"

#include <algorithm>

#include "memory.h"

namespace hogvec {

AlignedRows::AlignedRows(const float* dense, std::size_t rows, std::size_t dim)
    : rows_(rows), dim_(dim), stride_((dim + kRowAlignmentFloats - 1) / kRowAlignmentFloats * kRowAlignmentFloats) {
  const std::size_t bytes = std::max<std::size_t>(rows_ * stride_, 1) * sizeof(float);
  data_ = static_cast<float*>(allocateAligned(bytes));
  adviseHugePages(data_, bytes);  // before the first touch: faulted in as huge pages
  for (std::size_t r = 0; r < rows_; ++r) {
    float* row = data_ + r * stride_;
    std::copy_n(dense + r * dim_, dim_, row);
    std::fill(row + dim_, row + stride_, 0.0f);
  }
}

AlignedRows::~AlignedRows() { freeAligned(data_); }

void AlignedRows::copyTo(float* dense) const {
  for (std::size_t r = 0; r < rows_; ++r) std::copy_n(data_ + r * stride_, dim_, dense + r * dim_);
}

}  // namespace hogvec
