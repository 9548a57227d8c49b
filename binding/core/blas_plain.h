// The kernels of blas.h as plain loops: the double table of gradient checks,
// and the float kernels of a path that has no hand-written version of them
// (the scalar baseline; the compiler vectorises the loops where it can).
#pragma once

#include <cstddef>

#include "activation.h"

namespace hogvec {
namespace blas {
namespace plain {

template <typename Real>
Real dotPlain(const Real* x, const Real* y, std::size_t n) {
  // Four partial sums break the dependency chain, as the SIMD paths do.
  Real s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; ++i) s0 += x[i] * y[i];
  return (s0 + s1) + (s2 + s3);
}

template <typename Real>
void axpyPlain(Real a, const Real* x, Real* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] += a * x[i];
}

template <typename Real>
void scalPlain(Real a, Real* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] *= a;
}

template <typename Real, Real (*Dot)(const Real*, const Real*, std::size_t)>
void scoreRowsPlain(const Real* h, Real* const* rows, std::size_t count, std::size_t dim, Real* scores) {
  for (std::size_t r = 0; r < count; ++r) scores[r] = Dot(rows[r], h, dim);
}

template <typename Real>
void updateRowsPlain(const Real* h, Real* const* rows, Real* const* dsts, const Real* coeffs, std::size_t count,
                     Real rate, Real* gradHidden, std::size_t dim) {
  for (std::size_t r = 0; r < count; ++r) {
    const Real c = coeffs[r], step = -rate * c;
    Real* u = rows[r];
    Real* dst = dsts[r];
    for (std::size_t i = 0; i < dim; ++i) {
      gradHidden[i] += c * u[i];
      dst[i] += step * h[i];
    }
  }
}

template <typename Real>
void updateRowFromHiddensPlain(Real* row, Real* dst, const Real* const* hiddens, Real* const* gradHiddens,
                               const Real* coeffs, std::size_t count, Real rate, std::size_t dim) {
  for (std::size_t i = 0; i < dim; ++i) {
    const Real u = row[i];
    Real change = 0;
    for (std::size_t j = 0; j < count; ++j) {
      gradHiddens[j][i] += coeffs[j] * u;
      change += coeffs[j] * hiddens[j][i];
    }
    dst[i] -= rate * change;
  }
}

template <typename Real>
void addRowsPlain(Real* const* rows, std::size_t count, std::size_t dim, Real* out) {
  for (std::size_t i = 0; i < dim; ++i) {
    Real sum = out[i];
    for (std::size_t r = 0; r < count; ++r) sum += rows[r][i];
    out[i] = sum;
  }
}

template <typename Real>
void axpyRowsPlain(Real a, const Real* x, Real* const* rows, std::size_t count, std::size_t dim) {
  for (std::size_t r = 0; r < count; ++r) axpyPlain(a, x, rows[r], dim);
}

template <typename Real>
void sigmoidAndLogPlain(const Real* x, std::size_t n, Real* sigmoid, Real* logSigmoid, Real* logSigmoidOfNegative) {
  for (std::size_t i = 0; i < n; ++i) {
    const SigmoidAndLog<Real> f = sigmoidAndLog(x[i]);
    sigmoid[i] = f.sigmoid;
    logSigmoid[i] = f.logSigmoid;
    logSigmoidOfNegative[i] = f.logSigmoidOfNegative;
  }
}

}  // namespace plain
}  // namespace blas
}  // namespace hogvec
