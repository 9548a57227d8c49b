// A training thread's sentences: pieces of its shard of a file, read up to a
// newline, the shard's end, or kMaxSentenceTokens tokens; looked up in the
// vocabulary together (WordIndex::findAll); unknown words dropped; frequent
// words subsampled (word2vec's keep probabilities).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.h"
#include "random.h"
#include "vocab.h"

namespace hogvec {

// A sentence piece holds at most this many tokens read; longer lines are cut.
constexpr std::size_t kMaxSentenceTokens = 10000;

// What one piece held, for the schedule and the progress counters.
struct PieceCounts {
  std::uint64_t tokens = 0;        // every token read
  std::uint64_t inVocabulary = 0;  // the tokens in the vocabulary
  std::uint64_t kept = 0;          // the words kept after subsampling: the piece's length
};

class SentenceSource {
 public:
  // keep[w]: the probability of keeping word w (subsampling); sample <= 0 keeps every word.
  SentenceSource(const Vocabulary& vocab, const std::vector<double>& keep, double sample);

  // Reads the next piece into `sentence` (word indices), drawing the
  // subsampling coins from `rng`. Returns false once the shard is done (the
  // last piece may still hold words).
  bool next(TokenReader& reader, Random& rng, std::vector<std::uint32_t>& sentence, PieceCounts& counts);

 private:
  const Vocabulary& vocab_;
  const std::vector<double>& keep_;
  const double sample_;
  // The piece as read, allocated once: its tokens' bytes end to end, where each ends, views, hashes, words.
  std::string tokenBytes_;
  std::vector<std::size_t> tokenEnds_;
  std::vector<std::string_view> tokens_;
  std::vector<std::uint32_t> tokenHashes_, tokenWords_;
};

}  // namespace hogvec
