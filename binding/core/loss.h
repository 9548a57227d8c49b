// The three word2vec losses for one (hidden vector, target word) pair: loss
// value plus gradients, templated on the real type (float for training,
// double for gradient checks).
//
// Every loss ADDS dJ/dh into gradHidden and reports each outside (or inner)
// row's gradient to a sink as sink(row, coeff), meaning dJ/du_row = coeff * h.
// A gradient check collects these into a matrix; the trainer applies them at
// once (u_row -= lr * coeff * h), as the C tool does, so a row is read before
// the sink updates it and a negative drawn twice is visited twice.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "activation.h"
#include "blas.h"

namespace hogvec {

namespace detail {

// Rows a negative-sampling step scores in one batch (the target and up to 31 negatives).
constexpr std::size_t kBatchRows = 32;

inline bool allDistinct(const std::uint32_t* rows, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (rows[i] == rows[j]) return false;
  return true;
}

}  // namespace detail

// Negative sampling: J = -log s(u_o.h) - sum_k log s(-u_k.h).
// dJ/dh = (s(u_o.h) - 1) u_o + sum_k s(u_k.h) u_k.
//
// When no row repeats, every score is computed before any row is updated;
// since an update touches only its own row, that gives exactly the sequential
// result, while the independent activations overlap in the CPU. A repeated
// negative must see its first update, so repeats take the sequential path.
template <typename Real, typename Sink>
Real negativeSamplingLoss(const Real* hidden, std::size_t dim, const Real* outside, std::uint32_t target,
                          const std::uint32_t* negatives, std::size_t negativeCount, Real* gradHidden,
                          Sink&& sink) {
  const std::size_t rows = negativeCount + 1;
  std::uint32_t index[detail::kBatchRows];
  if (rows <= detail::kBatchRows) {
    index[0] = target;
    for (std::size_t k = 0; k < negativeCount; ++k) index[k + 1] = negatives[k];
  }
  if (rows <= detail::kBatchRows && detail::allDistinct(index, rows)) {
    Real score[detail::kBatchRows];
    SigmoidAndLog<Real> f[detail::kBatchRows];
    score[0] = blas::dot(outside + std::size_t(target) * dim, hidden, dim);
    for (std::size_t r = 1; r < rows; ++r) score[r] = blas::dot(outside + std::size_t(index[r]) * dim, hidden, dim);
    f[0] = sigmoidAndLog(score[0]);
    for (std::size_t r = 1; r < rows; ++r) f[r] = sigmoidAndLog(score[r]);
    Real loss = -f[0].logSigmoid;
    for (std::size_t r = 1; r < rows; ++r) loss -= f[r].logSigmoidOfNegative;
    for (std::size_t r = 0; r < rows; ++r) {
      const Real coeff = r == 0 ? f[0].sigmoid - Real(1) : f[r].sigmoid;
      blas::axpy(coeff, outside + std::size_t(index[r]) * dim, gradHidden, dim);
      sink(index[r], coeff);
    }
    return loss;
  }
  const Real* u = outside + std::size_t(target) * dim;
  SigmoidAndLog<Real> f = sigmoidAndLog(blas::dot(u, hidden, dim));
  Real coeff = f.sigmoid - Real(1);
  Real loss = -f.logSigmoid;
  blas::axpy(coeff, u, gradHidden, dim);
  sink(target, coeff);
  for (std::size_t k = 0; k < negativeCount; ++k) {
    const std::uint32_t row = negatives[k];
    u = outside + std::size_t(row) * dim;
    f = sigmoidAndLog(blas::dot(u, hidden, dim));
    coeff = f.sigmoid;
    loss -= f.logSigmoidOfNegative;
    blas::axpy(coeff, u, gradHidden, dim);
    sink(row, coeff);
  }
  return loss;
}

// Hierarchical softmax over a Huffman tree (the C tool's convention): at each
// inner node the label is 1 - code, J_j = -log s((1 - 2 code_j) u_j.h).
template <typename Real, typename Sink>
Real hierarchicalSoftmaxLoss(const Real* hidden, std::size_t dim, const Real* inner, const std::uint32_t* path,
                             const std::uint8_t* codes, std::size_t pathLength, Real* gradHidden, Sink&& sink) {
  Real loss = 0;
  for (std::size_t j = 0; j < pathLength; ++j) {
    const Real* u = inner + std::size_t(path[j]) * dim;
    const Real score = blas::dot(u, hidden, dim);
    // Code 1 means label 0: J = -log s(-score).
    const SigmoidAndLog<Real> f = sigmoidAndLog(score);
    loss -= codes[j] ? f.logSigmoidOfNegative : f.logSigmoid;
    const Real coeff = f.sigmoid - (codes[j] ? Real(0) : Real(1));
    blas::axpy(coeff, u, gradHidden, dim);
    sink(path[j], coeff);
  }
  return loss;
}

// Full softmax: J = -log softmax(U h)_o, computed shifted by the max score.
// dJ/dh = U^T (p - y), dJ/du_w = (p_w - y_w) h. `scores` is caller-owned
// scratch of vocabSize entries, so the hot loop never allocates.
template <typename Real, typename Sink>
Real softmaxLoss(const Real* hidden, std::size_t dim, const Real* outside, std::size_t vocabSize,
                 std::uint32_t target, Real* scores, Real* gradHidden, Sink&& sink) {
  blas::gemv(outside, vocabSize, dim, hidden, scores);
  Real maxScore = scores[0];
  for (std::size_t w = 1; w < vocabSize; ++w)
    if (scores[w] > maxScore) maxScore = scores[w];
  const Real targetShifted = scores[target] - maxScore;
  Real sum = 0;
  for (std::size_t w = 0; w < vocabSize; ++w) {
    scores[w] = std::exp(scores[w] - maxScore);
    sum += scores[w];
  }
  const Real loss = std::log(sum) - targetShifted;
  const Real inverse = Real(1) / sum;
  for (std::size_t w = 0; w < vocabSize; ++w) {
    const Real coeff = scores[w] * inverse - (w == target ? Real(1) : Real(0));
    blas::axpy(coeff, outside + w * dim, gradHidden, dim);
    sink(static_cast<std::uint32_t>(w), coeff);
  }
  return loss;
}

}  // namespace hogvec
