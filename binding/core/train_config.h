// The training options the native trainer reads.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model.h"

namespace hogvec {

// The training options the trainer reads. Their defaults and bounds live in
// one place, the option schema (lib/options.ts); binding/addon's readConfig
// sets every field from it (the last three only when a model continues
// training), so the fields below are value-initialised, not defaulted: a
// C++ caller sets every field it needs.
struct TrainConfig {
  Architecture architecture{};
  LossKind loss{};
  std::uint32_t dim{};
  std::uint32_t window{};
  std::uint32_t negative{};
  std::uint32_t epochs{};
  std::uint64_t minCount{};
  std::size_t maxVocabSize{};
  double sample{};
  double alpha{};
  double minAlpha{};
  double nsExponent{};
  bool cbowMean{};
  bool sharedNegatives{};        // skip-gram NS: one set of negatives per center (window.h)
  std::uint32_t hotRowBuffer{};  // NS, 2+ threads: hot-row copies (hot_rows.h)
  bool alignRows{};              // train with rows on 64-byte lines, laid out in place (row_matrix.h)
  unsigned threads{};
  std::uint32_t seed{};
  // Where the learning-rate schedule stands, for continued training: the
  // schedule runs over scheduleTotal words (0: epochs x vocabulary count) and
  // starts scheduleDone words in. A new model starts at 0, 0.
  std::uint64_t scheduleDone = 0;
  std::uint64_t scheduleTotal = 0;
  // Epochs the model trained before this run; this run's first epoch is
  // epochsBefore + 1 (it seeds the epoch's random streams). 0 for a new model.
  std::uint32_t epochsBefore = 0;
};

}  // namespace hogvec
