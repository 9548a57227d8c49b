// What a training run holds in memory, part by part, so that running out of
// memory can be reported with what the run needed and which options lower it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hot_rows.h"
#include "train_config.h"

namespace hogvec {

struct TrainingMemory {
  std::uint64_t matrices = 0;          // the model: input and output rows, float
  std::uint64_t alignmentPadding = 0;  // alignRows: each row padded to 64 bytes while training
  std::uint64_t hotRowCopies = 0;      // hotRowBuffer: every thread's copies, as trained and as taken
  std::uint64_t softmaxScores = 0;     // softmax: one score a word, per thread

  std::uint64_t total() const { return matrices + alignmentPadding + hotRowCopies + softmaxScores; }
};

// The memory of training `words` words (output rows: `outputRows`) with `config`.
TrainingMemory trainingMemory(const TrainConfig& config, std::size_t words, std::size_t outputRows);

// What to say when memory ran out: with the vocabulary known (words > 0),
// what the run needs, part by part, and the option that saves each part;
// before (words == 0, while counting), that counting holds every distinct
// word up to maxVocabSize.
std::string outOfMemoryHint(const TrainConfig& config, std::size_t words, std::size_t outputRows);

}  // namespace hogvec
