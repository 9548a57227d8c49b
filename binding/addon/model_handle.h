// A trained model as a JS object: owns the native matrices through a
// shared_ptr, and hands them to JS as Float32Array views (no copy) that keep
// the memory alive for as long as any view exists.
#pragma once

#include <memory>

#include <napi.h>

#include "model.h"

namespace hogvec {
namespace addon {

class ModelHandle : public Napi::ObjectWrap<ModelHandle> {
 public:
  static void Register(Napi::Env env, Napi::Object exports);
  // A new JS ModelHandle around a native model.
  static Napi::Object Wrap(Napi::Env env, std::shared_ptr<Embeddings> model);
  // The native model behind a JS value, or throws a TypeError.
  static std::shared_ptr<Embeddings> ModelOf(Napi::Value value);

  explicit ModelHandle(const Napi::CallbackInfo& info);

 private:
  Napi::Value Words(const Napi::CallbackInfo& info);
  Napi::Value Counts(const Napi::CallbackInfo& info);
  Napi::Value Input(const Napi::CallbackInfo& info);
  Napi::Value Output(const Napi::CallbackInfo& info);
  Napi::Value Dim(const Napi::CallbackInfo& info);
  Napi::Value Loss(const Napi::CallbackInfo& info);

  std::shared_ptr<Embeddings> model_;
};

// Per-addon-instance data: constructors must be per context (worker_threads).
struct AddonData {
  Napi::FunctionReference modelHandle;
  Napi::FunctionReference trainingJob;
};

}  // namespace addon
}  // namespace hogvec
