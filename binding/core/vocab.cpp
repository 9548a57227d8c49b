#include "vocab.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "memory.h"
#include "random.h"

namespace hogvec {

// ---------------------------------------------------------------- WordIndex

bool WordIndex::holds(const Entry& entry, std::string_view word) const {
  if (entry.length != word.size()) return false;
  const char* bytes =
      word.size() <= kInlineBytes ? reinterpret_cast<const char*>(&entry.place) : arena_.data() + entry.place;
  return std::memcmp(bytes, word.data(), word.size()) == 0;
}

std::uint32_t WordIndex::slotOf(std::string_view word, std::uint32_t hash) const {
  const std::uint32_t mask = static_cast<std::uint32_t>(slots_.size() - 1);
  for (std::uint32_t s = hash & mask;; s = (s + 1) & mask) {
    const Slot slot = slots_[s];
    if (slot.index == kMissing || (slot.hash == hash && holds(entries_[slot.index], word))) return s;
  }
}

std::uint32_t WordIndex::find(std::string_view word) const {
  if (slots_.empty()) return kMissing;
  return slots_[slotOf(word, hashWord(word.data(), word.size()))].index;
}

void WordIndex::findAll(const std::string_view* words, std::size_t count, std::uint32_t* hashes,
                        std::uint32_t* indices) const {
  if (slots_.empty()) {
    for (std::size_t i = 0; i < count; ++i) indices[i] = kMissing;
    return;
  }
  const std::uint32_t mask = static_cast<std::uint32_t>(slots_.size() - 1);
  // Pass 1: every home slot starts loading.
  for (std::size_t i = 0; i < count; ++i) {
    hashes[i] = hashWord(words[i].data(), words[i].size());
    prefetchForRead(&slots_[hashes[i] & mask]);
  }
  // Pass 2: the first slot with the word's hash (or an empty one) names a
  // candidate, whose entry starts loading.
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t s = hashes[i] & mask;
    while (slots_[s].index != kMissing && slots_[s].hash != hashes[i]) s = (s + 1) & mask;
    indices[i] = slots_[s].index;
    if (indices[i] != kMissing) prefetchForRead(&entries_[indices[i]]);
  }
  // Pass 3: a candidate is the word unless two words share a 32-bit hash,
  // which the full probe sorts out.
  for (std::size_t i = 0; i < count; ++i)
    if (indices[i] != kMissing && !holds(entries_[indices[i]], words[i]))
      indices[i] = slots_[slotOf(words[i], hashes[i])].index;
}

std::uint32_t WordIndex::insert(std::string_view word) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();  // load factor <= 1/2
  const std::uint32_t hash = hashWord(word.data(), word.size());
  const std::uint32_t s = slotOf(word, hash);
  if (slots_[s].index != kMissing) return slots_[s].index;
  const auto i = static_cast<std::uint32_t>(entries_.size());
  if (i == kMissing) throw std::length_error("the vocabulary cannot hold more than 2^32 - 1 words");
  Entry entry{0, static_cast<std::uint32_t>(word.size()), hash};
  if (word.size() <= kInlineBytes) {
    std::memcpy(&entry.place, word.data(), word.size());
  } else {
    entry.place = arena_.size();
    arena_.append(word.data(), word.size());
  }
  slots_[s] = Slot{hash, i};
  entries_.push_back(entry);
  return i;
}

void WordIndex::grow() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{0, kMissing});
  const std::uint32_t mask = static_cast<std::uint32_t>(slots_.size() - 1);
  for (std::uint32_t i = 0; i < entries_.size(); ++i) {
    std::uint32_t s = entries_[i].hash & mask;
    while (slots_[s].index != kMissing) s = (s + 1) & mask;
    slots_[s] = Slot{entries_[i].hash, i};
  }
}

void WordIndex::clear() {
  slots_.clear();
  entries_.clear();
  arena_.clear();
}

std::size_t WordIndex::memoryBytes() const {
  return slots_.capacity() * sizeof(Slot) + entries_.capacity() * sizeof(Entry) + arena_.capacity();
}

// ---------------------------------------------------------- VocabularyCounter

void VocabularyCounter::add(std::string_view word) {
  ++totalTokens_;
  const std::uint32_t i = index_.insert(word);
  if (i == counts_.size()) counts_.push_back(0);
  ++counts_[i];
  if (index_.size() > maxSize_) prune();
}

void VocabularyCounter::prune() {
  // Rebuild with the words above the threshold; repeat until under the bound.
  do {
    WordIndex kept;
    std::vector<std::uint64_t> keptCounts;
    for (std::uint32_t i = 0; i < index_.size(); ++i) {
      if (counts_[i] > minReduce_) {
        kept.insert(index_.word(i));
        keptCounts.push_back(counts_[i]);
      }
    }
    index_ = std::move(kept);
    counts_ = std::move(keptCounts);
    ++minReduce_;
    ++prunings_;
  } while (index_.size() > maxSize_);
}

// ----------------------------------------------------------------- Vocabulary

Vocabulary::Vocabulary(const VocabularyCounter& counter, std::uint64_t minCount) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < counter.counts_.size(); ++i)
    if (counter.counts_[i] >= minCount) order.push_back(i);
  const WordIndex& words = counter.index_;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (counter.counts_[a] != counter.counts_[b]) return counter.counts_[a] > counter.counts_[b];
    return words.word(a) < words.word(b);  // bytewise (char_traits compares as unsigned char)
  });
  for (std::uint32_t i : order) {
    index_.insert(words.word(i));
    counts_.push_back(counter.counts_[i]);
    totalCount_ += counter.counts_[i];
  }
  corpusTokens_ = counter.totalTokens_;
}

Vocabulary::Vocabulary(std::vector<std::string> words, std::vector<std::uint64_t> counts) {
  if (words.size() != counts.size()) throw std::invalid_argument("words and counts differ in length");
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (index_.insert(words[i]) != i) throw std::invalid_argument("the word '" + words[i] + "' occurs twice");
    totalCount_ += counts[i];
  }
  counts_ = std::move(counts);
  corpusTokens_ = totalCount_;
}

void Vocabulary::buildHuffman() {
  const std::size_t n = counts_.size();
  if (n < 2) throw std::invalid_argument("hierarchical softmax needs at least 2 words in the vocabulary");
  std::vector<std::uint64_t> count(2 * n - 1, ~std::uint64_t(0) >> 1);
  std::copy(counts_.begin(), counts_.end(), count.begin());
  std::vector<std::size_t> parent(2 * n - 1, 0);
  std::vector<std::uint8_t> binary(2 * n - 1, 0);
  // Two cursors: leaves from the rarest up, inner nodes in creation order.
  std::ptrdiff_t pos1 = static_cast<std::ptrdiff_t>(n) - 1;
  std::size_t pos2 = n;
  auto takeMin = [&]() -> std::size_t {
    if (pos1 >= 0 && count[static_cast<std::size_t>(pos1)] < count[pos2]) return static_cast<std::size_t>(pos1--);
    return pos2++;
  };
  for (std::size_t a = 0; a + 1 < n; ++a) {
    const std::size_t min1 = takeMin();
    const std::size_t min2 = takeMin();
    count[n + a] = count[min1] + count[min2];
    parent[min1] = n + a;
    parent[min2] = n + a;
    binary[min2] = 1;
  }
  pathOffsets_.assign(n + 1, 0);
  paths_.clear();
  codes_.clear();
  const std::size_t root = 2 * n - 2;
  std::vector<std::uint32_t> path;
  std::vector<std::uint8_t> code;
  for (std::size_t w = 0; w < n; ++w) {
    path.clear();
    code.clear();
    for (std::size_t b = w; b != root; b = parent[b]) {
      code.push_back(binary[b]);
      path.push_back(static_cast<std::uint32_t>(parent[b] - n));  // inner node above b
    }
    paths_.insert(paths_.end(), path.rbegin(), path.rend());
    codes_.insert(codes_.end(), code.rbegin(), code.rend());
    pathOffsets_[w + 1] = paths_.size();
  }
}

}  // namespace hogvec
