#include "search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "blas.h"

namespace hogvec {
namespace search {
namespace {

// Below this many floats touched, starting threads costs more than it saves.
constexpr std::size_t kParallelFloats = std::size_t(1) << 22;
constexpr unsigned kMaxAutoThreads = 16;
constexpr unsigned kMaxThreads = 256;
// A block of rows this size stays in L2 while every term of a query block
// passes over it, so the matrix streams from memory once per scan.
constexpr std::size_t kBlockBytes = 128 * 1024;

float rankKey(float s) { return s == s ? s : -std::numeric_limits<float>::infinity(); }

unsigned threadCount(unsigned requested, std::size_t rows, std::size_t floatsTouched) {
  if (rows == 0) return 1;
  unsigned n;
  if (requested > 0) {
    n = std::min(requested, kMaxThreads);
  } else {
    if (floatsTouched <= kParallelFloats) return 1;
    const unsigned hw = std::thread::hardware_concurrency();
    n = std::min(hw == 0 ? 1u : hw, kMaxAutoThreads);
  }
  return static_cast<unsigned>(std::min<std::size_t>(n, rows));
}

// Rows [begin, end) of thread t of n: contiguous, sizes differing by at most 1.
void chunk(std::size_t rows, unsigned n, unsigned t, std::size_t* begin, std::size_t* end) {
  const std::size_t base = rows / n, extra = rows % n;
  *begin = t * base + std::min<std::size_t>(t, extra);
  *end = *begin + base + (t < extra ? 1 : 0);
}

// Runs fn(0..n-1), fn(0) on the calling thread. fn must not throw (callers
// allocate everything first). If the system refuses a thread, that share
// runs here instead: slower, never wrong.
template <class Fn>
void parallelFor(unsigned n, Fn&& fn) {
  std::vector<std::thread> workers;
  workers.reserve(n > 0 ? n - 1 : 0);
  for (unsigned t = 1; t < n; ++t) {
    try {
      workers.emplace_back(fn, t);
    } catch (const std::system_error&) {
      fn(t);
    }
  }
  fn(0u);
  for (std::thread& w : workers) w.join();
}

// The best k offers so far: a heap whose front is the worst kept answer.
// Storage is reserved up front, so offers never allocate.
class BoundedHeap {
 public:
  void reset(std::size_t k) {
    k_ = k;
    items_.clear();
    items_.reserve(k);
  }
  // Cheap test before the exclusion check: would this answer be kept?
  bool admits(const Neighbor& n) const { return items_.size() < k_ || ranksBefore(n, items_.front()); }
  void push(const Neighbor& n) {
    if (items_.size() == k_) {
      std::pop_heap(items_.begin(), items_.end(), ranksBefore);
      items_.back() = n;
    } else {
      items_.push_back(n);
    }
    std::push_heap(items_.begin(), items_.end(), ranksBefore);
  }
  const std::vector<Neighbor>& items() const { return items_; }

 private:
  std::size_t k_ = 0;
  std::vector<Neighbor> items_;
};

// Excluded rows of one query, sorted; consulted only for answers the heap
// would keep, so a long list costs little.
bool excluded(const std::vector<std::uint32_t>& sorted, std::uint32_t row) {
  return !sorted.empty() && std::binary_search(sorted.begin(), sorted.end(), row);
}

void validate(std::size_t rows, std::size_t dim, std::size_t limit) {
  if (dim == 0) throw std::invalid_argument("dim must be at least 1");
  if (rows > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("at most 4294967295 rows can be searched, not " + std::to_string(rows));
  if (limit > rows)
    throw std::invalid_argument("limit " + std::to_string(limit) + " exceeds the " + std::to_string(rows) + " rows");
}

// The scan shared by every query kind. Each row's dot products with all
// nTerms term vectors go to `combine`, which maps them to one score per
// query (cosine: the dots themselves; 3CosMul: a product of shifted cosines).
template <class Combine>
std::vector<std::vector<Neighbor>> scan(const float* unit, std::size_t rows, std::size_t dim, const float* terms,
                                        std::size_t nTerms, std::size_t nQueries, const Combine& combine,
                                        const Exclusions& exclude, const ScanOptions& options) {
  validate(rows, dim, options.limit);
  const std::size_t limit = options.limit;
  const std::size_t k = std::min(options.k, limit);
  std::vector<std::vector<Neighbor>> result(nQueries);
  if (k == 0 || nQueries == 0 || nTerms == 0) return result;

  std::vector<std::vector<std::uint32_t>> banned(nQueries);
  for (std::size_t q = 0; q < nQueries && q < exclude.size(); ++q) {
    banned[q] = exclude[q];
    std::sort(banned[q].begin(), banned[q].end());
  }

  const unsigned n = threadCount(options.threads, limit, limit * dim * nTerms);
  const std::size_t blockRows = std::max<std::size_t>(1, std::min(limit, kBlockBytes / (dim * sizeof(float))));

  // Everything a thread touches is allocated here, before any thread starts.
  struct ThreadState {
    std::vector<BoundedHeap> heaps;
    std::vector<float> dots;    // blockRows x nTerms
    std::vector<float> scores;  // nQueries
  };
  std::vector<ThreadState> state(n);
  for (ThreadState& s : state) {
    s.heaps.resize(nQueries);
    for (BoundedHeap& h : s.heaps) h.reset(k);
    s.dots.resize(blockRows * nTerms);
    s.scores.resize(nQueries);
  }
  const blas::FloatKernels& kern = blas::kernels();  // one dispatch per scan, not per row

  parallelFor(n, [&](unsigned t) {
    ThreadState& s = state[t];
    std::size_t begin, end;
    chunk(limit, n, t, &begin, &end);
    for (std::size_t r0 = begin; r0 < end; r0 += blockRows) {
      const std::size_t r1 = std::min(end, r0 + blockRows);
      // Term-outer: each term stays in L1 while it meets the whole block.
      for (std::size_t j = 0; j < nTerms; ++j) {
        const float* term = terms + j * dim;
        for (std::size_t r = r0; r < r1; ++r) s.dots[(r - r0) * nTerms + j] = kern.dot(unit + r * dim, term, dim);
      }
      for (std::size_t r = r0; r < r1; ++r) {
        const float* score = combine(&s.dots[(r - r0) * nTerms], s.scores.data());
        for (std::size_t q = 0; q < nQueries; ++q) {
          const Neighbor cand{static_cast<std::uint32_t>(r), score[q]};
          if (s.heaps[q].admits(cand) && !excluded(banned[q], cand.index)) s.heaps[q].push(cand);
        }
      }
    }
  });

  // Merge: at most n x k answers per query; keep and order the best k.
  for (std::size_t q = 0; q < nQueries; ++q) {
    std::vector<Neighbor>& out = result[q];
    for (const ThreadState& s : state) out.insert(out.end(), s.heaps[q].items().begin(), s.heaps[q].items().end());
    const std::size_t keep = std::min(k, out.size());
    std::partial_sort(out.begin(), out.begin() + keep, out.end(), ranksBefore);
    out.resize(keep);
  }
  return result;
}

// Cosine: the score of each query is its term's dot product.
struct CosineCombine {
  const float* operator()(const float* dots, float*) const { return dots; }
};

// 3CosMul over each query's positive then negative terms, in double (the
// products of shifted cosines are cheap next to the dots).
struct CosMulCombine {
  std::size_t nQueries, positive, negative;
  double epsilon;
  const float* operator()(const float* dots, float* scores) const {
    const std::size_t per = positive + negative;
    for (std::size_t q = 0; q < nQueries; ++q) {
      const float* d = dots + q * per;
      double num = 1, den = 1;
      for (std::size_t i = 0; i < positive; ++i) num *= (1.0 + d[i]) * 0.5;
      for (std::size_t i = positive; i < per; ++i) den *= (1.0 + d[i]) * 0.5;
      scores[q] = static_cast<float>(num / (den + epsilon));
    }
    return scores;
  }
};

// Analogy questions over shared terms: three reads of the row's dots per
// question, in double, as the cosine and 3CosMul queries combine theirs.
struct AnalogyCombine {
  AnalogyQuestions questions;
  AnalogyMethod method;
  double epsilon;
  const float* operator()(const float* dots, float* scores) const {
    for (std::size_t q = 0; q < questions.count; ++q) {
      const double a = dots[questions.a[q]], b = dots[questions.b[q]], c = dots[questions.c[q]];
      scores[q] = static_cast<float>(
          method == AnalogyMethod::CosAdd ? b + c - a : ((1 + b) * 0.5) * ((1 + c) * 0.5) / ((1 + a) * 0.5 + epsilon));
    }
    return scores;
  }
};

// dst = src / |src|, or 0 when the norm is 0 or not finite. The float dot is
// exact enough for ordinary vectors; rows whose squared norm overflows or
// underflows float are divided in double instead.
void normalizeRow(const blas::FloatKernels& kern, const float* src, float* dst, std::size_t dim) {
  const float sq = kern.dot(src, src, dim);
  if (sq > std::numeric_limits<float>::min() && sq < std::numeric_limits<float>::infinity()) {
    if (dst != src) std::copy(src, src + dim, dst);
    kern.scal(1.0f / std::sqrt(sq), dst, dim);
    return;
  }
  double sum = 0;
  for (std::size_t i = 0; i < dim; ++i) sum += static_cast<double>(src[i]) * src[i];
  const double norm = std::sqrt(sum);
  if (norm > 0 && std::isfinite(norm)) {
    for (std::size_t i = 0; i < dim; ++i) dst[i] = static_cast<float>(src[i] / norm);
  } else {
    std::fill(dst, dst + dim, 0.0f);
  }
}

}  // namespace

bool ranksBefore(const Neighbor& a, const Neighbor& b) {
  const float ka = rankKey(a.score), kb = rankKey(b.score);
  return ka > kb || (ka == kb && a.index < b.index);
}

void normalizeRows(const float* in, std::size_t rows, std::size_t dim, float* out, unsigned threads) {
  if (dim == 0) throw std::invalid_argument("dim must be at least 1");
  const unsigned n = threadCount(threads, rows, rows * dim);
  const blas::FloatKernels& kern = blas::kernels();
  parallelFor(n, [&](unsigned t) {
    std::size_t begin, end;
    chunk(rows, n, t, &begin, &end);
    for (std::size_t r = begin; r < end; ++r) normalizeRow(kern, in + r * dim, out + r * dim, dim);
  });
}

std::vector<std::vector<Neighbor>> topK(const float* unit, std::size_t rows, std::size_t dim, const float* queries,
                                        std::size_t nQueries, const Exclusions& exclude, const ScanOptions& scan) {
  return search::scan(unit, rows, dim, queries, nQueries, nQueries, CosineCombine{}, exclude, scan);
}

std::vector<std::vector<Neighbor>> topKCosMul(const float* unit, std::size_t rows, std::size_t dim, const float* terms,
                                              std::size_t nQueries, const CosMulShape& shape, const Exclusions& exclude,
                                              const ScanOptions& scan) {
  if (shape.positive == 0) throw std::invalid_argument("3CosMul needs at least one positive term");
  if (!(shape.epsilon >= 0)) throw std::invalid_argument("3CosMul epsilon must be >= 0");
  const CosMulCombine combine{nQueries, shape.positive, shape.negative, shape.epsilon};
  return search::scan(unit, rows, dim, terms, nQueries * (shape.positive + shape.negative), nQueries, combine, exclude,
                      scan);
}

std::vector<std::vector<Neighbor>> topKAnalogies(const float* unit, std::size_t rows, std::size_t dim,
                                                 const float* terms, std::size_t nTerms,
                                                 const AnalogyQuestions& questions, AnalogyMethod method,
                                                 double epsilon, const Exclusions& exclude, const ScanOptions& scan) {
  if (!(epsilon >= 0)) throw std::invalid_argument("3CosMul epsilon must be >= 0");
  for (std::size_t q = 0; q < questions.count; ++q) {
    if (questions.a[q] >= nTerms || questions.b[q] >= nTerms || questions.c[q] >= nTerms)
      throw std::invalid_argument("question " + std::to_string(q) + " names a term beyond the " +
                                  std::to_string(nTerms) + " terms");
  }
  const AnalogyCombine combine{questions, method, epsilon};
  return search::scan(unit, rows, dim, terms, nTerms, questions.count, combine, exclude, scan);
}

}  // namespace search
}  // namespace hogvec
