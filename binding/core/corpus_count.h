// The passes over a corpus before training: counting its vocabulary, and
// counting its known words (a continued run's schedule).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "train_config.h"
#include "training_progress.h"
#include "vocab.h"

namespace hogvec {

// Counts the vocabulary of the files (streaming), honouring `stop`.
Vocabulary countVocabulary(const std::vector<std::string>& files, const TrainConfig& config, TrainingProgress& progress,
                           const std::atomic<bool>& stop);

// Counts the files' tokens that are in `vocab` (streaming; 0 if stopped): the
// words a new schedule runs over when a model continues on another corpus.
std::uint64_t countKnownWords(const std::vector<std::string>& files, const Vocabulary& vocab,
                              TrainingProgress& progress, const std::atomic<bool>& stop);

}  // namespace hogvec
