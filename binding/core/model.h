// The trained parameters: the vocabulary, the input (word) vectors and the
// output vectors (one row per word for negative sampling and softmax, one per
// inner Huffman node for hierarchical softmax).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "row_matrix.h"
#include "vocab.h"

namespace hogvec {

enum class Architecture { SkipGram, Cbow };
enum class LossKind { NegativeSampling, HierarchicalSoftmax, Softmax };

// The names the JS API uses: 'skip-gram' | 'cbow', and 'negative-sampling' |
// 'hierarchical-softmax' | 'softmax'. parse* return false on any other name.
const char* architectureName(Architecture architecture);
bool parseArchitecture(std::string_view name, Architecture* out);
const char* lossName(LossKind loss);
bool parseLossKind(std::string_view name, LossKind* out);

// Output rows for `words` words: one per word, or per inner Huffman node (HS).
inline std::size_t outputRowsFor(LossKind loss, std::size_t words) {
  return loss == LossKind::HierarchicalSoftmax ? words - 1 : words;
}

struct Embeddings {
  Vocabulary vocab;
  std::uint32_t dim = 0;
  LossKind loss = LossKind::NegativeSampling;
  RowMatrix input;   // size() x dim
  RowMatrix output;  // outputRows() x dim

  std::size_t outputRows() const { return outputRowsFor(loss, vocab.size()); }
};

// Input rows (u - 0.5) / dim with u drawn from a stream seeded by the seed and
// the word's bytes, so a word starts at the same point whatever its rank or
// the thread count; output rows zero, as in the C tool.
void initializeEmbeddings(Embeddings& model, std::uint32_t seed);

}  // namespace hogvec
