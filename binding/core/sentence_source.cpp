#include "sentence_source.h"

namespace hogvec {

SentenceSource::SentenceSource(const Vocabulary& vocab, const std::vector<double>& keep, double sample)
    : vocab_(vocab), keep_(keep), sample_(sample) {
  // Room for a full piece of 8-byte tokens; a piece of longer ones grows it
  // once, and it keeps that size (no allocation after the first such piece).
  tokenBytes_.reserve(kMaxSentenceTokens * 8);
  tokenEnds_.reserve(kMaxSentenceTokens);
  tokens_.reserve(kMaxSentenceTokens);
  tokenHashes_.reserve(kMaxSentenceTokens);
  tokenWords_.reserve(kMaxSentenceTokens);
}

bool SentenceSource::next(TokenReader& reader, Random& rng, std::vector<std::uint32_t>& sentence, PieceCounts& counts) {
  sentence.clear();
  tokenBytes_.clear();
  tokenEnds_.clear();
  bool more = true;
  std::string_view token;
  while (tokenEnds_.size() < kMaxSentenceTokens) {
    const TokenReader::Event e = reader.next(&token);
    if (e == TokenReader::Event::Done) {
      more = false;
      break;
    }
    if (e == TokenReader::Event::SentenceEnd) break;
    tokenBytes_.append(token);
    tokenEnds_.push_back(tokenBytes_.size());
  }
  const std::size_t read = tokenEnds_.size();
  tokens_.resize(read);
  tokenHashes_.resize(read);
  tokenWords_.resize(read);
  for (std::size_t i = 0, begin = 0; i < read; begin = tokenEnds_[i++])
    tokens_[i] = std::string_view(tokenBytes_.data() + begin, tokenEnds_[i] - begin);
  vocab_.findAll(tokens_.data(), read, tokenHashes_.data(), tokenWords_.data());
  std::uint64_t inVocabulary = 0;
  for (const std::uint32_t w : tokenWords_) {
    if (w == WordIndex::kMissing) continue;
    ++inVocabulary;
    if (sample_ > 0 && rng.uniform() >= keep_[w]) continue;
    sentence.push_back(w);
  }
  counts.tokens = read;
  counts.inVocabulary = inVocabulary;
  counts.kept = sentence.size();
  return more;
}

}  // namespace hogvec
