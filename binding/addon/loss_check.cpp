// Exposes the native loss kernels and windows to JS for gradient checks:
// the same templates the trainer runs, instantiated in double and in float.
#include <cstdint>
#include <string>
#include <vector>

#include "addon.h"
#include "args.h"
#include "loss.h"
#include "window.h"

namespace hogvec {
namespace addon {
namespace {

// ---- argument reading: every mistake is a JS Error naming the field ----

Napi::Object objectArg(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject())
    throw Napi::TypeError::New(info.Env(), "Expected a problem object as the first argument");
  return info[0].As<Napi::Object>();
}

std::uint32_t indexField(const Napi::Object& o, const char* name, std::uint32_t bound) {
  Napi::Value v = o.Get(name);
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("Expected an integer for ") + name);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d < bound && d == static_cast<double>(static_cast<std::uint32_t>(d))))
    throw Napi::RangeError::New(o.Env(), std::string("Expected integer between 0 and ") + std::to_string(bound - 1) +
                                             " for " + name + " but received " + std::to_string(d));
  return static_cast<std::uint32_t>(d);
}

template <typename T, typename Array>
std::vector<T> copyTyped(Napi::Env env, Napi::Value v, const std::string& name, napi_typedarray_type type) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throw Napi::TypeError::New(env, "Expected a typed array of the right type for " + name);
  Array a = v.As<Array>();
  return std::vector<T>(a.Data(), a.Data() + a.ElementLength());
}

std::vector<double> doublesField(const Napi::Object& o, const char* name) {
  return copyTyped<double, Napi::Float64Array>(o.Env(), o.Get(name), name, napi_float64_array);
}
std::vector<std::uint32_t> indicesField(const Napi::Object& o, const char* name, std::uint32_t bound) {
  auto v = copyTyped<std::uint32_t, Napi::Uint32Array>(o.Env(), o.Get(name), name, napi_uint32_array);
  for (std::uint32_t x : v)
    if (x >= bound)
      throw Napi::RangeError::New(o.Env(), std::string(name) + " holds " + std::to_string(x) + ", out of range for " +
                                               std::to_string(bound) + " rows");
  return v;
}
std::vector<std::uint8_t> codesField(Napi::Env env, Napi::Value v, const std::string& name) {
  auto c = copyTyped<std::uint8_t, Napi::Uint8Array>(env, v, name, napi_uint8_array);
  for (std::uint8_t x : c)
    if (x > 1) throw Napi::RangeError::New(env, name + " must hold only 0 and 1");
  return c;
}

bool wantsFloat(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || info[1].IsUndefined()) return false;
  const std::string precision = info[1].IsString() ? std::string(info[1].As<Napi::String>()) : std::string();
  if (precision == "float64") return false;
  if (precision == "float32") return true;
  throw Napi::TypeError::New(info.Env(), "Expected 'float64' or 'float32' for precision");
}

template <typename Real>
std::vector<Real> convert(const std::vector<double>& v) {
  return std::vector<Real>(v.begin(), v.end());
}

template <typename Real>
Napi::Float64Array toJs(Napi::Env env, const std::vector<Real>& v) {
  Napi::Float64Array out = Napi::Float64Array::New(env, v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<double>(v[i]);
  return out;
}

// ---- one loss, as a PairLoss usable by a single pair or a window ----

// The data a loss needs beyond the vectors, already validated.
struct LossInputs {
  LossKind kind;
  std::size_t dim = 0;
  std::size_t outsideRows = 0;
  std::size_t negativeCount = 0;
  std::vector<std::uint32_t> negatives;  // negativeCount per pair
  // HS: every target word's path and codes, end to end, as the vocabulary holds them.
  std::vector<std::uint32_t> pathNodes;
  std::vector<std::uint8_t> pathCodes;
  std::vector<std::uint64_t> pathOffsets{0};
};

// The trainer's one loss dispatch (loss.h), over the check's data.
template <typename Real>
OutputLayer<Real> outputLayerOf(const LossInputs& in, std::vector<Real>& softmaxScores) {
  OutputLayer<Real> layer;
  layer.kind = in.kind;
  layer.negatives = in.negatives.data();
  layer.negativeCount = in.negativeCount;
  layer.paths = {in.pathNodes.data(), in.pathCodes.data(), in.pathOffsets.data()};
  layer.rows = in.outsideRows;
  layer.scores = softmaxScores.data();
  return layer;
}

template <typename Real>
auto pairLossOf(const OutputLayer<Real>& layer, const StepMatrices<Real>& matrices) {
  return [&layer, &matrices](const Real* hidden, std::uint32_t target, std::size_t pair, Real* gradHidden) {
    return pairLoss(layer, matrices, hidden, target, pair, gradHidden);
  };
}

// StepMatrices that leave the matrices alone and collect dJ/dV and dJ/dU.
template <typename Real>
StepMatrices<Real> collectingGradients(std::vector<Real>& v, std::vector<Real>& u, std::vector<Real>& gradV,
                                       std::vector<Real>& gradU, std::size_t dim) {
  StepMatrices<Real> p;
  p.input = v.data();
  p.output = u.data();
  p.inputChanges = gradV.data();
  p.outputChanges = gradU.data();
  p.rate = Real(-1);
  p.dim = dim;
  return p;
}

void checkNegatives(Napi::Env env, const LossInputs& in, const std::vector<std::uint32_t>& targets) {
  for (std::size_t p = 0; p < targets.size(); ++p)
    for (std::size_t k = 0; k < in.negativeCount; ++k)
      if (in.negatives[p * in.negativeCount + k] == targets[p])
        throw Napi::Error::New(env, "negatives must not contain the outside word " + std::to_string(targets[p]) +
                                        " (the outside word is never a negative)");
}

// HS paths and codes: { paths: Uint32Array[], codes: Uint8Array[] } per word.
void readHuffman(const Napi::Object& o, LossInputs& in, std::size_t words) {
  Napi::Env env = o.Env();
  Napi::Value p = o.Get("paths"), c = o.Get("codes");
  if (!p.IsArray() || !c.IsArray())
    throw Napi::TypeError::New(env, "Expected arrays paths and codes for hierarchical-softmax");
  Napi::Array pa = p.As<Napi::Array>(), ca = c.As<Napi::Array>();
  if (pa.Length() != words || ca.Length() != words)
    throw Napi::RangeError::New(env, "Expected one path and one code per word (" + std::to_string(words) + ")");
  for (std::uint32_t w = 0; w < words; ++w) {
    auto path = copyTyped<std::uint32_t, Napi::Uint32Array>(env, pa.Get(w), "paths[" + std::to_string(w) + "]",
                                                            napi_uint32_array);
    auto code = codesField(env, ca.Get(w), "codes[" + std::to_string(w) + "]");
    if (path.size() != code.size())
      throw Napi::RangeError::New(env, "paths[" + std::to_string(w) + "] and codes differ in length");
    for (std::uint32_t node : path)
      if (node >= in.outsideRows)
        throw Napi::RangeError::New(
            env, "paths[" + std::to_string(w) + "] names inner node " + std::to_string(node) + ", out of range");
    in.pathNodes.insert(in.pathNodes.end(), path.begin(), path.end());
    in.pathCodes.insert(in.pathCodes.end(), code.begin(), code.end());
    in.pathOffsets.push_back(in.pathNodes.size());
  }
}

// Gradient checks run on small problems; a dim past this is a mistake.
constexpr std::uint32_t kMaxCheckDim = 1u << 20;
std::size_t dimField(const Napi::Object& o) { return indexField(o, "dim", kMaxCheckDim); }

// lossCheck({ loss, dim, center, outside, target, negatives? | path?, codes? }, precision)
template <typename Real>
Napi::Value runLossCheck(Napi::Env env, const LossInputs& in, const std::vector<double>& center,
                         const std::vector<double>& outside, std::uint32_t target) {
  std::vector<Real> h = convert<Real>(center), u = convert<Real>(outside);
  std::vector<Real> gradCenter(in.dim, Real(0)), gradOutside(u.size(), Real(0)), scratch(in.outsideRows);
  std::vector<Real> gradHidden(in.dim);
  const StepMatrices<Real> params = collectingGradients(h, u, gradCenter, gradOutside, in.dim);
  const std::uint32_t input = 0;
  const OutputLayer<Real> layer = outputLayerOf(in, scratch);
  const Real loss = skipgramPairs(params, &input, &target, 1, gradHidden.data(), pairLossOf(layer, params));
  Napi::Object out = Napi::Object::New(env);
  out.Set("loss", static_cast<double>(loss));
  out.Set("gradCenter", toJs(env, gradCenter));
  out.Set("gradOutside", toJs(env, gradOutside));
  return out;
}

Napi::Value lossCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = objectArg(info);
  const bool useFloat = wantsFloat(info);
  LossInputs in;
  in.kind = lossField(o);
  in.dim = dimField(o);
  if (in.dim == 0) throw Napi::RangeError::New(env, "Expected dim >= 1");
  std::vector<double> center = doublesField(o, "center"), outside = doublesField(o, "outside");
  if (center.size() != in.dim) throw Napi::RangeError::New(env, "center must hold dim values");
  if (outside.empty() || outside.size() % in.dim != 0)
    throw Napi::RangeError::New(env, "outside must hold rows x dim values");
  in.outsideRows = outside.size() / in.dim;
  std::uint32_t target = 0;
  if (in.kind == LossKind::HierarchicalSoftmax) {
    Napi::Object huffman = Napi::Object::New(env);
    Napi::Array paths = Napi::Array::New(env, 1), codes = Napi::Array::New(env, 1);
    paths.Set(0u, o.Get("path"));
    codes.Set(0u, o.Get("codes"));
    huffman.Set("paths", paths);
    huffman.Set("codes", codes);
    readHuffman(huffman, in, 1);
  } else {
    target = indexField(o, "target", static_cast<std::uint32_t>(in.outsideRows));
    if (in.kind == LossKind::NegativeSampling) {
      in.negatives = indicesField(o, "negatives", static_cast<std::uint32_t>(in.outsideRows));
      in.negativeCount = in.negatives.size();
      checkNegatives(env, in, {target});
    }
  }
  return useFloat ? runLossCheck<float>(env, in, center, outside, target)
                  : runLossCheck<double>(env, in, center, outside, target);
}

// windowCheck({ architecture, loss, dim, centerVectors, outsideVectors, centerWord,
//               outsideWords, negatives?, paths?, codes?, cbowMean?, cbowGradient? }, precision)
template <typename Real>
Napi::Value runWindowCheck(Napi::Env env, const LossInputs& in, bool cbow, bool shared, bool mean,
                           CbowGradient gradient, const std::vector<double>& centerVectors,
                           const std::vector<double>& outsideVectors, std::uint32_t centerWord,
                           const std::vector<std::uint32_t>& outsideWords) {
  std::vector<Real> v = convert<Real>(centerVectors), u = convert<Real>(outsideVectors), scratch(in.outsideRows);
  std::vector<Real> gradV(v.size(), Real(0)), gradU(u.size(), Real(0)), hidden(in.dim), gradHidden(in.dim);
  const StepMatrices<Real> params = collectingGradients(v, u, gradV, gradU, in.dim);
  const OutputLayer<Real> layer = outputLayerOf(in, scratch);
  const auto pairLoss = pairLossOf(layer, params);
  Real loss;
  if (shared) {
    SharedNegativesScratch<Real> scratchShared(outsideWords.size(), in.negatives.size(), in.dim);
    loss = skipgramSharedNegatives(params, centerWord, outsideWords.data(), outsideWords.size(), in.negatives.data(),
                                   in.negatives.size(), scratchShared);
  } else if (cbow) {
    loss = cbowWindow(params, centerWord, outsideWords.data(), outsideWords.size(), mean, gradient, hidden.data(),
                      gradHidden.data(), pairLoss);
  } else {
    // CS224n's window: the center's vector predicts each outside word.
    const std::vector<std::uint32_t> inputs(outsideWords.size(), centerWord);
    loss = skipgramPairs(params, inputs.data(), outsideWords.data(), outsideWords.size(), gradHidden.data(), pairLoss);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("loss", static_cast<double>(loss));
  out.Set("gradCenterVectors", toJs(env, gradV));
  out.Set("gradOutsideVectors", toJs(env, gradU));
  return out;
}

Napi::Value windowCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = objectArg(info);
  const bool useFloat = wantsFloat(info);
  const bool cbow = architectureField(o) == Architecture::Cbow;
  LossInputs in;
  in.kind = lossField(o);
  in.dim = dimField(o);
  if (in.dim == 0) throw Napi::RangeError::New(env, "Expected dim >= 1");
  std::vector<double> centerVectors = doublesField(o, "centerVectors"),
                      outsideVectors = doublesField(o, "outsideVectors");
  if (centerVectors.empty() || centerVectors.size() % in.dim != 0)
    throw Napi::RangeError::New(env, "centerVectors must hold vocabulary x dim values");
  if (outsideVectors.empty() || outsideVectors.size() % in.dim != 0)
    throw Napi::RangeError::New(env, "outsideVectors must hold rows x dim values");
  const auto vocab = static_cast<std::uint32_t>(centerVectors.size() / in.dim);
  in.outsideRows = outsideVectors.size() / in.dim;
  const std::uint32_t centerWord = indexField(o, "centerWord", vocab);
  const std::vector<std::uint32_t> outsideWords = indicesField(o, "outsideWords", vocab);
  if (in.kind == LossKind::Softmax && in.outsideRows != vocab)
    throw Napi::RangeError::New(env, "softmax needs one outside row per word");
  const bool shared = o.Has("sharedNegatives") && o.Get("sharedNegatives").ToBoolean();
  if (shared && (cbow || in.kind != LossKind::NegativeSampling))
    throw Napi::Error::New(env, "sharedNegatives needs skip-gram with negative-sampling");
  if (in.kind == LossKind::NegativeSampling) {
    if (in.outsideRows != vocab) throw Napi::RangeError::New(env, "negative-sampling needs one outside row per word");
    in.negatives = indicesField(o, "negatives", vocab);
    const std::size_t pairs = cbow || shared ? 1 : outsideWords.size();
    if (pairs == 0 || in.negatives.size() % pairs != 0)
      throw Napi::RangeError::New(env, "negatives must hold the same number of negatives for every pair");
    in.negativeCount = in.negatives.size() / pairs;
    checkNegatives(env, in, cbow || shared ? std::vector<std::uint32_t>{centerWord} : outsideWords);
  }
  if (in.kind == LossKind::HierarchicalSoftmax) readHuffman(o, in, vocab);
  const bool mean = !o.Has("cbowMean") || o.Get("cbowMean").IsUndefined() || o.Get("cbowMean").ToBoolean();
  CbowGradient gradient = CbowGradient::True;
  if (o.Has("cbowGradient") && !o.Get("cbowGradient").IsUndefined()) {
    const std::string g = stringField(o, "cbowGradient");
    if (g == "word2vec") gradient = CbowGradient::Word2vec;
    else if (g != "true")
      throw Napi::Error::New(env, "Expected 'true' or 'word2vec' for cbowGradient but received '" + g + "'");
  }
  return useFloat ? runWindowCheck<float>(env, in, cbow, shared, mean, gradient, centerVectors, outsideVectors,
                                          centerWord, outsideWords)
                  : runWindowCheck<double>(env, in, cbow, shared, mean, gradient, centerVectors, outsideVectors,
                                           centerWord, outsideWords);
}

}  // namespace

void registerLossCheck(Napi::Env env, Napi::Object exports) {
  exports.Set("lossCheck", Napi::Function::New(env, lossCheck, "lossCheck"));
  exports.Set("windowCheck", Napi::Function::New(env, windowCheck, "windowCheck"));
}

}  // namespace addon
}  // namespace hogvec
