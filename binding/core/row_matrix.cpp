#include "row_matrix.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "memory.h"

namespace hogvec {

RowMatrix::RowMatrix(std::size_t rows, std::size_t dim, float value) : rows_(rows), dim_(dim) {
  const std::size_t bytes = std::max<std::size_t>(rows * alignedStride(dim), 1) * sizeof(float);
  data_ = static_cast<float*>(allocateAligned(bytes));
  adviseHugePages(data_, bytes);  // before the first touch: faulted in as huge pages
  std::fill(data_, data_ + rows * dim, value);
}

RowMatrix::~RowMatrix() { freeAligned(data_); }

RowMatrix::RowMatrix(RowMatrix&& other) noexcept
    : rows_(std::exchange(other.rows_, 0)),
      dim_(std::exchange(other.dim_, 0)),
      data_(std::exchange(other.data_, nullptr)),
      aligned_(std::exchange(other.aligned_, false)) {}

RowMatrix& RowMatrix::operator=(RowMatrix&& other) noexcept {
  if (this != &other) {
    freeAligned(data_);
    rows_ = std::exchange(other.rows_, 0);
    dim_ = std::exchange(other.dim_, 0);
    data_ = std::exchange(other.data_, nullptr);
    aligned_ = std::exchange(other.aligned_, false);
  }
  return *this;
}

void RowMatrix::alignRows() {
  if (aligned_) return;
  const std::size_t stride = alignedStride(dim_);
  for (std::size_t r = rows_; r-- > 0;) {
    float* to = data_ + r * stride;
    std::memmove(to, data_ + r * dim_, dim_ * sizeof(float));
    std::fill(to + dim_, to + stride, 0.0f);
  }
  aligned_ = true;
}

void RowMatrix::packRows() {
  if (!aligned_) return;
  const std::size_t stride = alignedStride(dim_);
  for (std::size_t r = 0; r < rows_; ++r) std::memmove(data_ + r * dim_, data_ + r * stride, dim_ * sizeof(float));
  aligned_ = false;
  // The room past the dense rows is needed again only when training aligns them.
  releasePages(data_ + rows_ * dim_, rows_ * (stride - dim_) * sizeof(float));
}

}  // namespace hogvec
