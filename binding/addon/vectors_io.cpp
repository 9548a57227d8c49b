// loadVectors / saveVectors: the word2vec formats (binding/core/vectors_io.h)
// on a libuv worker thread, returning Promises, so that reading or writing a
// multi-gigabyte file never blocks the event loop. Loaded vectors reach JS as
// a Float32Array over the native buffer (no copy), freed by its finalizer.
#include <algorithm>
#include <cmath>
#include <functional>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "addon.h"
#include "model_handle.h"
#include "promise_worker.h"
#include "vectors_io.h"

namespace hogvec {
namespace addon {
namespace {

// The longest Float32Array V8 makes in Node 20 (on 64-bit).
constexpr std::uint64_t kMaxFloat32ArrayLength = std::uint64_t{1} << 32;
// The longest string of joined words handed to JS at once (V8's limit is about 2^29 characters).
constexpr std::size_t kWordChunkBytes = std::size_t{1} << 28;

VectorsFormat readFormat(Napi::Env env, Napi::Value value, bool allowAuto) {
  if (value.IsUndefined()) return allowAuto ? VectorsFormat::Auto : VectorsFormat::Binary;
  if (value.IsString()) {
    const std::string name = value.As<Napi::String>();
    if (name == "binary") return VectorsFormat::Binary;
    if (name == "text") return VectorsFormat::Text;
    if (name == "auto" && allowAuto) return VectorsFormat::Auto;
  }
  throw Napi::TypeError::New(
      env, allowAuto ? "Expected 'auto', 'binary' or 'text' for format" : "Expected 'binary' or 'text' for format");
}

const char* formatName(VectorsFormat format) { return format == VectorsFormat::Text ? "text" : "binary"; }

class LoadVectorsWorker : public PromiseWorker {
 public:
  LoadVectorsWorker(Napi::Env env, std::string path, LoadVectorsOptions options)
      : PromiseWorker(env, "hogvec:loadVectors", "loading vectors file '" + path + "'"),
        path_(std::move(path)),
        options_(options) {}

 protected:
  void work() override {
    result_ = loadVectors(path_, options_);
    joinWords();
  }

  Napi::Value result(Napi::Env env) override {
    Napi::Array chunks = Napi::Array::New(env, wordChunks_.size());
    for (std::size_t i = 0; i < wordChunks_.size(); ++i) {
      // Invalid UTF-8 becomes U+FFFD, as gensim's unicode_errors='replace'.
      chunks.Set(static_cast<std::uint32_t>(i), Napi::String::New(env, wordChunks_[i]));
    }
    const std::size_t count = wordCount_ * result_.dim;
    Napi::Float32Array vectors;
    if (count == 0) {
      vectors = Napi::Float32Array::New(env, 0);
    } else {
      float* data = result_.values.get();
      Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, data, count * sizeof(float),
                                                        [](Napi::Env, void* p) { delete[] static_cast<float*>(p); });
      result_.values.release();  // the ArrayBuffer's finalizer owns it now
      vectors = Napi::Float32Array::New(env, count, buffer, 0);
    }
    Napi::Object out = Napi::Object::New(env);
    out.Set("count", Napi::Number::New(env, static_cast<double>(wordCount_)));
    out.Set("wordChunks", chunks);
    out.Set("vectors", vectors);
    out.Set("dim", Napi::Number::New(env, result_.dim));
    out.Set("format", Napi::String::New(env, formatName(result_.format)));
    return out;
  }

 private:
  // One JS string per chunk of words joined by ' ' (no word holds a space in
  // either format), split in JS: far cheaper on the main thread than a
  // million Napi::String calls. Chunks stay below V8's string length limit.
  void joinWords() {
    wordCount_ = result_.size();
    for (std::size_t i = 0; i < result_.size(); ++i) {
      const std::string_view w = result_.word(i);
      if (wordChunks_.empty() || wordChunks_.back().size() + 1 + w.size() > kWordChunkBytes) {
        wordChunks_.emplace_back();
        wordChunks_.back().reserve(std::min(kWordChunkBytes, result_.wordBytes.size() + result_.size()));
      } else {
        wordChunks_.back().push_back(' ');
      }
      wordChunks_.back().append(w);
    }
    result_.wordBytes = std::string();
    result_.wordEnds = std::vector<std::uint64_t>();
  }

  std::string path_;
  LoadVectorsOptions options_;
  LoadedVectors result_;
  std::vector<std::string> wordChunks_;
  std::size_t wordCount_ = 0;  // result_'s words are freed once joined
};

// Runs a save off the JS thread and settles a promise. `keepAlive` holds what
// the save reads (a Float32Array, or the model) until it is done.
class SaveVectorsWorker : public PromiseWorker {
 public:
  SaveVectorsWorker(Napi::Env env, const std::string& path, std::function<void()> save, Napi::Value keepAlive)
      : PromiseWorker(env, "hogvec:saveVectors", "saving vectors file '" + path + "'"),
        save_(std::move(save)),
        keepAlive_(Napi::Persistent(keepAlive)) {}

 protected:
  void work() override { save_(); }

 private:
  std::function<void()> save_;
  Napi::Reference<Napi::Value> keepAlive_;
};

Napi::Promise queueSave(Napi::Env env, const std::string& path, std::function<void()> save, Napi::Value keepAlive) {
  return (new SaveVectorsWorker(env, path, std::move(save), keepAlive))->Start();
}

std::string pathArgument(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString() || info[0].As<Napi::String>().Utf8Value().empty())
    throw Napi::TypeError::New(info.Env(), "Expected a non-empty string for file");
  return info[0].As<Napi::String>();
}

// loadVectors(path, { limit?, format? }): Promise<{ wordChunks, count, vectors, dim, format }>.
// lib/vectors-io.ts validates the options; this only converts them safely.
Napi::Value LoadVectors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = pathArgument(info);
  LoadVectorsOptions options;
  options.maxValues = kMaxFloat32ArrayLength;
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object o = info[1].As<Napi::Object>();
    Napi::Value limit = o.Get("limit");
    if (!limit.IsUndefined()) {
      const double l = limit.IsNumber() ? limit.As<Napi::Number>().DoubleValue() : -1;
      if (!(l >= 1) || l != std::floor(l)) throw Napi::RangeError::New(env, "Expected integer >= 1 for limit");
      options.limit = l >= 1.8e19 ? 0 : static_cast<std::uint64_t>(l);
    }
    options.format = readFormat(env, o.Get("format"), true);
  }
  return (new LoadVectorsWorker(env, std::move(path), options))->Start();
}

// saveVectors(path, words, vectors, dim, format): Promise<void>.
Napi::Value SaveVectors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = pathArgument(info);
  if (info.Length() < 5 || !info[1].IsArray() || !info[2].IsTypedArray() ||
      info[2].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array || !info[3].IsNumber())
    throw Napi::TypeError::New(env, "Expected (file, words: string[], vectors: Float32Array, dim, format)");
  Napi::Array wordArray = info[1].As<Napi::Array>();
  Napi::Float32Array vectors = info[2].As<Napi::Float32Array>();
  const double dim = info[3].As<Napi::Number>().DoubleValue();
  if (!(dim >= 1 && dim <= kMaxVectorsDim) || dim != std::floor(dim))
    throw Napi::RangeError::New(env, "Expected integer between 1 and " + std::to_string(kMaxVectorsDim) + " for dim");
  const VectorsFormat format = readFormat(env, info[4], false);
  const std::uint32_t n = wordArray.Length();
  if (static_cast<double>(vectors.ElementLength()) != static_cast<double>(n) * dim)
    throw Napi::RangeError::New(
        env, "Expected " + std::to_string(n) + " x " + std::to_string(static_cast<std::uint32_t>(dim)) +
                 " values but the Float32Array holds " + std::to_string(vectors.ElementLength()));
  std::vector<std::string> words;
  words.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    Napi::Value w = wordArray.Get(i);
    if (!w.IsString()) throw Napi::TypeError::New(env, "Expected a string for words[" + std::to_string(i) + "]");
    words.push_back(w.As<Napi::String>());
  }
  const float* values = vectors.Data();
  const auto d = static_cast<std::uint32_t>(dim);
  return queueSave(
      env, path, [path, words = std::move(words), values, d, format] { saveVectors(path, words, values, d, format); },
      vectors);
}

// saveModelVectors(model: ModelHandle, path, format): Promise<void>. The
// input vectors of a trained model, words straight from its native
// vocabulary: no JS strings for a million words.
Napi::Value SaveModelVectors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3) throw Napi::TypeError::New(env, "Expected (model, file, format)");
  std::shared_ptr<Embeddings> model = ModelHandle::ModelOf(info[0]);
  if (!info[1].IsString() || info[1].As<Napi::String>().Utf8Value().empty())
    throw Napi::TypeError::New(env, "Expected a non-empty string for file");
  std::string path = info[1].As<Napi::String>();
  const VectorsFormat format = readFormat(env, info[2], false);
  return queueSave(
      env, path,
      [model, path, format] {
        const Vocabulary& vocab = model->vocab;
        saveVectors(
            path, vocab.size(), [&](std::size_t i) { return vocab.word(static_cast<std::uint32_t>(i)); },
            model->input.data(), model->dim, format);
      },
      info[0]);
}

}  // namespace

void registerVectorsIo(Napi::Env env, Napi::Object exports) {
  exports.Set("loadVectors", Napi::Function::New(env, LoadVectors, "loadVectors"));
  exports.Set("saveVectors", Napi::Function::New(env, SaveVectors, "saveVectors"));
  exports.Set("saveModelVectors", Napi::Function::New(env, SaveModelVectors, "saveModelVectors"));
}

}  // namespace addon
}  // namespace hogvec
