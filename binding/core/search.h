// Nearest neighbours by cosine similarity: a unit-normalised copy of a
// row-major matrix, and top-k queries over its first `limit` rows, plain
// cosine or Levy & Goldberg's 3CosMul. One pass over the matrix serves a
// whole block of queries; large scans are split across threads, each keeping
// its own bounded heaps, merged at the end. Answers are sorted by score
// (descending), ties by row (ascending), whatever the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hogvec {
namespace search {

// One answer: a row and its score.
struct Neighbor {
  std::uint32_t index;
  float score;
};

// Whether a ranks before b: higher score first, then lower row. NaN ranks
// last, so a NaN in the input never breaks the ordering.
bool ranksBefore(const Neighbor& a, const Neighbor& b);

// Rows [0, limit) of a rows x dim matrix are searched for the k best rows of
// each query; fewer answers come back when the rows run out.
struct ScanOptions {
  std::size_t k = 10;
  std::size_t limit = 0;
  // 0: automatic (one thread unless the scan touches more than 4M floats,
  // then up to the hardware's threads, at most 16); else exactly this many
  // (capped by the row count), which lets tests exercise the merge anywhere.
  unsigned threads = 0;
};

// Rows of a query block that must not be answered, one list per query (the
// list may be shorter than the block: missing lists are empty). Any order,
// duplicates allowed; rows outside the matrix are ignored.
using Exclusions = std::vector<std::vector<std::uint32_t>>;

// out = each row of `in` scaled to unit length; rows whose norm is 0 or not
// finite become 0. out may equal in. threads as in ScanOptions.
void normalizeRows(const float* in, std::size_t rows, std::size_t dim, float* out, unsigned threads = 0);

// Cosine top-k for nQueries queries (row q of `queries`, nQueries x dim): the
// score of row r is dot(unit[r], query), the cosine when both have unit length.
// Throws std::invalid_argument when limit > rows or rows >= 2^32.
std::vector<std::vector<Neighbor>> topK(const float* unit, std::size_t rows, std::size_t dim, const float* queries,
                                        std::size_t nQueries, const Exclusions& exclude, const ScanOptions& scan);

// 3CosMul (Levy & Goldberg 2014, eq. 4, with cosines shifted to [0, 1] as in
// their footnote 7, as gensim's most_similar_cosmul):
//   score(r) = prod_p (1 + dot(unit[r], p)) / 2  /  (prod_n (1 + dot(unit[r], n)) / 2 + epsilon)
// The analogy "a is to b as c is to ?" is positive {b, c}, negative {a}.
struct CosMulShape {
  std::size_t positive = 2;  // positive terms per query
  std::size_t negative = 1;  // negative terms per query
  double epsilon = 0.001;    // Levy & Goldberg's; gensim uses 1e-6
};

// 3CosMul top-k for nQueries queries; `terms` holds, for each query in turn,
// its positive then its negative term vectors (nQueries x (positive +
// negative) x dim), normally unit vectors.
std::vector<std::vector<Neighbor>> topKCosMul(const float* unit, std::size_t rows, std::size_t dim, const float* terms,
                                              std::size_t nQueries, const CosMulShape& shape, const Exclusions& exclude,
                                              const ScanOptions& scan);

// Analogy questions "a is to b as c is to ?" in bulk (evaluation): the
// questions share their words, so each distinct word is one term vector
// (`terms`, nTerms x dim, normally unit vectors), and question q names its
// three terms a[q], b[q], c[q]. A row's dot product with each term is
// computed once per scan, whatever the number of questions using it.
//   CosAdd: score(r) = cos(r, b) + cos(r, c) - cos(r, a), the ranking of
//           gensim's most_similar(positive=[b, c], negative=[a]);
//   CosMul: the 3CosMul score above with positive {b, c}, negative {a}.
enum class AnalogyMethod { CosAdd, CosMul };

struct AnalogyQuestions {
  const std::uint32_t* a = nullptr;
  const std::uint32_t* b = nullptr;
  const std::uint32_t* c = nullptr;
  std::size_t count = 0;
};

// Throws std::invalid_argument for a term index >= nTerms or a negative epsilon.
std::vector<std::vector<Neighbor>> topKAnalogies(const float* unit, std::size_t rows, std::size_t dim,
                                                 const float* terms, std::size_t nTerms,
                                                 const AnalogyQuestions& questions, AnalogyMethod method,
                                                 double epsilon, const Exclusions& exclude, const ScanOptions& scan);

}  // namespace search
}  // namespace hogvec
