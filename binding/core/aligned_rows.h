// The matrices as training reads and writes them (TrainConfig.alignRows):
// every row starts on a 64-byte cache-line boundary, rows `stride` floats
// apart (dim rounded up to 16). In a dense matrix a row of 100 floats starts
// on a line boundary one time in four, and a vector load or store that
// straddles two lines costs two; a training step does dozens a row.
#pragma once

#include <cstddef>

namespace hogvec {

class AlignedRows {
 public:
  static constexpr std::size_t kRowAlignmentFloats = 16;  // 64 bytes

  // A copy of a dense matrix (rows x dim, rows dim apart).
  AlignedRows(const float* dense, std::size_t rows, std::size_t dim);
  ~AlignedRows();
  AlignedRows(const AlignedRows&) = delete;
  AlignedRows& operator=(const AlignedRows&) = delete;

  float* data() const { return data_; }
  std::size_t stride() const { return stride_; }
  // Writes the rows back into a dense matrix of the same shape.
  void copyTo(float* dense) const;

 private:
  std::size_t rows_, dim_, stride_;
  float* data_ = nullptr;
};

}  // namespace hogvec
