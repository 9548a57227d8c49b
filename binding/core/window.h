// Skip-gram and CBOW over one window, in the CS224n formulation, for gradient
// checks: gradients are collected into matrices instead of being applied.
// The trainer (trainer.cpp) runs the same pair losses but applies updates at
// once; these functions define what "the gradient" of a window is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "blas.h"

namespace hogvec {

// How CBOW spreads dJ/dh over the context vectors.
enum class CbowGradient {
  True,      // the gradient of the objective: divided by n when averaging
  Word2vec,  // the C tool's and gensim's convention: the full dJ/dh to each
};

template <typename Real>
struct WindowGradients {
  Real loss = 0;
  std::vector<Real> gradCenterVectors;   // V x dim
  std::vector<Real> gradOutsideVectors;  // rows x dim
};

// PairLoss: Real(const Real* hidden, uint32_t target, size_t pairIndex,
//                Real* gradHidden, Sink sink) where sink(row, coeff) adds
// coeff * hidden to the outside row's gradient.
template <typename Real, typename PairLoss>
WindowGradients<Real> skipgramWindow(std::uint32_t centerWord, const std::uint32_t* outsideWords,
                                     std::size_t outsideCount, const Real* centerVectors,
                                     std::size_t vocabSize, std::size_t outsideRows, std::size_t dim,
                                     PairLoss&& pairLoss) {
  WindowGradients<Real> out;
  out.gradCenterVectors.assign(vocabSize * dim, Real(0));
  out.gradOutsideVectors.assign(outsideRows * dim, Real(0));
  const Real* hidden = centerVectors + std::size_t(centerWord) * dim;
  Real* gradCenter = out.gradCenterVectors.data() + std::size_t(centerWord) * dim;
  Real* gradOutside = out.gradOutsideVectors.data();
  auto sink = [&](std::uint32_t row, Real coeff) { blas::axpy(coeff, hidden, gradOutside + std::size_t(row) * dim, dim); };
  for (std::size_t j = 0; j < outsideCount; ++j)
    out.loss += pairLoss(hidden, outsideWords[j], j, gradCenter, sink);
  return out;
}

// CBOW: the hidden vector is the mean (or sum) of the context rows; a context
// word that occurs twice counts twice.
template <typename Real, typename PairLoss>
WindowGradients<Real> cbowWindow(std::uint32_t centerWord, const std::uint32_t* contextWords,
                                 std::size_t contextCount, const Real* centerVectors, std::size_t vocabSize,
                                 std::size_t outsideRows, std::size_t dim, bool mean, CbowGradient gradient,
                                 PairLoss&& pairLoss) {
  WindowGradients<Real> out;
  out.gradCenterVectors.assign(vocabSize * dim, Real(0));
  out.gradOutsideVectors.assign(outsideRows * dim, Real(0));
  std::vector<Real> hidden(dim, Real(0)), gradHidden(dim, Real(0));
  for (std::size_t j = 0; j < contextCount; ++j)
    blas::axpy(Real(1), centerVectors + std::size_t(contextWords[j]) * dim, hidden.data(), dim);
  if (mean && contextCount > 0) blas::scal(Real(1) / Real(contextCount), hidden.data(), dim);
  Real* gradOutside = out.gradOutsideVectors.data();
  auto sink = [&](std::uint32_t row, Real coeff) {
    blas::axpy(coeff, hidden.data(), gradOutside + std::size_t(row) * dim, dim);
  };
  out.loss = pairLoss(hidden.data(), centerWord, 0, gradHidden.data(), sink);
  const Real share = (mean && gradient == CbowGradient::True && contextCount > 0) ? Real(1) / Real(contextCount) : Real(1);
  for (std::size_t j = 0; j < contextCount; ++j)
    blas::axpy(share, gradHidden.data(), out.gradCenterVectors.data() + std::size_t(contextWords[j]) * dim, dim);
  return out;
}

}  // namespace hogvec
