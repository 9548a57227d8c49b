// Checkpoints from JS: saveCheckpoint and loadCheckpoint return Promises and
// do their file work on the libuv thread pool (Napi::AsyncWorker), never on
// the JS thread. The format is binding/core/checkpoint.h's; lib/checkpoint.ts
// wraps these with option checks and the options JSON.
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "addon.h"
#include "args.h"
#include "checkpoint.h"
#include "model_handle.h"

namespace hogvec {
namespace addon {
namespace {

std::string stringArg(const Napi::CallbackInfo& info, std::size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString())
    throw Napi::TypeError::New(info.Env(), std::string("Expected a string for ") + what);
  return info[i].As<Napi::String>();
}

// Runs f; returns the message of any exception it threw ("" if none), so that
// a worker's Execute() can hand it to SetError.
template <typename F>
std::string failureOf(const std::string& path, F&& f) {
  try {
    f();
    return std::string();
  } catch (const std::bad_alloc&) {
    return "Out of memory with checkpoint '" + path + "'";
  } catch (const std::exception& e) {
    return *e.what() != '\0' ? std::string(e.what()) : "Checkpoint '" + path + "' failed";
  } catch (...) {
    return "Unknown native error with checkpoint '" + path + "'";
  }
}

class SaveWorker : public Napi::AsyncWorker {
 public:
  SaveWorker(Napi::Env env, std::shared_ptr<Embeddings> model, std::string path, std::string options,
             TrainingState state)
      : Napi::AsyncWorker(env, "hogvec-save-checkpoint"),
        deferred_(Napi::Promise::Deferred::New(env)),
        model_(std::move(model)),
        path_(std::move(path)),
        options_(std::move(options)),
        state_(state) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    const std::string error = failureOf(path_, [&] { writeCheckpoint(path_, *model_, options_, state_); });
    if (!error.empty()) SetError(error);
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<Embeddings> model_;  // kept alive while the file is written
  std::string path_, options_;
  TrainingState state_;
};

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, std::string path)
      : Napi::AsyncWorker(env, "hogvec-load-checkpoint"),
        deferred_(Napi::Promise::Deferred::New(env)),
        path_(std::move(path)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    const std::string error = failureOf(path_, [&] {
      Checkpoint c = readCheckpoint(path_);
      model_ = std::make_shared<Embeddings>(std::move(c.model));
      options_ = std::move(c.options);
      state_ = c.state;
    });
    if (!error.empty()) SetError(error);
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object state = Napi::Object::New(env);
    state.Set("epochsDone", Napi::Number::New(env, state_.epochsDone));
    state.Set("epochsPlanned", Napi::Number::New(env, state_.epochsPlanned));
    // Word counts stay below 2^53 in any corpus this reads; as doubles they are exact.
    state.Set("scheduleDone", Napi::Number::New(env, static_cast<double>(state_.scheduleDone)));
    state.Set("scheduleTotal", Napi::Number::New(env, static_cast<double>(state_.scheduleTotal)));
    Napi::Object out = Napi::Object::New(env);
    out.Set("model", ModelHandle::Wrap(env, model_));
    out.Set("options", Napi::String::New(env, options_));
    out.Set("state", state);
    deferred_.Resolve(out);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string path_;
  std::shared_ptr<Embeddings> model_;
  std::string options_;
  TrainingState state_;
};

// saveCheckpoint(model, path, optionsJson, { epochsDone, epochsPlanned, scheduleDone, scheduleTotal }) -> Promise<void>
Napi::Value saveCheckpoint(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsObject())
    throw Napi::TypeError::New(env, "Expected (model, path, options, state)");
  std::shared_ptr<Embeddings> model = ModelHandle::ModelOf(info[0]);
  std::string path = stringArg(info, 1, "the checkpoint path");
  std::string options = stringArg(info, 2, "the checkpoint options");
  Napi::Object s = info[3].As<Napi::Object>();
  TrainingState state;
  state.epochsDone = static_cast<std::uint32_t>(integerField(s, "epochsDone", 0, kMaxUint32));
  state.epochsPlanned = static_cast<std::uint32_t>(integerField(s, "epochsPlanned", 0, kMaxUint32));
  state.scheduleDone = static_cast<std::uint64_t>(integerField(s, "scheduleDone", 0, kMaxSafeInteger));
  state.scheduleTotal = static_cast<std::uint64_t>(integerField(s, "scheduleTotal", 0, kMaxSafeInteger));
  auto* worker = new SaveWorker(env, std::move(model), std::move(path), std::move(options), state);
  Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself when it is done
  return promise;
}

// loadCheckpoint(path) -> Promise<{ model, options, state }>
Napi::Value loadCheckpoint(const Napi::CallbackInfo& info) {
  auto* worker = new LoadWorker(info.Env(), stringArg(info, 0, "the checkpoint path"));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace

void registerCheckpoint(Napi::Env env, Napi::Object exports) {
  exports.Set("saveCheckpoint", Napi::Function::New(env, saveCheckpoint, "saveCheckpoint"));
  exports.Set("loadCheckpoint", Napi::Function::New(env, loadCheckpoint, "loadCheckpoint"));
}

}  // namespace addon
}  // namespace hogvec
