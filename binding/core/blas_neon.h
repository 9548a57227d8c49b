// The arm64 SIMD path: Advanced SIMD (NEON) float kernels. NEON is part of
// the arm64 baseline, so every arm64 CPU has this path; blas.cpp's dispatch
// picks it there unless HOGVEC_SIMD says otherwise.
#pragma once

#include "blas.h"

#if defined(__aarch64__) || defined(_M_ARM64)
#define HOGVEC_ARM64 1

namespace hogvec {
namespace blas {

// Defined in blas_neon.cpp, which compiles to nothing on other architectures.
const FloatKernels& neonKernels();

}  // namespace blas
}  // namespace hogvec
#endif
