// Skip-gram and CBOW over one window: the steps the trainer runs (in float,
// changing the matrices in place) and the gradient checks run (in double and
// float, collecting gradients), through the StepMatrices of loss.h. There is
// no test-only copy: what is checked is what trains.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "loss.h"

namespace hogvec {

// How CBOW spreads dJ/dh over the context vectors.
enum class CbowGradient {
  True,      // the gradient of the objective: divided by n when averaging
  Word2vec,  // the C tool's and gensim's convention: the full dJ/dh to each
};

// PairLoss: Real(const Real* hidden, uint32_t target, size_t pairIndex, Real* gradHidden):
// one loss of loss.h, with whatever that pair needs (its negatives, a path).

// Skip-gram pairs: pair j is (h = V[inputs[j]], target targets[j]); after
// each pair, V[inputs[j]] changes by -rate * dJ/dh.
// The trainer runs one center's window as inputs = the context words and
// targets = the center (the C tool's and gensim's orientation); CS224n's
// window is inputs = the center and targets = the outside words.
template <typename Real, typename PairLoss>
Real skipgramPairs(const StepMatrices<Real>& p, const std::uint32_t* inputs, const std::uint32_t* targets,
                   std::size_t count, Real* gradHidden, PairLoss&& pairLoss) {
  Real loss = 0;
  for (std::size_t j = 0; j < count; ++j) {
    const Real* h = p.inputRow(inputs[j]);
    for (std::size_t d = 0; d < p.dim; ++d) gradHidden[d] = Real(0);
    loss += pairLoss(h, targets[j], j, gradHidden);
    p.kernels->axpy(-p.rate, gradHidden, p.inputChange(inputs[j]), p.dim);
  }
  return loss;
}

// CBOW: the hidden vector is the mean (or sum) of the context rows, in order;
// a context word that occurs twice counts twice. One pair, index 0. `hidden`
// and `gradHidden` are caller-owned scratch of dim entries.
template <typename Real, typename PairLoss>
Real cbowWindow(const StepMatrices<Real>& p, std::uint32_t centerWord, const std::uint32_t* contextWords,
                std::size_t contextCount, bool mean, CbowGradient gradient, Real* hidden, Real* gradHidden,
                PairLoss&& pairLoss) {
  if (contextCount == 0) return Real(0);
  const blas::Kernels<Real>& k = *p.kernels;
  Real* rows[blas::kMaxRows];
  for (std::size_t d = 0; d < p.dim; ++d) hidden[d] = gradHidden[d] = Real(0);
  for (std::size_t from = 0; from < contextCount; from += blas::kMaxRows) {
    const std::size_t n = std::min(contextCount - from, blas::kMaxRows);
    for (std::size_t j = 0; j < n; ++j) rows[j] = p.inputRow(contextWords[from + j]);
    k.addRows(rows, n, p.dim, hidden);
  }
  if (mean) k.scal(Real(1) / Real(contextCount), hidden, p.dim);
  const Real loss = pairLoss(static_cast<const Real*>(hidden), centerWord, 0, gradHidden);
  const Real share = (mean && gradient == CbowGradient::True) ? Real(1) / Real(contextCount) : Real(1);
  for (std::size_t from = 0; from < contextCount; from += blas::kMaxRows) {
    const std::size_t n = std::min(contextCount - from, blas::kMaxRows);
    for (std::size_t j = 0; j < n; ++j) rows[j] = p.inputChange(contextWords[from + j]);
    k.axpyRows(-p.rate * share, gradHidden, rows, n, p.dim);
  }
  return loss;
}

// Scratch of skipgramSharedNegatives, sized once (the hot loop never allocates).
template <typename Real>
struct SharedNegativesScratch {
  std::vector<std::uint32_t> rows, multiplicity;  // distinct output rows and how often each was drawn
  std::vector<Real> coeffs;                       // rows x contexts: dJ/d(u_r . h_j)
  std::vector<Real> gradHiddens;                  // contexts x dim
  std::vector<const Real*> hiddens;
  std::vector<Real*> gradHiddenRows;

  SharedNegativesScratch(std::size_t maxContexts, std::size_t negatives, std::size_t dim)
      : rows(negatives + 1),
        multiplicity(negatives + 1),
        coeffs((negatives + 1) * maxContexts),
        gradHiddens(maxContexts * dim),
        hiddens(maxContexts),
        gradHiddenRows(maxContexts) {}
};

// Skip-gram with negatives shared across the window (HogBatch: Ji et al.
// 2016, "Parallelizing Word2Vec in Shared and Distributed Memory"): every
// context word j of one center predicts the center against the same K
// negatives, and the window is one small matrix product. From the rows as
// they stand before the window: S = H U_R^T (H: the contexts' input rows,
// R: the center, then the negatives), G = s(S) - labels, dJ/dH = G U_R,
// dJ/dU_R = G^T H. Then each output row of R changes once (a negative drawn
// twice counts twice), and each context row by its own dJ/dh_j.
// Its loss and gradient are those of skipgramPairs over the same pairs with
// the same negatives for every pair; while training, the rows of R are read
// and written once per window instead of once per pair.
template <typename Real>
Real skipgramSharedNegatives(const StepMatrices<Real>& p, std::uint32_t center, const std::uint32_t* contexts,
                             std::size_t contextCount, const std::uint32_t* negatives, std::size_t negativeCount,
                             SharedNegativesScratch<Real>& s) {
  if (contextCount == 0) return Real(0);
  const std::size_t m = contextCount, dim = p.dim;
  const blas::Kernels<Real>& k = *p.kernels;
  // The distinct rows, in first-draw order: drawn twice, a row's coefficient doubles.
  std::size_t rowCount = 1;
  s.rows[0] = center;
  s.multiplicity[0] = 1;
  for (std::size_t n = 0; n < negativeCount; ++n) {
    std::size_t r = 1;
    while (r < rowCount && s.rows[r] != negatives[n]) ++r;
    if (r == rowCount) s.rows[rowCount++] = negatives[n], s.multiplicity[r] = 0;
    ++s.multiplicity[r];
  }
  for (std::size_t j = 0; j < m; ++j) {
    s.hiddens[j] = p.inputRow(contexts[j]);
    s.gradHiddenRows[j] = s.gradHiddens.data() + j * dim;
    for (std::size_t d = 0; d < dim; ++d) s.gradHiddenRows[j][d] = Real(0);
  }
  // S and G, a batch of rows at a time for each context.
  Real loss = 0;
  Real* read[blas::kMaxRows] = {};
  Real score[blas::kMaxRows] = {}, sigmoid[blas::kMaxRows], logSigmoid[blas::kMaxRows],
       logSigmoidOfNegative[blas::kMaxRows];
  for (std::size_t from = 0; from < rowCount; from += blas::kMaxRows) {
    const std::size_t n = std::min(rowCount - from, blas::kMaxRows);
    for (std::size_t r = 0; r < n; ++r) read[r] = p.outputRow(s.rows[from + r]);
    for (std::size_t j = 0; j < m; ++j) {
      k.scoreRows(s.hiddens[j], read, n, dim, score);
      k.sigmoidAndLogRows(score, n, sigmoid, logSigmoid, logSigmoidOfNegative);
      for (std::size_t r = 0; r < n; ++r) {
        const std::size_t row = from + r;
        const Real times = Real(s.multiplicity[row]);
        const bool isTarget = row == 0;
        loss -= times * (isTarget ? logSigmoid[r] : logSigmoidOfNegative[r]);
        s.coeffs[row * m + j] = times * (isTarget ? sigmoid[r] - Real(1) : sigmoid[r]);
      }
    }
  }
  // dJ/dH and each output row's change, a row at a time against every context.
  for (std::size_t r = 0; r < rowCount; ++r)
    k.updateRowFromHiddens(p.outputRow(s.rows[r]), p.outputChange(s.rows[r]), s.hiddens.data(), s.gradHiddenRows.data(),
                           s.coeffs.data() + r * m, m, p.rate, dim);
  for (std::size_t j = 0; j < m; ++j) k.axpy(-p.rate, s.gradHiddenRows[j], p.inputChange(contexts[j]), dim);
  return loss;
}

}  // namespace hogvec
