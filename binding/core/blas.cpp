#include "blas.h"

#include "blas_neon.h"

#include <atomic>
#include <cstdlib>

#include "blas_plain.h"

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
#define HOGVEC_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define HOGVEC_TARGET(isa)
#define HOGVEC_ALWAYS_INLINE __forceinline
#endif

namespace hogvec {
namespace blas {
namespace {

using namespace plain;

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
HOGVEC_TARGET("avx2,fma") void addRowsAvx2(float* const* rows, std::size_t count, std::size_t dim, float* out) {
  std::size_t i = 0;
  for (; i + 8 <= dim; i += 8) {
    __m256 sum = _mm256_loadu_ps(out + i);
    for (std::size_t r = 0; r < count; ++r) sum = _mm256_add_ps(sum, _mm256_loadu_ps(rows[r] + i));
    _mm256_storeu_ps(out + i, sum);
  }
  for (; i < dim; ++i) {  // the sum in a register: out[i] in memory would chain every row
    float sum = out[i];
    for (std::size_t r = 0; r < count; ++r) sum += rows[r][i];
    out[i] = sum;
  }
}
HOGVEC_TARGET("avx2,fma")
void axpyRowsAvx2(float a, const float* x, float* const* rows, std::size_t count, std::size_t dim) {
  const __m256 va = _mm256_set1_ps(a);
  std::size_t i = 0;
  for (; i + 8 <= dim; i += 8) {
    const __m256 step = _mm256_loadu_ps(x + i);
    for (std::size_t r = 0; r < count; ++r)
      _mm256_storeu_ps(rows[r] + i, _mm256_fmadd_ps(va, step, _mm256_loadu_ps(rows[r] + i)));
  }
  for (; i < dim; ++i)
    for (std::size_t r = 0; r < count; ++r) rows[r][i] += a * x[i];
}

// One block of floats in an AVX (8 lanes) or SSE (4 lanes) register, so that
// a kernel's whole blocks and its last half block run the same code.
struct Avx2Block {
  using V = __m256;
  HOGVEC_TARGET("avx2,fma") static V load(const float* p) { return _mm256_loadu_ps(p); }
  HOGVEC_TARGET("avx2,fma") static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  HOGVEC_TARGET("avx2,fma") static V splat(float x) { return _mm256_set1_ps(x); }
  HOGVEC_TARGET("avx2,fma") static V zero() { return _mm256_setzero_ps(); }
  HOGVEC_TARGET("avx2,fma") static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  HOGVEC_TARGET("avx2,fma") static V fnmadd(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
};
struct SseBlock {
  using V = __m128;
  HOGVEC_TARGET("avx2,fma") static V load(const float* p) { return _mm_loadu_ps(p); }
  HOGVEC_TARGET("avx2,fma") static void store(float* p, V v) { _mm_storeu_ps(p, v); }
  HOGVEC_TARGET("avx2,fma") static V splat(float x) { return _mm_set1_ps(x); }
  HOGVEC_TARGET("avx2,fma") static V zero() { return _mm_setzero_ps(); }
  HOGVEC_TARGET("avx2,fma") static V fmadd(V a, V b, V c) { return _mm_fmadd_ps(a, b, c); }
  HOGVEC_TARGET("avx2,fma") static V fnmadd(V a, V b, V c) { return _mm_fnmadd_ps(a, b, c); }
};

// updateRows on the block of coordinates from i: gradHidden's block stays in a register.
template <typename Block>
HOGVEC_TARGET("avx2,fma")
inline void updateRowsBlock(const float* h, float* const* rows, float* const* dsts, const float* coeffs,
                            std::size_t count, float rate, float* gradHidden, std::size_t i) {
  typename Block::V g = Block::load(gradHidden + i);
  const typename Block::V hv = Block::load(h + i);
  for (std::size_t r = 0; r < count; ++r) {
    const float* u = rows[r] + i;
    float* dst = dsts[r] + i;
    const typename Block::V uv = Block::load(u);
    g = Block::fmadd(Block::splat(coeffs[r]), uv, g);
    Block::store(dst, Block::fmadd(Block::splat(-rate * coeffs[r]), hv, dst == u ? uv : Block::load(dst)));
  }
  Block::store(gradHidden + i, g);
}

// updateRowFromHiddens on the block of coordinates from i.
template <typename Block>
HOGVEC_TARGET("avx2,fma")
inline void updateRowFromHiddensBlock(float* row, float* dst, const float* const* hiddens, float* const* gradHiddens,
                                      const float* coeffs, std::size_t count, float rate, std::size_t i) {
  const typename Block::V u = Block::load(row + i);
  typename Block::V change = Block::zero();
  for (std::size_t j = 0; j < count; ++j) {
    const typename Block::V c = Block::splat(coeffs[j]);
    float* g = gradHiddens[j] + i;
    Block::store(g, Block::fmadd(c, u, Block::load(g)));
    change = Block::fmadd(c, Block::load(hiddens[j] + i), change);
  }
  Block::store(dst + i, Block::fnmadd(Block::splat(rate), change, dst == row ? u : Block::load(dst + i)));
}

HOGVEC_TARGET("avx2,fma")
void scoreRowsAvx2(const float* h, float* const* rows, std::size_t count, std::size_t dim, float* scores) {
  // Four rows, then two, share each load of h, and their sums are independent
  // chains; each row's own sum runs in the same order whatever its group.
  std::size_t r = 0;
  for (; r + 4 <= count; r += 4) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    const float *u0 = rows[r], *u1 = rows[r + 1], *u2 = rows[r + 2], *u3 = rows[r + 3];
    std::size_t i = 0;
    for (; i + 8 <= dim; i += 8) {
      const __m256 hv = _mm256_loadu_ps(h + i);
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(u0 + i), hv, a0);
      a1 = _mm256_fmadd_ps(_mm256_loadu_ps(u1 + i), hv, a1);
      a2 = _mm256_fmadd_ps(_mm256_loadu_ps(u2 + i), hv, a2);
      a3 = _mm256_fmadd_ps(_mm256_loadu_ps(u3 + i), hv, a3);
    }
    float s0 = hsum256(a0), s1 = hsum256(a1), s2 = hsum256(a2), s3 = hsum256(a3);
    for (; i < dim; ++i) {
      s0 += u0[i] * h[i];
      s1 += u1[i] * h[i];
      s2 += u2[i] * h[i];
      s3 += u3[i] * h[i];
    }
    scores[r] = s0, scores[r + 1] = s1, scores[r + 2] = s2, scores[r + 3] = s3;
  }
  for (; r + 2 <= count; r += 2) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    const float* u0 = rows[r];
    const float* u1 = rows[r + 1];
    std::size_t i = 0;
    for (; i + 8 <= dim; i += 8) {
      const __m256 hv = _mm256_loadu_ps(h + i);
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(u0 + i), hv, a0);
      a1 = _mm256_fmadd_ps(_mm256_loadu_ps(u1 + i), hv, a1);
    }
    float s0 = hsum256(a0), s1 = hsum256(a1);
    for (; i < dim; ++i) {
      s0 += u0[i] * h[i];
      s1 += u1[i] * h[i];
    }
    scores[r] = s0;
    scores[r + 1] = s1;
  }
  if (r < count) scores[r] = dotAvx2(rows[r], h, dim);
}
// Row by row: each row's coefficient and step stay in registers, gradHidden
// and h stay in L1. Per coordinate the rows still add in order.
HOGVEC_TARGET("avx2,fma")
void updateRowsAvx2(const float* h, float* const* rows, float* const* dsts, const float* coeffs, std::size_t count,
                    float rate, float* gradHidden, std::size_t dim) {
  // Strips of 32 coordinates, every row in order within a strip: the strip's
  // gradHidden and h stay in registers (four independent sums) instead of a
  // load and a store of gradHidden for every row. Each coordinate sees the
  // rows in the same order as row by row, so the results are the same.
  std::size_t i = 0;
  for (; i + 32 <= dim; i += 32) {
    __m256 g0 = _mm256_loadu_ps(gradHidden + i), g1 = _mm256_loadu_ps(gradHidden + i + 8),
           g2 = _mm256_loadu_ps(gradHidden + i + 16), g3 = _mm256_loadu_ps(gradHidden + i + 24);
    const __m256 h0 = _mm256_loadu_ps(h + i), h1 = _mm256_loadu_ps(h + i + 8), h2 = _mm256_loadu_ps(h + i + 16),
                 h3 = _mm256_loadu_ps(h + i + 24);
    for (std::size_t r = 0; r < count; ++r) {
      const __m256 cv = _mm256_set1_ps(coeffs[r]), sv = _mm256_set1_ps(-rate * coeffs[r]);
      const float* u = rows[r] + i;
      float* dst = dsts[r] + i;
      const __m256 u0 = _mm256_loadu_ps(u), u1 = _mm256_loadu_ps(u + 8), u2 = _mm256_loadu_ps(u + 16),
                   u3 = _mm256_loadu_ps(u + 24);
      g0 = _mm256_fmadd_ps(cv, u0, g0), g1 = _mm256_fmadd_ps(cv, u1, g1);
      g2 = _mm256_fmadd_ps(cv, u2, g2), g3 = _mm256_fmadd_ps(cv, u3, g3);
      if (dst == u) {
        _mm256_storeu_ps(dst, _mm256_fmadd_ps(sv, h0, u0));
        _mm256_storeu_ps(dst + 8, _mm256_fmadd_ps(sv, h1, u1));
        _mm256_storeu_ps(dst + 16, _mm256_fmadd_ps(sv, h2, u2));
        _mm256_storeu_ps(dst + 24, _mm256_fmadd_ps(sv, h3, u3));
      } else {
        _mm256_storeu_ps(dst, _mm256_fmadd_ps(sv, h0, _mm256_loadu_ps(dst)));
        _mm256_storeu_ps(dst + 8, _mm256_fmadd_ps(sv, h1, _mm256_loadu_ps(dst + 8)));
        _mm256_storeu_ps(dst + 16, _mm256_fmadd_ps(sv, h2, _mm256_loadu_ps(dst + 16)));
        _mm256_storeu_ps(dst + 24, _mm256_fmadd_ps(sv, h3, _mm256_loadu_ps(dst + 24)));
      }
    }
    _mm256_storeu_ps(gradHidden + i, g0), _mm256_storeu_ps(gradHidden + i + 8, g1);
    _mm256_storeu_ps(gradHidden + i + 16, g2), _mm256_storeu_ps(gradHidden + i + 24, g3);
  }
  for (; i + 8 <= dim; i += 8) updateRowsBlock<Avx2Block>(h, rows, dsts, coeffs, count, rate, gradHidden, i);
  // The last dim % 8 coordinates: four with SSE, then one at a time, the
  // sums in registers (a loop on gradHidden[i] would chain every row through
  // memory; masked AVX stores are slow on some CPUs).
  if (i + 4 <= dim) updateRowsBlock<SseBlock>(h, rows, dsts, coeffs, count, rate, gradHidden, i), i += 4;
  for (; i < dim; ++i) {
    float g = gradHidden[i];
    for (std::size_t r = 0; r < count; ++r) {
      g += coeffs[r] * rows[r][i];
      dsts[r][i] += -rate * coeffs[r] * h[i];
    }
    gradHidden[i] = g;
  }
}
HOGVEC_TARGET("avx2,fma")
void updateRowFromHiddensAvx2(float* row, float* dst, const float* const* hiddens, float* const* gradHiddens,
                              const float* coeffs, std::size_t count, float rate, std::size_t dim) {
  const __m256 rateV = _mm256_set1_ps(rate);
  std::size_t i = 0;
  for (; i + 16 <= dim; i += 16) {  // two blocks at a time: two independent sums of the change
    const __m256 u0 = _mm256_loadu_ps(row + i), u1 = _mm256_loadu_ps(row + i + 8);
    __m256 change0 = _mm256_setzero_ps(), change1 = _mm256_setzero_ps();
    for (std::size_t j = 0; j < count; ++j) {
      const __m256 c = _mm256_set1_ps(coeffs[j]);
      float* g = gradHiddens[j] + i;
      _mm256_storeu_ps(g, _mm256_fmadd_ps(c, u0, _mm256_loadu_ps(g)));
      _mm256_storeu_ps(g + 8, _mm256_fmadd_ps(c, u1, _mm256_loadu_ps(g + 8)));
      change0 = _mm256_fmadd_ps(c, _mm256_loadu_ps(hiddens[j] + i), change0);
      change1 = _mm256_fmadd_ps(c, _mm256_loadu_ps(hiddens[j] + i + 8), change1);
    }
    const __m256 d0 = dst == row ? u0 : _mm256_loadu_ps(dst + i);
    const __m256 d1 = dst == row ? u1 : _mm256_loadu_ps(dst + i + 8);
    _mm256_storeu_ps(dst + i, _mm256_fnmadd_ps(rateV, change0, d0));
    _mm256_storeu_ps(dst + i + 8, _mm256_fnmadd_ps(rateV, change1, d1));
  }
  for (; i + 8 <= dim; i += 8)
    updateRowFromHiddensBlock<Avx2Block>(row, dst, hiddens, gradHiddens, coeffs, count, rate, i);
  if (i + 4 <= dim) updateRowFromHiddensBlock<SseBlock>(row, dst, hiddens, gradHiddens, coeffs, count, rate, i), i += 4;
  for (; i < dim; ++i) {
    const float u = row[i];
    float change = 0;
    for (std::size_t j = 0; j < count; ++j) {
      gradHiddens[j][i] += coeffs[j] * u;
      change += coeffs[j] * hiddens[j][i];
    }
    dst[i] -= rate * change;
  }
}

// activation.h's fast sigmoidAndLog, step for step, on 8 lanes (Vec8) or 16
// lanes (Vec16): the clamp, the Cody-Waite reduction, the degree-6
// polynomial, 2^n in the exponent (n = 0 for a NaN lane), and
// log(1 + e) = 2 atanh(e / (2 + e)). Two vector divisions a block.
#define HOGVEC_SIGMOID_AND_LOG_BODY(V, set1, add, sub, mul, fmadd, div, minv, maxv, andv, ordered, toInt, \
                                    exponentBias, toExponent, asFloat, blendNonNegative)                  \
  const V x = xs;                                                                                         \
  const V one = set1(1.0f), zero = set1(0.0f);                                                            \
  const V a = maxv(sub(zero, andv(x, absMask)), set1(-87.0f));                                            \
  const V t = mul(a, set1(1.44269504088896341f));                                                         \
  V n = sub(add(t, set1(12582912.0f)), set1(12582912.0f)); /* round to nearest */                         \
  const V r = sub(sub(a, mul(n, set1(0.693359375f))), mul(n, set1(-2.12194440e-4f)));                     \
  V p = set1(1.0f / 720.0f);                                                                              \
  p = fmadd(p, r, set1(1.0f / 120.0f));                                                                   \
  p = fmadd(p, r, set1(1.0f / 24.0f));                                                                    \
  p = fmadd(p, r, set1(1.0f / 6.0f));                                                                     \
  p = fmadd(p, r, set1(0.5f));                                                                            \
  p = fmadd(p, r, one);                                                                                   \
  p = fmadd(p, r, one);                                                                                   \
  n = ordered(n);                                                                                         \
  const V e = mul(p, asFloat(toExponent(exponentBias(toInt(n)))));                                        \
  const V inverse = div(one, add(one, e));                                                                \
  const V q = div(e, add(set1(2.0f), e));                                                                 \
  const V q2 = mul(q, q);                                                                                 \
  V sum = set1(1.0f / 13.0f);                                                                             \
  sum = fmadd(sum, q2, set1(1.0f / 11.0f));                                                               \
  sum = fmadd(sum, q2, set1(1.0f / 9.0f));                                                                \
  sum = fmadd(sum, q2, set1(1.0f / 7.0f));                                                                \
  sum = fmadd(sum, q2, set1(1.0f / 5.0f));                                                                \
  sum = fmadd(sum, q2, set1(1.0f / 3.0f));                                                                \
  sum = fmadd(sum, q2, one);                                                                              \
  const V l = mul(mul(set1(2.0f), q), sum);                                                               \
  const V sig = blendNonNegative(x, mul(e, inverse), inverse);                                            \
  const V logSig = sub(minv(x, zero), l);                                                                 \
  const V logSigNeg = sub(minv(sub(zero, x), zero), l);

// The lane operations the body needs beyond single intrinsics.
#define HOGVEC_AVX2 HOGVEC_TARGET("avx2,fma") HOGVEC_ALWAYS_INLINE
HOGVEC_AVX2 __m256 orderedAvx2(__m256 v) { return _mm256_and_ps(v, _mm256_cmp_ps(v, v, _CMP_ORD_Q)); }
HOGVEC_AVX2 __m256i exponentBiasAvx2(__m256i v) { return _mm256_add_epi32(v, _mm256_set1_epi32(127)); }
HOGVEC_AVX2 __m256i toExponentAvx2(__m256i v) { return _mm256_slli_epi32(v, 23); }
HOGVEC_AVX2 __m256 blendNonNegativeAvx2(__m256 x, __m256 ifNegative, __m256 ifNonNegative) {
  return _mm256_blendv_ps(ifNonNegative, ifNegative, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
}
#undef HOGVEC_AVX2

HOGVEC_TARGET("avx2,fma")
void sigmoidAndLogAvx2(const float* xsIn, std::size_t count, float* sigmoid, float* logSigmoid,
                       float* logSigmoidOfNegative) {
  const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  for (std::size_t i = 0; i < count; i += 8) {  // whole blocks: the arrays hold kMaxRows entries
    const __m256 xs = _mm256_loadu_ps(xsIn + i);
    HOGVEC_SIGMOID_AND_LOG_BODY(__m256, _mm256_set1_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps, _mm256_fmadd_ps,
                                _mm256_div_ps, _mm256_min_ps, _mm256_max_ps, _mm256_and_ps, orderedAvx2,
                                _mm256_cvttps_epi32, exponentBiasAvx2, toExponentAvx2, _mm256_castsi256_ps,
                                blendNonNegativeAvx2)
    _mm256_storeu_ps(sigmoid + i, sig);
    _mm256_storeu_ps(logSigmoid + i, logSig);
    _mm256_storeu_ps(logSigmoidOfNegative + i, logSigNeg);
  }
}

// AVX-512: masked tails, so any length runs without a scalar remainder loop.
// The lanes of a block with `left` coordinates to go: all 16, or the first `left`.
HOGVEC_TARGET("avx512f") inline __mmask16 tailMask(std::size_t left) {
  return static_cast<__mmask16>(left >= 16 ? 0xFFFFu : (1u << left) - 1u);
}
HOGVEC_TARGET("avx512f") float dotAvx512(const float* x, const float* y, std::size_t n) {
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), a0);
    a1 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(y + i + 16), a1);
  }
  for (; i + 16 <= n; i += 16) a0 = _mm512_fmadd_ps(_mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i), a0);
  if (i < n) {
    const __mmask16 m = tailMask(n - i);
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
    const __mmask16 m = tailMask(n - i);
    _mm512_mask_storeu_ps(y + i, m,
                          _mm512_fmadd_ps(va, _mm512_maskz_loadu_ps(m, x + i), _mm512_maskz_loadu_ps(m, y + i)));
  }
}
HOGVEC_TARGET("avx512f") void addRowsAvx512(float* const* rows, std::size_t count, std::size_t dim, float* out) {
  for (std::size_t i = 0; i < dim; i += 16) {
    const __mmask16 m = tailMask(dim - i);
    __m512 sum = _mm512_maskz_loadu_ps(m, out + i);
    for (std::size_t r = 0; r < count; ++r) sum = _mm512_add_ps(sum, _mm512_maskz_loadu_ps(m, rows[r] + i));
    _mm512_mask_storeu_ps(out + i, m, sum);
  }
}
HOGVEC_TARGET("avx512f")
void axpyRowsAvx512(float a, const float* x, float* const* rows, std::size_t count, std::size_t dim) {
  const __m512 va = _mm512_set1_ps(a);
  for (std::size_t i = 0; i < dim; i += 16) {
    const __mmask16 m = tailMask(dim - i);
    const __m512 step = _mm512_maskz_loadu_ps(m, x + i);
    for (std::size_t r = 0; r < count; ++r)
      _mm512_mask_storeu_ps(rows[r] + i, m, _mm512_fmadd_ps(va, step, _mm512_maskz_loadu_ps(m, rows[r] + i)));
  }
}
HOGVEC_TARGET("avx512f") void scalAvx512(float a, float* x, std::size_t n) {
  const __m512 va = _mm512_set1_ps(a);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(x + i, _mm512_mul_ps(va, _mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 m = tailMask(n - i);
    _mm512_mask_storeu_ps(x + i, m, _mm512_mul_ps(va, _mm512_maskz_loadu_ps(m, x + i)));
  }
}
HOGVEC_TARGET("avx512f")
void updateRowFromHiddensAvx512(float* row, float* dst, const float* const* hiddens, float* const* gradHiddens,
                                const float* coeffs, std::size_t count, float rate, std::size_t dim) {
  for (std::size_t i = 0; i < dim; i += 16) {
    const __mmask16 m = tailMask(dim - i);
    const __m512 u = _mm512_maskz_loadu_ps(m, row + i);
    __m512 change = _mm512_setzero_ps();
    for (std::size_t j = 0; j < count; ++j) {
      const __m512 c = _mm512_set1_ps(coeffs[j]);
      _mm512_mask_storeu_ps(gradHiddens[j] + i, m, _mm512_fmadd_ps(c, u, _mm512_maskz_loadu_ps(m, gradHiddens[j] + i)));
      change = _mm512_fmadd_ps(c, _mm512_maskz_loadu_ps(m, hiddens[j] + i), change);
    }
    const __m512 d = dst == row ? u : _mm512_maskz_loadu_ps(m, dst + i);
    _mm512_mask_storeu_ps(dst + i, m, _mm512_fnmadd_ps(_mm512_set1_ps(rate), change, d));
  }
}

#define HOGVEC_AVX512 HOGVEC_TARGET("avx512f") HOGVEC_ALWAYS_INLINE
HOGVEC_AVX512 __m512 andAvx512(__m512 a, __m512 b) {
  return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a), _mm512_castps_si512(b)));
}
HOGVEC_AVX512 __m512 orderedAvx512(__m512 v) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(v, v, _CMP_ORD_Q), v); }
HOGVEC_AVX512 __m512i exponentBiasAvx512(__m512i v) { return _mm512_add_epi32(v, _mm512_set1_epi32(127)); }
HOGVEC_AVX512 __m512i toExponentAvx512(__m512i v) { return _mm512_slli_epi32(v, 23); }
HOGVEC_AVX512 __m512 blendNonNegativeAvx512(__m512 x, __m512 ifNegative, __m512 ifNonNegative) {
  return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ), ifNonNegative, ifNegative);
}
#undef HOGVEC_AVX512

HOGVEC_TARGET("avx512f")
void sigmoidAndLogAvx512(const float* xsIn, std::size_t count, float* sigmoid, float* logSigmoid,
                         float* logSigmoidOfNegative) {
  const __m512 absMask = _mm512_castsi512_ps(_mm512_set1_epi32(0x7fffffff));
  for (std::size_t i = 0; i < count; i += 16) {  // whole blocks: the arrays hold kMaxRows entries
    const __m512 xs = _mm512_loadu_ps(xsIn + i);
    HOGVEC_SIGMOID_AND_LOG_BODY(__m512, _mm512_set1_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps, _mm512_fmadd_ps,
                                _mm512_div_ps, _mm512_min_ps, _mm512_max_ps, andAvx512, orderedAvx512,
                                _mm512_cvttps_epi32, exponentBiasAvx512, toExponentAvx512, _mm512_castsi512_ps,
                                blendNonNegativeAvx512)
    _mm512_storeu_ps(sigmoid + i, sig);
    _mm512_storeu_ps(logSigmoid + i, logSig);
    _mm512_storeu_ps(logSigmoidOfNegative + i, logSigNeg);
  }
}
HOGVEC_TARGET("avx512f")
void scoreRowsAvx512(const float* h, float* const* rows, std::size_t count, std::size_t dim, float* scores) {
  std::size_t r = 0;
  for (; r + 2 <= count; r += 2) {  // two rows share each load of h
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    const float* u0 = rows[r];
    const float* u1 = rows[r + 1];
    for (std::size_t i = 0; i < dim; i += 16) {
      const __mmask16 m = tailMask(dim - i);
      const __m512 hv = _mm512_maskz_loadu_ps(m, h + i);
      a0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, u0 + i), hv, a0);
      a1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, u1 + i), hv, a1);
    }
    scores[r] = _mm512_reduce_add_ps(a0);
    scores[r + 1] = _mm512_reduce_add_ps(a1);
  }
  if (r < count) scores[r] = dotAvx512(rows[r], h, dim);
}
HOGVEC_TARGET("avx512f")
void updateRowsAvx512(const float* h, float* const* rows, float* const* dsts, const float* coeffs, std::size_t count,
                      float rate, float* gradHidden, std::size_t dim) {
  for (std::size_t r = 0; r < count; ++r) {  // row by row, as updateRowsAvx2
    const __m512 cv = _mm512_set1_ps(coeffs[r]), sv = _mm512_set1_ps(-rate * coeffs[r]);
    float* u = rows[r];
    float* dst = dsts[r];
    for (std::size_t i = 0; i < dim; i += 16) {
      const __mmask16 m = tailMask(dim - i);
      const __m512 uv = _mm512_maskz_loadu_ps(m, u + i);
      _mm512_mask_storeu_ps(gradHidden + i, m, _mm512_fmadd_ps(cv, uv, _mm512_maskz_loadu_ps(m, gradHidden + i)));
      const __m512 d = dst == u ? uv : _mm512_maskz_loadu_ps(m, dst + i);
      _mm512_mask_storeu_ps(dst + i, m, _mm512_fmadd_ps(sv, _mm512_maskz_loadu_ps(m, h + i), d));
    }
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

const FloatKernels kScalar{dotPlain<float>,          axpyPlain<float>,
                           scalPlain<float>,         scoreRowsPlain<float, dotPlain<float>>,
                           updateRowsPlain<float>,   updateRowFromHiddensPlain<float>,
                           addRowsPlain<float>,      axpyRowsPlain<float>,
                           sigmoidAndLogPlain<float>};
const Kernels<double> kDouble{dotPlain<double>,          axpyPlain<double>,
                              scalPlain<double>,         scoreRowsPlain<double, dotPlain<double>>,
                              updateRowsPlain<double>,   updateRowFromHiddensPlain<double>,
                              addRowsPlain<double>,      axpyRowsPlain<double>,
                              sigmoidAndLogPlain<double>};
#ifdef HOGVEC_X86
const FloatKernels kAvx2{dotAvx2,       axpyAvx2,       scalAvx2,
                         scoreRowsAvx2, updateRowsAvx2, updateRowFromHiddensAvx2,
                         addRowsAvx2,   axpyRowsAvx2,   sigmoidAndLogAvx2};
const FloatKernels kAvx512{dotAvx512,       axpyAvx512,       scalAvx512,
                           scoreRowsAvx512, updateRowsAvx512, updateRowFromHiddensAvx512,
                           addRowsAvx512,   axpyRowsAvx512,   sigmoidAndLogAvx512};
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

const Kernels<double>& doubleKernels() { return kDouble; }

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
