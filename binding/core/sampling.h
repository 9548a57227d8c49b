// Random choices of the trainer: negatives from the unigram distribution
// raised to an exponent (an alias table: O(1) a draw, memory proportional to
// the vocabulary), and subsampling of frequent words.
#pragma once

#include <cstdint>
#include <vector>

#include "random.h"

namespace hogvec {

class NegativeSampler {
 public:
  NegativeSampler() = default;
  // counts[i] is word i's corpus count; P(i) is proportional to counts[i]^exponent.
  NegativeSampler(const std::vector<std::uint64_t>& counts, double exponent);

  // Draws a word. Two random numbers: a column, then a coin against its
  // threshold: next() / 2^32 < t exactly when next() < ceil(t * 2^32), so the
  // integer compare gives the draws of docs/training.md bit for bit.
  std::uint32_t draw(Random& rng) const {
    const std::uint32_t column = rng.below(static_cast<std::uint32_t>(columns_.size()));
    const Column c = columns_[column];
    return rng.next() < c.keepBelow ? column : c.alias;
  }

  // Draws a word different from `excluded`, drawing again while it is equal,
  // as CS224n's getNegativeSamples does. After kMaxRedraws equal draws (a
  // word holding nearly all the probability) it takes the next word instead,
  // so the loop always ends. Needs at least 2 words.
  static constexpr int kMaxRedraws = 1000;
  std::uint32_t drawExcept(Random& rng, std::uint32_t excluded) const {
    for (int attempt = 0; attempt < kMaxRedraws; ++attempt) {
      const std::uint32_t w = draw(rng);
      if (w != excluded) return w;
    }
    return excluded + 1 < columns_.size() ? excluded + 1 : 0;
  }

  std::size_t size() const { return columns_.size(); }
  // The probability the table assigns to word i (for tests).
  double probability(std::uint32_t i) const;

 private:
  // One column of the table, packed so that a draw reads one aligned 8-byte
  // entry (one cache line) instead of two arrays. A column whose threshold
  // is 1 (or rounds up to 2^32) aliases itself, so keepBelow fits 32 bits.
  struct Column {
    std::uint32_t keepBelow;  // keep the column (its own word) when next() < keepBelow
    std::uint32_t alias;      // else take this word
  };
  std::vector<Column> columns_;
};

// Keep probability of each word under the C tool's subsampling rule:
// (sqrt(f / (sample N)) + 1) (sample N) / f, with N the total count of the
// vocabulary's words. Values >= 1 always keep. sample = 0 keeps everything.
std::vector<double> subsamplingKeepProbabilities(const std::vector<std::uint64_t>& counts, double sample);

}  // namespace hogvec
