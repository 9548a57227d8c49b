// The vocabulary: counting words in a bounded table (pruning the rarest as
// the C tool's ReduceVocab does), frequency order, lookup, Huffman codes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hogvec {

// Open-addressing map from word bytes to a dense index. Keys live in one
// arena, so a table of millions of words costs a few allocations. Every
// token of the corpus is looked up while training: findAll looks up a whole
// sentence in passes, so the cache misses of its words overlap, and a word of
// up to 8 bytes is compared in its entry, without a trip to the arena.
class WordIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xffffffffu;

  std::uint32_t find(std::string_view word) const;
  // indices[i] = find(words[i]) for i < count; `hashes` is scratch of count entries.
  void findAll(const std::string_view* words, std::size_t count, std::uint32_t* hashes, std::uint32_t* indices) const;
  // Index of the word, adding it if new.
  std::uint32_t insert(std::string_view word);
  std::size_t size() const { return entries_.size(); }
  std::string_view word(std::uint32_t i) const {
    const Entry& e = entries_[i];
    return std::string_view(
        e.length <= kInlineBytes ? reinterpret_cast<const char*>(&e.place) : arena_.data() + e.place, e.length);
  }
  void clear();
  std::size_t memoryBytes() const;

 private:
  static constexpr std::size_t kInlineBytes = 8;
  struct Slot {
    std::uint32_t hash;
    std::uint32_t index;  // kMissing: empty
  };
  struct Entry {
    std::uint64_t place;  // the word's bytes if it has at most kInlineBytes, else its offset in arena_
    std::uint32_t length;
    std::uint32_t hash;
  };

  std::uint32_t slotOf(std::string_view word, std::uint32_t hash) const;
  bool holds(const Entry& entry, std::string_view word) const;
  void grow();

  std::vector<Slot> slots_;  // size a power of 2
  std::vector<Entry> entries_;
  std::string arena_;
};

// Counts words; when more than `maxSize` distinct words are held, removes
// those with count <= minReduce and raises minReduce, as word2vec.c does.
class VocabularyCounter {
 public:
  explicit VocabularyCounter(std::size_t maxSize) : maxSize_(maxSize) {}
  void add(std::string_view word);
  std::uint64_t totalTokens() const { return totalTokens_; }
  std::size_t distinct() const { return index_.size(); }
  // How many times pruning ran (0 when the bound was never reached).
  unsigned prunings() const { return prunings_; }

 private:
  friend class Vocabulary;
  void prune();

  std::size_t maxSize_;
  WordIndex index_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t totalTokens_ = 0;
  std::uint64_t minReduce_ = 1;
  unsigned prunings_ = 0;
};

// The final vocabulary: words with count >= minCount, in descending count,
// ties broken by the words' bytes, so the order never depends on hashing.
// Every word's Huffman path, end to end: word w's inner nodes (from the root
// down) and their codes are entries [offsets[w], offsets[w + 1]).
struct HuffmanPaths {
  const std::uint32_t* nodes = nullptr;
  const std::uint8_t* codes = nullptr;
  const std::uint64_t* offsets = nullptr;
};

class Vocabulary {
 public:
  Vocabulary() = default;
  Vocabulary(const VocabularyCounter& counter, std::uint64_t minCount);
  // From words and counts already in order (checkpoints, tests).
  Vocabulary(std::vector<std::string> words, std::vector<std::uint64_t> counts);

  std::size_t size() const { return counts_.size(); }
  std::uint32_t find(std::string_view word) const { return index_.find(word); }
  void findAll(const std::string_view* words, std::size_t count, std::uint32_t* hashes, std::uint32_t* indices) const {
    index_.findAll(words, count, hashes, indices);
  }
  std::string_view word(std::uint32_t i) const { return index_.word(i); }
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  // Sum of the counts of the vocabulary's words.
  std::uint64_t totalCount() const { return totalCount_; }
  // Tokens seen while counting, in the vocabulary or not.
  std::uint64_t corpusTokens() const { return corpusTokens_; }

  // Huffman tree over the counts (word2vec.c's CreateBinaryTree): size() - 1
  // inner nodes; a word's path lists inner nodes from the root down.
  void buildHuffman();
  bool hasHuffman() const { return !pathOffsets_.empty(); }
  const std::uint32_t* path(std::uint32_t w) const { return paths_.data() + pathOffsets_[w]; }
  const std::uint8_t* codes(std::uint32_t w) const { return codes_.data() + pathOffsets_[w]; }
  std::size_t pathLength(std::uint32_t w) const { return pathOffsets_[w + 1] - pathOffsets_[w]; }
  HuffmanPaths huffmanPaths() const { return {paths_.data(), codes_.data(), pathOffsets_.data()}; }

 private:
  WordIndex index_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t totalCount_ = 0;
  std::uint64_t corpusTokens_ = 0;
  std::vector<std::uint64_t> pathOffsets_;
  std::vector<std::uint32_t> paths_;
  std::vector<std::uint8_t> codes_;
};

}  // namespace hogvec
