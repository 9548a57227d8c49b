// Nearest-neighbour search for JS (binding/core/search.h): the unit-normalised
// matrix as a Float32Array over native memory, and synchronous top-k queries
// (one pass over the matrix is tens of milliseconds even for 1M x 300, too
// short to be worth an async round trip). Every argument is checked here, so
// a mistake is a JS Error naming the function and the argument.
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "addon.h"
#include "search.h"

namespace hogvec {
namespace addon {
namespace {

using search::Neighbor;

// ---- arguments ----

Napi::Float32Array floatsArg(const Napi::CallbackInfo& info, std::size_t i, const char* fn, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": expected a Float32Array for " + name);
  return v.As<Napi::Float32Array>();
}

std::vector<std::uint32_t> rowsArg(Napi::Env env, Napi::Value v, const char* fn, const std::string& name) {
  if (v.IsUndefined()) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array)
    throw Napi::TypeError::New(env, std::string(fn) + ": expected a Uint32Array for " + name);
  Napi::Uint32Array a = v.As<Napi::Uint32Array>();
  return std::vector<std::uint32_t>(a.Data(), a.Data() + a.ElementLength());
}

// An integer in [lo, hi]; `fallback` when the argument is missing (if allowed).
std::size_t countArg(const Napi::CallbackInfo& info, std::size_t i, const char* fn, const char* name, double lo,
                     double hi, const double* fallback = nullptr) {
  Napi::Value v = info[i];
  if (v.IsUndefined() && fallback != nullptr) return static_cast<std::size_t>(*fallback);
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : std::nan("");
  if (!(d >= lo && d <= hi && d == std::floor(d)))
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": expected an integer between " +
                                                std::to_string(static_cast<std::uint64_t>(lo)) + " and " +
                                                std::to_string(static_cast<std::uint64_t>(hi)) + " for " + name);
  return static_cast<std::size_t>(d);
}

// Rows, k and dim are 32-bit in the core.
constexpr double kMaxIndex = 4294967295.0;
// Bounds on what a caller may ask for: search threads, and terms of a 3CosMul query.
constexpr double kMaxSearchThreads = 256;
constexpr double kMaxQueryTerms = 1024;
const double kAutoThreads = 0;

unsigned threadsArg(const Napi::CallbackInfo& info, std::size_t i, const char* fn) {
  return static_cast<unsigned>(countArg(info, i, fn, "threads", 0, kMaxSearchThreads, &kAutoThreads));
}

// The matrix: a Float32Array of rows x dim.
struct MatrixArg {
  const float* data;
  std::size_t rows;
  std::size_t dim;
};

MatrixArg matrixArg(const Napi::CallbackInfo& info, const char* fn) {
  Napi::Float32Array m = floatsArg(info, 0, fn, "the matrix");
  const std::size_t dim = countArg(info, 1, fn, "dim", 1, kMaxIndex);
  if (m.ElementLength() % dim != 0)
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": the matrix holds " +
                                                std::to_string(m.ElementLength()) + " floats, not a multiple of dim " +
                                                std::to_string(dim));
  return {m.Data(), m.ElementLength() / dim, dim};
}

// `count` term vectors of dim floats from argument i.
const float* termsArg(const Napi::CallbackInfo& info, std::size_t i, const char* fn, const char* name, std::size_t dim,
                      std::size_t* count) {
  Napi::Float32Array a = floatsArg(info, i, fn, name);
  if (a.ElementLength() % dim != 0)
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": " + name + " holds " +
                                                std::to_string(a.ElementLength()) + " floats, not a multiple of dim " +
                                                std::to_string(dim));
  *count = a.ElementLength() / dim;
  return a.Data();
}

// One Uint32Array of excluded rows per query, or undefined for none.
search::Exclusions exclusionsArg(const Napi::CallbackInfo& info, std::size_t i, const char* fn, std::size_t queries) {
  Napi::Value v = info[i];
  search::Exclusions out;
  if (v.IsUndefined()) return out;
  if (!v.IsArray())
    throw Napi::TypeError::New(info.Env(), std::string(fn) + ": expected an array of Uint32Array for exclude");
  Napi::Array a = v.As<Napi::Array>();
  if (a.Length() > queries)
    throw Napi::RangeError::New(info.Env(), std::string(fn) + ": exclude has " + std::to_string(a.Length()) +
                                                " lists for " + std::to_string(queries) + " queries");
  for (std::uint32_t q = 0; q < a.Length(); ++q)
    out.push_back(rowsArg(info.Env(), a.Get(q), fn, "exclude[" + std::to_string(q) + "]"));
  return out;
}

// ---- results ----

// { indices, scores } of one query.
Napi::Object neighbors(Napi::Env env, const std::vector<Neighbor>& found) {
  Napi::Uint32Array indices = Napi::Uint32Array::New(env, found.size());
  Napi::Float32Array scores = Napi::Float32Array::New(env, found.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    indices[i] = found[i].index;
    scores[i] = found[i].score;
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("indices", indices);
  out.Set("scores", scores);
  return out;
}

// { indices, scores, counts } of a block: query q's answers are at
// [q * stride, q * stride + counts[q]), stride = min(k, limit).
Napi::Object neighborsBatch(Napi::Env env, const std::vector<std::vector<Neighbor>>& found, std::size_t stride) {
  Napi::Uint32Array indices = Napi::Uint32Array::New(env, found.size() * stride);
  Napi::Float32Array scores = Napi::Float32Array::New(env, found.size() * stride);
  Napi::Uint32Array counts = Napi::Uint32Array::New(env, found.size());
  for (std::size_t q = 0; q < found.size(); ++q) {
    counts[q] = static_cast<std::uint32_t>(found[q].size());
    for (std::size_t i = 0; i < found[q].size(); ++i) {
      indices[q * stride + i] = found[q][i].index;
      scores[q * stride + i] = found[q][i].score;
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("indices", indices);
  out.Set("scores", scores);
  out.Set("counts", counts);
  return out;
}

// Core failures (bad_alloc, invalid_argument) become JS Errors naming the function.
template <class Body>
Napi::Value guarded(const Napi::CallbackInfo& info, const char* fn, Body&& body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(info.Env(), std::string(fn) + ": out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string(fn) + ": " + e.what());
  }
}

// ---- functions ----

// The floats behind a normalizeRows result.
struct UnitBuffer {
  std::unique_ptr<float[]> data;
  std::size_t size;
};

// normalizeRows(vectors, dim, threads = 0) -> Float32Array over a new native buffer
Napi::Value normalizeRows(const Napi::CallbackInfo& info) {
  return guarded(info, "normalizeRows", [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    const MatrixArg m = matrixArg(info, "normalizeRows");
    const unsigned threads = threadsArg(info, 2, "normalizeRows");
    const std::size_t n = m.rows * m.dim;
    if (n == 0) return Napi::Float32Array::New(env, 0);
    // Default-initialised (not zeroed): the worker threads touch the pages
    // first, in parallel, rather than this thread zeroing 1 GB beforehand.
    auto unit = std::make_unique<UnitBuffer>(UnitBuffer{std::unique_ptr<float[]>(new float[n]), n});
    search::normalizeRows(m.data, m.rows, m.dim, unit->data.get(), threads);
    const std::int64_t bytes = static_cast<std::int64_t>(n * sizeof(float));
    // The ArrayBuffer owns the floats; its finalizer frees them once no view is left.
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(
        env, unit->data.get(), n * sizeof(float),
        [](Napi::Env env, void*, UnitBuffer* owned) {
          Napi::MemoryManagement::AdjustExternalMemory(env, -static_cast<std::int64_t>(owned->size * sizeof(float)));
          delete owned;
        },
        unit.get());
    unit.release();
    // Tell the GC what this small object holds, so that it is collected in time.
    Napi::MemoryManagement::AdjustExternalMemory(env, bytes);
    return Napi::Float32Array::New(env, n, buffer, 0);
  });
}

// topK(unit, dim, query, k, limit, exclude?: Uint32Array, threads = 0) -> { indices, scores }
Napi::Value topK(const Napi::CallbackInfo& info) {
  return guarded(info, "topK", [&]() -> Napi::Value {
    const MatrixArg m = matrixArg(info, "topK");
    Napi::Float32Array query = floatsArg(info, 2, "topK", "query");
    if (query.ElementLength() != m.dim)
      throw Napi::RangeError::New(info.Env(), "topK: the query holds " + std::to_string(query.ElementLength()) +
                                                  " floats, expected dim " + std::to_string(m.dim));
    search::ScanOptions scan;
    scan.k = countArg(info, 3, "topK", "k", 0, kMaxIndex);
    scan.limit = countArg(info, 4, "topK", "limit", 0, static_cast<double>(m.rows));
    search::Exclusions exclude{rowsArg(info.Env(), info[5], "topK", "exclude")};
    scan.threads = threadsArg(info, 6, "topK");
    return neighbors(info.Env(), search::topK(m.data, m.rows, m.dim, query.Data(), 1, exclude, scan)[0]);
  });
}

// topKBatch(unit, dim, queries, k, limit, exclude?: Uint32Array[], threads = 0) -> { indices, scores, counts }
Napi::Value topKBatch(const Napi::CallbackInfo& info) {
  return guarded(info, "topKBatch", [&]() -> Napi::Value {
    const MatrixArg m = matrixArg(info, "topKBatch");
    std::size_t nQueries = 0;
    const float* queries = termsArg(info, 2, "topKBatch", "queries", m.dim, &nQueries);
    search::ScanOptions scan;
    scan.k = countArg(info, 3, "topKBatch", "k", 0, kMaxIndex);
    scan.limit = countArg(info, 4, "topKBatch", "limit", 0, static_cast<double>(m.rows));
    const search::Exclusions exclude = exclusionsArg(info, 5, "topKBatch", nQueries);
    scan.threads = threadsArg(info, 6, "topKBatch");
    const auto found = search::topK(m.data, m.rows, m.dim, queries, nQueries, exclude, scan);
    return neighborsBatch(info.Env(), found, std::min(scan.k, scan.limit));
  });
}

// topKCosMulBatch(unit, dim, terms, positive, negative, k, limit, exclude?: Uint32Array[], epsilon, threads = 0)
//   -> { indices, scores, counts }; terms: per query, `positive` then `negative` vectors.
Napi::Value topKCosMulBatch(const Napi::CallbackInfo& info) {
  return guarded(info, "topKCosMulBatch", [&]() -> Napi::Value {
    const char* fn = "topKCosMulBatch";
    const MatrixArg m = matrixArg(info, fn);
    std::size_t nTerms = 0;
    const float* terms = termsArg(info, 2, fn, "terms", m.dim, &nTerms);
    search::CosMulShape shape;
    shape.positive = countArg(info, 3, fn, "positive", 1, kMaxQueryTerms);
    shape.negative = countArg(info, 4, fn, "negative", 0, kMaxQueryTerms);
    const std::size_t per = shape.positive + shape.negative;
    if (nTerms % per != 0)
      throw Napi::RangeError::New(info.Env(),
                                  std::string(fn) + ": terms holds " + std::to_string(nTerms) +
                                      " vectors, not a multiple of positive + negative = " + std::to_string(per));
    const std::size_t nQueries = nTerms / per;
    search::ScanOptions scan;
    scan.k = countArg(info, 5, fn, "k", 0, kMaxIndex);
    scan.limit = countArg(info, 6, fn, "limit", 0, static_cast<double>(m.rows));
    const search::Exclusions exclude = exclusionsArg(info, 7, fn, nQueries);
    const double epsilon = info[8].IsNumber() ? info[8].As<Napi::Number>().DoubleValue() : std::nan("");
    if (!(epsilon >= 0 && std::isfinite(epsilon)))
      throw Napi::RangeError::New(info.Env(), std::string(fn) + ": expected a finite number >= 0 for epsilon");
    shape.epsilon = epsilon;
    scan.threads = threadsArg(info, 9, fn);
    const auto found = search::topKCosMul(m.data, m.rows, m.dim, terms, nQueries, shape, exclude, scan);
    return neighborsBatch(info.Env(), found, std::min(scan.k, scan.limit));
  });
}

// topKAnalogyBatch(unit, dim, terms, a, b, c, method, epsilon, k, limit, exclude?: Uint32Array[], threads = 0)
//   -> { indices, scores, counts }; question q is "terms[a[q]] is to terms[b[q]] as terms[c[q]] is to ?",
//   method '3CosAdd' or '3CosMul' (epsilon is 3CosMul's).
Napi::Value topKAnalogyBatch(const Napi::CallbackInfo& info) {
  return guarded(info, "topKAnalogyBatch", [&]() -> Napi::Value {
    const char* fn = "topKAnalogyBatch";
    Napi::Env env = info.Env();
    const MatrixArg m = matrixArg(info, fn);
    std::size_t nTerms = 0;
    const float* terms = termsArg(info, 2, fn, "terms", m.dim, &nTerms);
    const char* names[] = {"a", "b", "c"};
    Napi::Uint32Array words[3];
    for (std::size_t i = 0; i < 3; ++i) {
      Napi::Value v = info[3 + i];
      if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array)
        throw Napi::TypeError::New(env, std::string(fn) + ": expected a Uint32Array for " + names[i]);
      words[i] = v.As<Napi::Uint32Array>();
    }
    const std::size_t nQuestions = words[0].ElementLength();
    if (words[1].ElementLength() != nQuestions || words[2].ElementLength() != nQuestions)
      throw Napi::RangeError::New(env, std::string(fn) + ": a, b and c must have the same length");
    search::AnalogyMethod method;
    const std::string name = info[6].IsString() ? info[6].As<Napi::String>().Utf8Value() : "";
    if (name == "3CosAdd") method = search::AnalogyMethod::CosAdd;
    else if (name == "3CosMul") method = search::AnalogyMethod::CosMul;
    else throw Napi::RangeError::New(env, std::string(fn) + ": expected '3CosAdd' or '3CosMul' for method");
    const double epsilon = info[7].IsNumber() ? info[7].As<Napi::Number>().DoubleValue() : std::nan("");
    if (!(epsilon >= 0 && std::isfinite(epsilon)))
      throw Napi::RangeError::New(env, std::string(fn) + ": expected a finite number >= 0 for epsilon");
    search::ScanOptions scan;
    scan.k = countArg(info, 8, fn, "k", 0, kMaxIndex);
    scan.limit = countArg(info, 9, fn, "limit", 0, static_cast<double>(m.rows));
    const search::Exclusions exclude = exclusionsArg(info, 10, fn, nQuestions);
    scan.threads = threadsArg(info, 11, fn);
    const search::AnalogyQuestions questions{words[0].Data(), words[1].Data(), words[2].Data(), nQuestions};
    const auto found =
        search::topKAnalogies(m.data, m.rows, m.dim, terms, nTerms, questions, method, epsilon, exclude, scan);
    return neighborsBatch(env, found, std::min(scan.k, scan.limit));
  });
}

}  // namespace

void registerSearch(Napi::Env env, Napi::Object exports) {
  exports.Set("normalizeRows", Napi::Function::New(env, normalizeRows, "normalizeRows"));
  exports.Set("topK", Napi::Function::New(env, topK, "topK"));
  exports.Set("topKBatch", Napi::Function::New(env, topKBatch, "topKBatch"));
  exports.Set("topKCosMulBatch", Napi::Function::New(env, topKCosMulBatch, "topKCosMulBatch"));
  exports.Set("topKAnalogyBatch", Napi::Function::New(env, topKAnalogyBatch, "topKAnalogyBatch"));
}

}  // namespace addon
}  // namespace hogvec
