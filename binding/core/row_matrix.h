// A matrix of rows x dim floats in one block with room for rows x stride
// floats (stride: dim rounded up to 16, a 64-byte cache line). Readers see it
// dense, rows dim apart: the JS views, the files, search. Training
// (TrainConfig.alignRows) lays the same block out with rows stride apart, each
// starting on a cache line, so that no vector load or store straddles two
// lines, and back again: in place, so a model is never held twice.
#pragma once

#include <cstddef>

namespace hogvec {

class RowMatrix {
 public:
  static constexpr std::size_t kRowAlignmentFloats = 16;  // 64 bytes

  // The stride of aligned rows of dim floats.
  static std::size_t alignedStride(std::size_t dim) {
    return (dim + kRowAlignmentFloats - 1) / kRowAlignmentFloats * kRowAlignmentFloats;
  }

  RowMatrix() = default;
  // rows x dim floats, every one `value`, dense. Throws std::bad_alloc.
  RowMatrix(std::size_t rows, std::size_t dim, float value = 0.0f);
  ~RowMatrix();
  RowMatrix(RowMatrix&& other) noexcept;
  RowMatrix& operator=(RowMatrix&& other) noexcept;
  RowMatrix(const RowMatrix&) = delete;
  RowMatrix& operator=(const RowMatrix&) = delete;

  float* data() { return data_; }
  const float* data() const { return data_; }
  // Row r where it lies now (dense or aligned).
  float* row(std::size_t r) { return data_ + r * rowStride(); }
  std::size_t rows() const { return rows_; }
  std::size_t dim() const { return dim_; }
  // The floats of the dense matrix, rows x dim.
  std::size_t size() const { return rows_ * dim_; }
  bool empty() const { return size() == 0; }

  // Where consecutive rows start now: dim apart (dense), or the aligned stride.
  std::size_t rowStride() const { return aligned_ ? alignedStride(dim_) : dim_; }
  bool aligned() const { return aligned_; }

  // Moves the rows stride apart, the last row first (each moves to a higher
  // address, so none lands on a row not yet moved), and zeroes each row's
  // padding. No-op if already aligned.
  void alignRows();
  // Moves them back to dim apart, the first row first. No-op if dense.
  void packRows();

 private:
  std::size_t rows_ = 0, dim_ = 0;
  float* data_ = nullptr;
  bool aligned_ = false;
};

}  // namespace hogvec
