#include "blas.h"

#include "blas_neon.h"

#include <atomic>
#include <cstdlib>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define HOGVEC_X86 1
// GCC 12's AVX-512 headers initialise "undefined" registers from themselves,
// which -Wuninitialized reports inside the headers; the code is correct.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(_MSC_VER)
#include <intrin.h>
#endif
#endif

// GCC and Clang compile each SIMD kernel for its own ISA through a target
// attribute, leaving the rest of the binary at the baseline. MSVC has no such
// attribute and needs none: it emits any intrinsic whatever /arch says.
#if defined(__GNUC__) || defined(__clang__)
#define HOGVEC_TARGET(isa) __attribute__((target(isa)))
#else
#define HOGVEC_TARGET(isa)
#endif

namespace hogvec {
namespace blas {
namespace {

// Plain loops: the compiler vectorises them for the baseline (SSE2 on x86-64).
float dotScalar(const float* x, const float* y, std::size_t n) {
  // Four partial sums break the dependency chain, as the SIMD paths do.
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
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
void axpyScalar(float a, const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] += a * x[i];
}
void scalScalar(float a, float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] *= a;
}

#ifdef HOGVEC_X86
HOGVEC_TARGET("avx2,fma") inline float hsum256(__m256 v) {
  __m128 lo = _mm256_castps256_ps128(v);
  __m128 hi = _mm256_extractf128_ps(v, 1);
  lo = _mm_add_ps(lo, hi);
  __m128 shuf = _mm_movehdup_ps(lo);
  __m128 sums = _mm_add_ps(lo, shuf);
  shuf = _mm_movehl_ps(shuf, sums);
  sums = _mm_add_ss(sums, shuf);
  return _mm_cvtss_f32(sums);
}

HOGVEC_TARGET("avx2,fma") float dotAvx2(const float* x, const float* y, std::size_t n) {
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), a0);
    a1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8), a1);
  }
  for (; i + 8 <= n; i += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i), a0);
  float s = hsum256(_mm256_add_ps(a0, a1));
  for (; i < n; ++i) s += x[i] * y[i];
  return s;
}
HOGVEC_TARGET("avx2,fma") void axpyAvx2(float a, const float* x, float* y, std::size_t n) {
  const __m256 va = _mm256_set1_ps(a);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] += a * x[i];
}
HOGVEC_TARGET("avx2,fma") void scalAvx2(float a, float* x, std::size_t n) {
  const __m256 va = _mm256_set1_ps(a);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(va, _mm256_loadu_ps(x + i)));
  for (; i < n; ++i) x[i] *= a;
}

// AVX-512: masked tails, so any length runs without a scalar remainder loop.
HOGVEC_TARGET("avx512f") float dotAvx512(const float* x, const float* y, std::size_t n) {
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), a0);
    a1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(y + i + 16), a1);
  }
  for (; i + 16 <= n; i += 16) a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), a0);
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1u);
    a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i), a1);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
}
HOGVEC_TARGET("avx512f") void axpyAvx512(float a, const float* x, float* y, std::size_t n) {
  const __m512 va = _mm512_set1_ps(a);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(y + i, m, _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i)));
  }
}
HOGVEC_TARGET("avx512f") void scalAvx512(float a, float* x, std::size_t n) {
  const __m512 va = _mm512_set1_ps(a);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, _mm512_mul_ps(va, _mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(x + i, m, _mm512_mul_ps(va, _mm512_maskz_loadu_ps(m, x + i)));
  }
}
#endif

#if defined(HOGVEC_X86) && defined(_MSC_VER)
// MSVC (and clang-cl) lack __builtin_cpu_supports: read CPUID, and XGETBV for
// whether the OS saves the wider registers, as libgcc does for GCC and Clang.
HOGVEC_TARGET("xsave") bool msvcCpuSupports(SimdPath path) {
  if (path == SimdPath::Scalar) return true;
  if (path == SimdPath::Neon) return false;
  int r[4];
  __cpuid(r, 0);
  if (r[0] < 7) return false;
  __cpuid(r, 1);
  const bool fma = (r[2] & (1 << 12)) != 0, osxsave = (r[2] & (1 << 27)) != 0, avx = (r[2] & (1 << 28)) != 0;
  if (!osxsave || !avx) return false;
  const unsigned long long xcr0 = _xgetbv(0);
  if ((xcr0 & 0x6) != 0x6) return false;  // XMM and YMM state
  __cpuidex(r, 7, 0);
  if (path == SimdPath::Avx2) return fma && (r[1] & (1 << 5)) != 0;
  return (r[1] & (1 << 16)) != 0 && (xcr0 & 0xE6) == 0xE6;  // AVX512F; opmask and ZMM state
}
#endif

const FloatKernels kScalar{dotScalar, axpyScalar, scalScalar};
#ifdef HOGVEC_X86
const FloatKernels kAvx2{dotAvx2, axpyAvx2, scalAvx2};
const FloatKernels kAvx512{dotAvx512, axpyAvx512, scalAvx512};
#endif

struct Dispatch {
  std::atomic<const FloatKernels*> table{&kScalar};
  std::atomic<SimdPath> path{SimdPath::Scalar};
  std::string envError;

  Dispatch() {
    SimdPath chosen = bestSimdPath();
    if (const char* forced = std::getenv("HOGVEC_SIMD"); forced != nullptr && *forced != '\0') {
      SimdPath wanted;
      if (!parseSimdPath(forced, &wanted))
        envError = "HOGVEC_SIMD must be " + simdPathNames() + " but is '" + forced + "'";
      else if (!cpuSupports(wanted))
        envError = std::string("HOGVEC_SIMD=") + forced + " but this CPU does not support " + forced;
      else chosen = wanted;
    }
    table.store(&kernelsFor(chosen));
    path.store(chosen);
  }
};

Dispatch& dispatch() {
  static Dispatch d;  // thread-safe one-time initialisation
  return d;
}

}  // namespace

const char* simdPathName(SimdPath path) {
  switch (path) {
    case SimdPath::Neon: return "neon";
    case SimdPath::Avx512: return "avx512";
    case SimdPath::Avx2: return "avx2";
    default: return "scalar";
  }
}

bool parseSimdPath(const std::string& name, SimdPath* out) {
  if (name == "scalar") *out = SimdPath::Scalar;
  else if (name == "avx2") *out = SimdPath::Avx2;
  else if (name == "avx512") *out = SimdPath::Avx512;
  else if (name == "neon") *out = SimdPath::Neon;
  else return false;
  return true;
}

std::string simdPathNames() {
  std::string names;
  const std::size_t count = sizeof kSimdPaths / sizeof kSimdPaths[0];
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) names += i + 1 == count ? " or " : ", ";
    names += simdPathName(kSimdPaths[i]);
  }
  return names;
}

bool cpuSupports(SimdPath path) {
#if defined(HOGVEC_X86) && defined(_MSC_VER)
  return msvcCpuSupports(path);
#elif defined(HOGVEC_X86)
  switch (path) {
    case SimdPath::Avx512: return __builtin_cpu_supports("avx512f");
    case SimdPath::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case SimdPath::Neon: return false;
    default: return true;
  }
#elif defined(HOGVEC_ARM64)
  return path == SimdPath::Scalar || path == SimdPath::Neon;  // NEON is in the arm64 baseline
#else
  return path == SimdPath::Scalar;
#endif
}

SimdPath bestSimdPath() {
  if (cpuSupports(SimdPath::Neon)) return SimdPath::Neon;
  if (cpuSupports(SimdPath::Avx512)) return SimdPath::Avx512;
  if (cpuSupports(SimdPath::Avx2)) return SimdPath::Avx2;
  return SimdPath::Scalar;
}

SimdPath activeSimdPath() { return dispatch().path.load(std::memory_order_relaxed); }

bool setSimdPath(SimdPath path) {
  if (!cpuSupports(path)) return false;
  Dispatch& d = dispatch();
  d.table.store(&kernelsFor(path));
  d.path.store(path);
  return true;
}

const std::string& simdEnvironmentError() { return dispatch().envError; }

const FloatKernels& kernels() { return *dispatch().table.load(std::memory_order_relaxed); }

const FloatKernels& kernelsFor(SimdPath path) {
#ifdef HOGVEC_X86
  if (path == SimdPath::Avx512) return kAvx512;
  if (path == SimdPath::Avx2) return kAvx2;
#endif
#ifdef HOGVEC_ARM64
  if (path == SimdPath::Neon) return neonKernels();
#endif
  return kScalar;
}

}  // namespace blas
}  // namespace hogvec
