#include "blas_neon.h"

#ifdef HOGVEC_ARM64
#include <arm_neon.h>

#include "blas_plain.h"

namespace hogvec {
namespace blas {
namespace {

// Four accumulators of four lanes hide the FMA latency, as the AVX2 kernel's two of eight do.
float dotNeon(const float* x, const float* y, std::size_t n) {
  float32x4_t a0 = vdupq_n_f32(0.0f), a1 = vdupq_n_f32(0.0f), a2 = vdupq_n_f32(0.0f), a3 = vdupq_n_f32(0.0f);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = vfmaq_f32(a0, vld1q_f32(x + i), vld1q_f32(y + i));
    a1 = vfmaq_f32(a1, vld1q_f32(x + i + 4), vld1q_f32(y + i + 4));
    a2 = vfmaq_f32(a2, vld1q_f32(x + i + 8), vld1q_f32(y + i + 8));
    a3 = vfmaq_f32(a3, vld1q_f32(x + i + 12), vld1q_f32(y + i + 12));
  }
  for (; i + 4 <= n; i += 4) a0 = vfmaq_f32(a0, vld1q_f32(x + i), vld1q_f32(y + i));
  float s = vaddvq_f32(vaddq_f32(vaddq_f32(a0, a1), vaddq_f32(a2, a3)));
  for (; i < n; ++i) s += x[i] * y[i];
  return s;
}

void axpyNeon(float a, const float* x, float* y, std::size_t n) {
  const float32x4_t va = vdupq_n_f32(a);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    vst1q_f32(y + i, vfmaq_f32(vld1q_f32(y + i), va, vld1q_f32(x + i)));
    vst1q_f32(y + i + 4, vfmaq_f32(vld1q_f32(y + i + 4), va, vld1q_f32(x + i + 4)));
  }
  for (; i + 4 <= n; i += 4) vst1q_f32(y + i, vfmaq_f32(vld1q_f32(y + i), va, vld1q_f32(x + i)));
  for (; i < n; ++i) y[i] += a * x[i];
}

void scalNeon(float a, float* x, std::size_t n) {
  const float32x4_t va = vdupq_n_f32(a);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) vst1q_f32(x + i, vmulq_f32(va, vld1q_f32(x + i)));
  for (; i < n; ++i) x[i] *= a;
}

// The fused row kernels as plain loops, which the compiler vectorises with
// NEON (the arm64 baseline); the activations stay scalar here.
using namespace plain;
const FloatKernels kNeon{dotNeon,
                         axpyNeon,
                         scalNeon,
                         scoreRowsPlain<float, dotNeon>,
                         updateRowsPlain<float>,
                         updateRowFromHiddensPlain<float>,
                         addRowsPlain<float>,
                         axpyRowsPlain<float>,
                         sigmoidAndLogPlain<float>};

}  // namespace

const FloatKernels& neonKernels() { return kNeon; }

}  // namespace blas
}  // namespace hogvec
#endif
