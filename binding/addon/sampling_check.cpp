// Exposes the negative sampler and subsampling rule to JS so tests can check
// their distributions directly (chi-square against count^exponent).
#include <algorithm>
#include <string>

#include "activation.h"
#include "addon.h"
#include "args.h"
#include "blas.h"
#include "random.h"
#include "sampling.h"

namespace hogvec {
namespace addon {
namespace {

std::vector<std::uint64_t> countsArg(const Napi::Value& v) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw Napi::TypeError::New(v.Env(), "Expected a Float64Array of counts");
  Napi::Float64Array a = v.As<Napi::Float64Array>();
  std::vector<std::uint64_t> counts;
  for (std::size_t i = 0; i < a.ElementLength(); ++i) {
    if (!(a[i] >= 1 && a[i] <= kMaxSafeInteger)) throw Napi::RangeError::New(v.Env(), "Expected counts >= 1");
    counts.push_back(static_cast<std::uint64_t>(a[i]));
  }
  if (counts.size() < 2) throw Napi::RangeError::New(v.Env(), "Expected at least 2 counts");
  return counts;
}

// sampleNegatives(counts, exponent, draws, seed, excluded = -1) -> Uint32Array
Napi::Value sampleNegatives(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "Expected (counts, exponent, draws, seed[, excluded])");
  const std::vector<std::uint64_t> counts = countsArg(info[0]);
  const double exponent = info[1].As<Napi::Number>().DoubleValue();
  const double draws = info[2].As<Napi::Number>().DoubleValue();
  if (!(draws >= 0 && draws <= 1e8)) throw Napi::RangeError::New(env, "Expected between 0 and 1e8 draws");
  Random rng(info[3].As<Napi::Number>().Uint32Value());
  const int excluded = info.Length() > 4 ? info[4].As<Napi::Number>().Int32Value() : -1;
  if (excluded >= static_cast<int>(counts.size())) throw Napi::RangeError::New(env, "excluded is out of range");
  NegativeSampler sampler(counts, exponent);
  Napi::Uint32Array out = Napi::Uint32Array::New(env, static_cast<std::size_t>(draws));
  for (std::size_t i = 0; i < out.ElementLength(); ++i)
    out[i] = excluded >= 0 ? sampler.drawExcept(rng, static_cast<std::uint32_t>(excluded)) : sampler.draw(rng);
  return out;
}

// keepProbabilities(counts, sample) -> Float64Array
Napi::Value keepProbabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2) throw Napi::TypeError::New(env, "Expected (counts, sample)");
  const std::vector<double> keep =
      subsamplingKeepProbabilities(countsArg(info[0]), info[1].As<Napi::Number>().DoubleValue());
  Napi::Float64Array out = Napi::Float64Array::New(env, keep.size());
  for (std::size_t i = 0; i < keep.size(); ++i) out[i] = keep[i];
  return out;
}

// activations(xs: Float64Array, precision, path?) -> { sigmoid, logSigmoid, logSigmoidOfNegative }
// as the loss kernels compute them (float: the fast polynomials; with a SIMD
// path name, that path's batch kernel, as the training steps call it).
Napi::Value activations(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsTypedArray() || !info[1].IsString())
    throw Napi::TypeError::New(env, "Expected (Float64Array, 'float32' | 'float64', path?)");
  Napi::Float64Array xs = info[0].As<Napi::Float64Array>();
  const bool useFloat = info[1].As<Napi::String>().Utf8Value() == "float32";
  const std::size_t n = xs.ElementLength();
  Napi::Float64Array s = Napi::Float64Array::New(env, n), l = Napi::Float64Array::New(env, n),
                     ln = Napi::Float64Array::New(env, n);
  if (useFloat && info.Length() >= 3 && !info[2].IsUndefined()) {
    blas::SimdPath path;
    const std::string name = info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : std::string();
    if (!blas::parseSimdPath(name, &path) || !blas::cpuSupports(path))
      throw Napi::Error::New(env, "Expected a SIMD path this CPU supports but received '" + name + "'");
    const blas::FloatKernels& k = blas::kernelsFor(path);
    float x[blas::kMaxRows], sig[blas::kMaxRows], lsig[blas::kMaxRows], lneg[blas::kMaxRows];
    for (std::size_t from = 0; from < n; from += blas::kMaxRows) {
      const std::size_t count = std::min(n - from, blas::kMaxRows);
      for (std::size_t i = 0; i < blas::kMaxRows; ++i) x[i] = i < count ? static_cast<float>(xs[from + i]) : 0.0f;
      k.sigmoidAndLogRows(x, count, sig, lsig, lneg);
      for (std::size_t i = 0; i < count; ++i) s[from + i] = sig[i], l[from + i] = lsig[i], ln[from + i] = lneg[i];
    }
  } else
    for (std::size_t i = 0; i < n; ++i) {
      if (useFloat) {
        const SigmoidAndLog<float> f = sigmoidAndLog(static_cast<float>(xs[i]));
        s[i] = f.sigmoid, l[i] = f.logSigmoid, ln[i] = f.logSigmoidOfNegative;
      } else {
        const SigmoidAndLog<double> f = sigmoidAndLog(xs[i]);
        s[i] = f.sigmoid, l[i] = f.logSigmoid, ln[i] = f.logSigmoidOfNegative;
      }
    }
  Napi::Object out = Napi::Object::New(env);
  out.Set("sigmoid", s);
  out.Set("logSigmoid", l);
  out.Set("logSigmoidOfNegative", ln);
  return out;
}

}  // namespace

void registerSamplingCheck(Napi::Env env, Napi::Object exports) {
  exports.Set("sampleNegatives", Napi::Function::New(env, sampleNegatives, "sampleNegatives"));
  exports.Set("activations", Napi::Function::New(env, activations, "activations"));
  exports.Set("keepProbabilities", Napi::Function::New(env, keepProbabilities, "keepProbabilities"));
}

}  // namespace addon
}  // namespace hogvec
