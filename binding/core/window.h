// Skip-gram and CBOW over one window: the steps the trainer runs (in float,
// changing the matrices in place) and the gradient checks run (in double and
// float, collecting gradients), through the Parameters of loss.h. There is
// no test-only copy: what is checked is what trains.
#pragma once

#include <cstddef>
#include <cstdint>

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
Real skipgramPairs(const Parameters<Real>& p, const std::uint32_t* inputs, const std::uint32_t* targets,
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
Real cbowWindow(const Parameters<Real>& p, std::uint32_t centerWord, const std::uint32_t* contextWords,
                std::size_t contextCount, bool mean, CbowGradient gradient, Real* hidden, Real* gradHidden,
                PairLoss&& pairLoss) {
  if (contextCount == 0) return Real(0);
  for (std::size_t d = 0; d < p.dim; ++d) hidden[d] = gradHidden[d] = Real(0);
  for (std::size_t j = 0; j < contextCount; ++j) p.kernels->axpy(Real(1), p.inputRow(contextWords[j]), hidden, p.dim);
  if (mean) p.kernels->scal(Real(1) / Real(contextCount), hidden, p.dim);
  const Real loss = pairLoss(static_cast<const Real*>(hidden), centerWord, 0, gradHidden);
  const Real share = (mean && gradient == CbowGradient::True) ? Real(1) / Real(contextCount) : Real(1);
  for (std::size_t j = 0; j < contextCount; ++j)
    p.kernels->axpy(-p.rate * share, gradHidden, p.inputChange(contextWords[j]), p.dim);
  return loss;
}

}  // namespace hogvec
