// The three word2vec losses for one (hidden vector, target word) pair: loss
// value plus gradients, templated on the real type (float for training,
// double for gradient checks).
//
// Every loss ADDS dJ/dh into gradHidden and changes each output (or inner) row
// it visits through the StepMatrices: changes[row] -= rate * dJ/du_row. While
// training, changes is the output matrix itself and rate the learning rate,
// so rows are updated at once, as the C tool does; a gradient check points
// changes at a zeroed matrix with rate -1 and so collects dJ/dU. Either way it
// is the same code.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "activation.h"
#include "blas.h"
#include "model.h"

namespace hogvec {

// What one training step reads and where its changes go.
template <typename Real>
struct StepMatrices {
  Real* input = nullptr;   // V: one row per word
  Real* output = nullptr;  // U: one row per word, or per inner Huffman node
  // changes = input/output while training; separate gradient matrices in checks.
  Real* inputChanges = nullptr;
  Real* outputChanges = nullptr;
  Real rate = 0;  // changes -= rate * gradient: the learning rate, or -1 to accumulate gradients
  std::size_t dim = 0;
  const blas::Kernels<Real>* kernels = &blas::kernelsOf<Real>();
  // Input rows [0, hotRows) and output rows [hotOutputFrom, hotOutputFrom +
  // hotRows) live in a thread's own copies (TrainOptions.hotRowBuffer): read
  // and changed there, in place, and written back to the matrices from time
  // to time. The hot output rows are the most frequent words' (negative
  // sampling, from 0) or the top of the Huffman tree (hierarchical softmax:
  // the last inner nodes, which nearly every path visits).
  Real* hotInput = nullptr;   // the copy of input row 0
  Real* hotOutput = nullptr;  // the copy of output row hotOutputFrom
  std::uint32_t hotRows = 0;
  std::uint32_t hotOutputFrom = 0;

  // Rows are stride entries apart (training's aligned rows); 0 means dim (dense).
  std::size_t stride = 0;

  std::size_t rowStride() const { return stride != 0 ? stride : dim; }
  Real* inputRow(std::uint32_t w) const { return copyOrShared(w, 0, hotInput, input); }
  Real* outputRow(std::uint32_t r) const { return copyOrShared(r, hotOutputFrom, hotOutput, output); }
  Real* inputChange(std::uint32_t w) const { return copyOrShared(w, 0, hotInput, inputChanges); }
  Real* outputChange(std::uint32_t r) const { return copyOrShared(r, hotOutputFrom, hotOutput, outputChanges); }

 private:
  // The row in the copy `hot` (whose first row is hotFrom) if it is there,
  // else in `shared`, without a branch: whether a step's next row is hot is
  // a coin toss the branch predictor loses.
  Real* copyOrShared(std::uint32_t row, std::uint32_t hotFrom, Real* hot, Real* shared) const {
    const std::uint32_t inCopy = row - hotFrom;  // wraps past hotRows for a row before hotFrom
    const std::uintptr_t isHot = std::uintptr_t(0) - std::uintptr_t(inCopy < hotRows);
    const std::uintptr_t rowBytes = sizeof(Real) * rowStride();
    const std::uintptr_t hotRow = reinterpret_cast<std::uintptr_t>(hot) + std::uintptr_t(inCopy) * rowBytes;
    const std::uintptr_t sharedRow = reinterpret_cast<std::uintptr_t>(shared) + std::uintptr_t(row) * rowBytes;
    return reinterpret_cast<Real*>((hotRow & isHot) | (sharedRow & ~isHot));
  }
};

namespace detail {

// The latest r' < r with rows[r'] == rows[r], or r if none.
inline std::size_t previousVisit(const std::uint32_t* rows, std::size_t r) {
  for (std::size_t k = r; k-- > 0;)
    if (rows[k] == rows[r]) return k;
  return r;
}

// Visits rows[0..n) (n <= blas::kMaxRows) in order, as if one at a time (read the
// row's score, then change the row), in three passes: every score, every
// coefficient (coeffOf(r, activation, &coeff) returns the row's loss term),
// every update. An update touches only its own row, so only a row visited
// twice (a negative drawn twice) could tell the difference, and its later
// score is derived exactly: while training u' = u - rate c h, so
// u'.h = u.h - rate c (h.h); in a check the rows do not change.
// Whether a row can occur twice among one call's rows: a negative can be
// drawn twice, but a Huffman path's inner nodes are distinct.
enum class Repeats { Possible, Impossible };

template <typename Real, typename Coefficient>
Real visitRows(const StepMatrices<Real>& p, const Real* hidden, const std::uint32_t* rows, std::size_t n,
               Real* gradHidden, Repeats repeats, Coefficient&& coeffOf) {
  Real* read[blas::kMaxRows];
  Real* write[blas::kMaxRows];
  Real score[blas::kMaxRows], coeff[blas::kMaxRows];
  Real sigmoid[blas::kMaxRows], logSigmoid[blas::kMaxRows], logSigmoidOfNegative[blas::kMaxRows];
  // The vector activations read whole blocks of 16 lanes (at most): the lanes past n are zeros.
  for (std::size_t r = n; r < std::min(blas::kMaxRows, (n + 15) / 16 * 16); ++r) score[r] = Real(0);
  for (std::size_t r = 0; r < n; ++r) {
    read[r] = p.outputRow(rows[r]);
    write[r] = p.outputChange(rows[r]);
  }
  const blas::Kernels<Real>& k = *p.kernels;
  k.scoreRows(hidden, read, n, p.dim, score);
  k.sigmoidAndLogRows(score, n, sigmoid, logSigmoid, logSigmoidOfNegative);
  const bool inPlace = p.outputChanges == p.output;
  Real hh = 0;
  bool haveHh = false;
  Real loss = 0;
  for (std::size_t r = 0; r < n; ++r) {
    SigmoidAndLog<Real> f{sigmoid[r], logSigmoid[r], logSigmoidOfNegative[r]};
    const std::size_t earlier = repeats == Repeats::Possible ? previousVisit(rows, r) : r;
    if (earlier != r) {
      if (inPlace) {
        if (!haveHh) hh = k.dot(hidden, hidden, p.dim), haveHh = true;
        score[r] = score[earlier] - p.rate * coeff[earlier] * hh;
      } else {
        score[r] = score[earlier];
      }
      f = sigmoidAndLog(score[r]);
    }
    loss += coeffOf(r, f, coeff[r]);
  }
  k.updateRows(hidden, read, write, coeff, n, p.rate, gradHidden, p.dim);
  return loss;
}

}  // namespace detail

// Negative sampling: J = -log s(u_o.h) - sum_k log s(-u_k.h).
// dJ/dh = (s(u_o.h) - 1) u_o + sum_k s(u_k.h) u_k.
// The target is visited first, then the negatives in draw order.
template <typename Real>
Real negativeSamplingLoss(const StepMatrices<Real>& p, const Real* hidden, std::uint32_t target,
                          const std::uint32_t* negatives, std::size_t negativeCount, Real* gradHidden) {
  Real loss = 0;
  std::uint32_t rows[blas::kMaxRows];
  rows[0] = target;
  // Batches of up to blas::kMaxRows rows; the first holds the target.
  for (std::size_t from = 0; from <= negativeCount; from += blas::kMaxRows) {
    const std::size_t n = std::min(negativeCount + 1 - from, blas::kMaxRows);
    for (std::size_t r = 0; r < n; ++r)
      if (from + r > 0) rows[r] = negatives[from + r - 1];
    loss += detail::visitRows(p, hidden, rows, n, gradHidden, detail::Repeats::Possible,
                              [first = from == 0](std::size_t r, const SigmoidAndLog<Real>& f, Real& coeff) {
                                const bool isTarget = first && r == 0;
                                coeff = isTarget ? f.sigmoid - Real(1) : f.sigmoid;
                                return isTarget ? -f.logSigmoid : -f.logSigmoidOfNegative;
                              });
  }
  return loss;
}

// Hierarchical softmax over a Huffman tree (the C tool's convention): at each
// inner node the label is 1 - code, J_j = -log s((1 - 2 code_j) u_j.h). The
// nodes of a path are distinct, so they are visited in batches.
template <typename Real>
Real hierarchicalSoftmaxLoss(const StepMatrices<Real>& p, const Real* hidden, const std::uint32_t* path,
                             const std::uint8_t* codes, std::size_t pathLength, Real* gradHidden) {
  Real loss = 0;
  for (std::size_t from = 0; from < pathLength; from += blas::kMaxRows) {
    const std::size_t n = pathLength - from < blas::kMaxRows ? pathLength - from : blas::kMaxRows;
    const std::uint8_t* code = codes + from;
    // Code 1 means label 0: J = -log s(-score), coefficient s(score).
    loss += detail::visitRows(p, hidden, path + from, n, gradHidden, detail::Repeats::Impossible,
                              [code](std::size_t r, const SigmoidAndLog<Real>& f, Real& coeff) {
                                coeff = f.sigmoid - (code[r] ? Real(0) : Real(1));
                                return code[r] ? -f.logSigmoidOfNegative : -f.logSigmoid;
                              });
  }
  return loss;
}

// Full softmax: J = -log softmax(U h)_o, computed shifted by the max score.
// dJ/dh = U^T (p - y), dJ/du_w = (p_w - y_w) h. `scores` is caller-owned
// scratch of vocabSize entries, so the hot loop never allocates.
template <typename Real>
Real softmaxLoss(const StepMatrices<Real>& p, const Real* hidden, std::size_t vocabSize, std::uint32_t target,
                 Real* scores, Real* gradHidden) {
  for (std::size_t w = 0; w < vocabSize; ++w) scores[w] = p.kernels->dot(p.outputRow(std::uint32_t(w)), hidden, p.dim);
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
  for (std::size_t w = 0; w < vocabSize; ++w) scores[w] = scores[w] * inverse - (w == target ? Real(1) : Real(0));
  // Every row, in index order, in batches: the coefficients are all known.
  Real* read[blas::kMaxRows];
  Real* write[blas::kMaxRows];
  for (std::size_t from = 0; from < vocabSize; from += blas::kMaxRows) {
    const std::size_t n = vocabSize - from < blas::kMaxRows ? vocabSize - from : blas::kMaxRows;
    for (std::size_t r = 0; r < n; ++r) {
      read[r] = p.outputRow(std::uint32_t(from + r));
      write[r] = p.outputChange(std::uint32_t(from + r));
    }
    p.kernels->updateRows(hidden, read, write, scores + from, n, p.rate, gradHidden, p.dim);
  }
  return loss;
}

// What a pair's loss reads beyond the vectors, whichever loss it is.
template <typename Real>
struct OutputLayer {
  LossKind kind = LossKind::NegativeSampling;
  const std::uint32_t* negatives = nullptr;  // negative sampling: negativeCount for each pair, pair after pair
  std::size_t negativeCount = 0;
  HuffmanPaths paths;      // hierarchical softmax
  std::size_t rows = 0;    // softmax: every output row,
  Real* scores = nullptr;  // and scratch for as many scores
};

// The loss of pair `pair` (hidden, target): the one dispatch over the losses,
// for the trainer and the gradient checks alike.
template <typename Real>
Real pairLoss(const OutputLayer<Real>& layer, const StepMatrices<Real>& p, const Real* hidden, std::uint32_t target,
              std::size_t pair, Real* gradHidden) {
  switch (layer.kind) {
    case LossKind::NegativeSampling:
      return negativeSamplingLoss(p, hidden, target, layer.negatives + pair * layer.negativeCount, layer.negativeCount,
                                  gradHidden);
    case LossKind::HierarchicalSoftmax: {
      const std::uint64_t from = layer.paths.offsets[target], to = layer.paths.offsets[target + 1];
      return hierarchicalSoftmaxLoss(p, hidden, layer.paths.nodes + from, layer.paths.codes + from, to - from,
                                     gradHidden);
    }
    default: return softmaxLoss(p, hidden, layer.rows, target, layer.scores, gradHidden);
  }
}

}  // namespace hogvec
