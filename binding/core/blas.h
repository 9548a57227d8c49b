// Small BLAS-style kernels for the hot loops: dot, axpy, scal and the fused
// row kernels of a training step.
// The float kernels have SIMD variants (on x86-64: the SSE2
// baseline, AVX2+FMA, AVX-512; on arm64: NEON, in blas_neon.cpp) chosen once
// at run time from the CPU's features; the double kernels are plain loops
// (they serve gradient checks, not training).
#pragma once

#include <cstddef>
#include <string>

#include "memory.h"

namespace hogvec {
namespace blas {

enum class SimdPath { Scalar, Avx2, Avx512, Neon };
// Every path, whatever this architecture: cpuSupports says which run here.
constexpr SimdPath kSimdPaths[] = {SimdPath::Scalar, SimdPath::Avx2, SimdPath::Avx512, SimdPath::Neon};

const char* simdPathName(SimdPath path);
// Parses "scalar" | "avx2" | "avx512" | "neon"; returns false on anything else.
bool parseSimdPath(const std::string& name, SimdPath* out);
// "scalar, avx2, avx512 or neon": the names parseSimdPath accepts, for messages.
std::string simdPathNames();
bool cpuSupports(SimdPath path);
// The best path this CPU supports.
SimdPath bestSimdPath();
// The path in use. Chosen on first use: HOGVEC_SIMD if set (and supported), else the best.
SimdPath activeSimdPath();
// Forces a path; returns false (and changes nothing) if the CPU lacks it.
bool setSimdPath(SimdPath path);
// Why HOGVEC_SIMD was not honoured, or "" if it was (or was unset).
const std::string& simdEnvironmentError();

// The most rows one scoreRows / updateRows / sigmoidAndLogRows call takes.
constexpr std::size_t kMaxRows = 32;

// One table per path. Beyond the BLAS-1 kernels, two fused row kernels carry
// a training step: every score of a step in one pass over h, and every row
// update in one more, so a pair costs two calls instead of one per row.
template <typename Real>
struct Kernels {
  Real (*dot)(const Real* x, const Real* y, std::size_t n);
  void (*axpy)(Real a, const Real* x, Real* y, std::size_t n);
  void (*scal)(Real a, Real* x, std::size_t n);
  // scores[r] = rows[r] . h for r < count (count <= kMaxRows, as below).
  void (*scoreRows)(const Real* h, Real* const* rows, std::size_t count, std::size_t dim, Real* scores);
  // For each coordinate, for r in order: gradHidden += coeffs[r] * rows[r],
  // then dsts[r] -= rate * coeffs[r] * h. dsts may be rows itself (training:
  // each row is read before it is written) or separate gradient rows
  // (checks, with rate -1). A row listed twice sees its first update.
  void (*updateRows)(const Real* h, Real* const* rows, Real* const* dsts, const Real* coeffs, std::size_t count,
                     Real rate, Real* gradHidden, std::size_t dim);
  // One row against several hidden vectors (a window sharing its output
  // rows): for each coordinate, for j in order: gradHiddens[j] += coeffs[j] *
  // row; then dst -= rate * sum_j coeffs[j] * hiddens[j], with the row as it
  // was before the call (dst may be row itself, or a separate gradient row).
  void (*updateRowFromHiddens)(Real* row, Real* dst, const Real* const* hiddens, Real* const* gradHiddens,
                               const Real* coeffs, std::size_t count, Real rate, std::size_t dim);
  // CBOW's two row kernels (count <= kMaxRows). addRows: out += rows[0] +
  // rows[1] + ..., added in that order. axpyRows: rows[r] += a * x for r in
  // order (a row listed twice gets both). Each loads out or x once per
  // coordinate block instead of once per row.
  void (*addRows)(Real* const* rows, std::size_t count, std::size_t dim, Real* out);
  void (*axpyRows)(Real a, const Real* x, Real* const* rows, std::size_t count, std::size_t dim);
  // sigmoid(x), log sigmoid(x) and log sigmoid(-x) of n scores at once
  // (activation.h's sigmoidAndLog, vectorised on the SIMD paths). Every array
  // holds kMaxRows entries: a SIMD path computes whole blocks of lanes.
  void (*sigmoidAndLogRows)(const Real* x, std::size_t n, Real* sigmoid, Real* logSigmoid, Real* logSigmoidOfNegative);
};
using FloatKernels = Kernels<float>;

// The kernel table of the active path. Cheap: one atomic load. Hot loops
// fetch it once (per shard, per scan) and call through it.
const FloatKernels& kernels();
// The kernel table of a given path (for tests that compare paths).
const FloatKernels& kernelsFor(SimdPath path);
// Plain loops in double, for gradient checks.
const Kernels<double>& doubleKernels();

// The table a Real-templated step uses: the active float path, or double.
template <typename Real>
const Kernels<Real>& kernelsOf();
template <>
inline const Kernels<float>& kernelsOf<float>() {
  return kernels();
}
template <>
inline const Kernels<double>& kernelsOf<double>() {
  return doubleKernels();
}

// Starts loading a row of n floats into the cache, to be changed (a hint; no effect on results).
inline void prefetchRowForWrite(const float* row, std::size_t n) {
  const char* p = reinterpret_cast<const char*>(row);
  for (std::size_t offset = 0; offset < n * sizeof(float); offset += 64) prefetchForWrite(p + offset);
}

}  // namespace blas
}  // namespace hogvec
