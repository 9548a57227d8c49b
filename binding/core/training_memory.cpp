#include "training_memory.h"

#include <cstdio>

#include "row_matrix.h"

namespace hogvec {

namespace {

std::string megabytes(std::uint64_t bytes) {
  char text[32];
  if (bytes >= 10'000'000'000ULL) std::snprintf(text, sizeof text, "%.0f GB", double(bytes) / 1e9);
  else if (bytes >= 1'000'000'000ULL) std::snprintf(text, sizeof text, "%.1f GB", double(bytes) / 1e9);
  else std::snprintf(text, sizeof text, "%.0f MB", double(bytes) / 1e6);
  return text;
}

}  // namespace

TrainingMemory trainingMemory(const TrainConfig& config, std::size_t words, std::size_t outputRows) {
  const std::uint64_t dim = config.dim;
  const std::uint64_t stride = RowMatrix::alignedStride(dim);
  const std::uint64_t rows = std::uint64_t(words) + outputRows;
  TrainingMemory m;
  m.matrices = rows * dim * sizeof(float);
  if (config.alignRows) m.alignmentPadding = rows * (stride - dim) * sizeof(float);
  {
    const HotRowPlan plan = planHotRows(config.hotRowBuffer, config.threads, config.loss, words);
    const std::uint64_t rowFloats = config.alignRows ? stride : dim;
    // Two matrices, each as trained and as taken.
    m.hotRowCopies = std::uint64_t(config.threads) * plan.rows * 4 * rowFloats * sizeof(float);
  }
  if (config.loss == LossKind::Softmax) m.softmaxScores = std::uint64_t(config.threads) * words * sizeof(float);
  return m;
}

std::string outOfMemoryHint(const TrainConfig& config, std::size_t words, std::size_t outputRows) {
  if (words == 0) {
    return "counting the vocabulary holds every distinct word, up to maxVocabSize (" +
           std::to_string(config.maxVocabSize) + "): lower maxVocabSize";
  }
  const TrainingMemory m = trainingMemory(config, words, outputRows);
  std::string hint = "this run needs about " + megabytes(m.total()) + ": the matrices " + megabytes(m.matrices) + " (" +
                     std::to_string(words) + " words x dim " + std::to_string(config.dim) +
                     ", input and output; lower dim, or raise minCount or lower maxVocabSize for fewer words)";
  if (m.alignmentPadding > 0)
    hint += ", their rows' padding to cache lines " + megabytes(m.alignmentPadding) + " (alignRows: false saves it)";
  if (m.hotRowCopies > 0)
    hint += ", the threads' hot-row copies " + megabytes(m.hotRowCopies) + " (hotRowBuffer: 0 saves them)";
  if (m.softmaxScores > 0)
    hint += ", the softmax scores " + megabytes(m.softmaxScores) + " (negative sampling needs none)";
  return hint;
}

}  // namespace hogvec
