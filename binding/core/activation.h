// Sigmoid and log-sigmoid for the loss kernels. Double (gradient checks) uses
// the exact library functions; float (training) uses short polynomials that
// cost a fraction of expf + log1pf and stay within 1e-6 of the exact values
// (test/activation.test.ts checks that bound over a dense grid).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace hogvec {

// sigmoid(x), log(sigmoid(x)) and log(sigmoid(-x)) of one score, from one
// exponential: with e = exp(-|x|), log s(+-x) = min(+-x, 0) - log(1 + e).
template <typename Real>
struct SigmoidAndLog {
  Real sigmoid;
  Real logSigmoid;
  Real logSigmoidOfNegative;
};

namespace fast {

// exp(x) for x <= 0: Cody-Waite range reduction to |r| <= ln2/2, a degree-6
// Taylor polynomial (relative error < 2e-7), and 2^n put in the exponent.
inline float expNonPositive(float x) {
  // Clamped rather than branched so that a batch of scores can be vectorised;
  // exp(-87) ~ 1.6e-38 is 0 for every use here.
  x = x < -87.0f ? -87.0f : x;
  // Round to nearest by adding and removing 1.5 * 2^23 (exact for |t| < 2^22):
  // nearbyintf is a library call on baseline x86-64.
  const float t = x * 1.44269504088896341f;
  const float n = (t + 12582912.0f) - 12582912.0f;
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  // A NaN score (a diverged or damaged model) stays NaN through p; converting
  // NaN to an integer is undefined behaviour, so n is 0 for it here.
  const std::int32_t bits = (static_cast<std::int32_t>(n == n ? n : 0.0f) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// log(1 + e) for e in [0, 1] as 2 atanh(e / (2 + e)): the series in
// t = e / (2 + e) <= 1/3 to t^13 errs by < 1e-7, and e is never rounded into 1 + e.
inline float log1pUnit(float e) {
  const float t = e / (2.0f + e);
  const float t2 = t * t;
  float s = 1.0f / 13.0f;
  s = s * t2 + 1.0f / 11.0f;
  s = s * t2 + 1.0f / 9.0f;
  s = s * t2 + 1.0f / 7.0f;
  s = s * t2 + 1.0f / 5.0f;
  s = s * t2 + 1.0f / 3.0f;
  s = s * t2 + 1.0f;
  return 2.0f * t * s;
}

}  // namespace fast

inline SigmoidAndLog<double> sigmoidAndLog(double x) {
  const double e = std::exp(-std::fabs(x));  // in (0, 1]: never overflows
  const double s = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  const double l = std::log1p(e);
  return {s, std::fmin(x, 0.0) - l, std::fmin(-x, 0.0) - l};
}

inline SigmoidAndLog<float> sigmoidAndLog(float x) {
  const float e = fast::expNonPositive(-std::fabs(x));
  const float inverse = 1.0f / (1.0f + e);
  const float l = fast::log1pUnit(e);
  return {x >= 0 ? inverse : e * inverse, (x < 0 ? x : 0.0f) - l, (x > 0 ? -x : 0.0f) - l};
}

}  // namespace hogvec
