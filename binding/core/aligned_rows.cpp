#include "aligned_rows.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "memory.h"

#if defined(_WIN32)
#include <malloc.h>
#endif

namespace hogvec {
namespace {

constexpr std::size_t kHugePageBytes = std::size_t(2) << 20;

// Large matrices start on a 2 MB boundary, so huge pages can back all of them.
float* allocateAligned(std::size_t bytes) {
  const std::size_t alignment = bytes >= kHugePageBytes ? kHugePageBytes : 64;
  const std::size_t size = (bytes + alignment - 1) / alignment * alignment;
#if defined(_WIN32)
  void* p = _aligned_malloc(size, alignment);
#else
  void* p = std::aligned_alloc(alignment, size);
#endif
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<float*>(p);
}

void freeAligned(float* p) {
#if defined(_WIN32)
  _aligned_free(p);
#else
  std::free(p);
#endif
}

}  // namespace

AlignedRows::AlignedRows(const float* dense, std::size_t rows, std::size_t dim)
    : rows_(rows), dim_(dim), stride_((dim + kRowAlignmentFloats - 1) / kRowAlignmentFloats * kRowAlignmentFloats) {
  const std::size_t bytes = std::max<std::size_t>(rows_ * stride_, 1) * sizeof(float);
  data_ = allocateAligned(bytes);
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
