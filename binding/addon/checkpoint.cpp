// Checkpoints from JS: saveCheckpoint and loadCheckpoint return Promises and
// do their file work on the libuv thread pool (PromiseWorker), never on
// the JS thread. The format is binding/core/checkpoint.h's; lib/checkpoint.ts
// wraps these with option checks and the options JSON.
#include <memory>
#include <string>
#include <utility>

#include "addon.h"
#include "args.h"
#include "checkpoint.h"
#include "model_handle.h"
#include "promise_worker.h"

namespace hogvec {
namespace addon {
namespace {

std::string stringArg(const Napi::CallbackInfo& info, std::size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString())
    throw Napi::TypeError::New(info.Env(), std::string("Expected a string for ") + what);
  return info[i].As<Napi::String>();
}

class SaveWorker : public PromiseWorker {
 public:
  SaveWorker(Napi::Env env, std::shared_ptr<Embeddings> model, std::string path, std::string options,
             TrainingState state)
      : PromiseWorker(env, "hogvec-save-checkpoint", "saving checkpoint '" + path + "'"),
        model_(std::move(model)),
        path_(std::move(path)),
        options_(std::move(options)),
        state_(state) {}

 protected:
  void work() override { writeCheckpoint(path_, *model_, options_, state_); }

 private:
  std::shared_ptr<Embeddings> model_;  // kept alive while the file is written
  std::string path_, options_;
  TrainingState state_;
};

class LoadWorker : public PromiseWorker {
 public:
  LoadWorker(Napi::Env env, std::string path)
      : PromiseWorker(env, "hogvec-load-checkpoint", "loading checkpoint '" + path + "'"), path_(std::move(path)) {}

 protected:
  void work() override {
    Checkpoint c = readCheckpoint(path_);
    model_ = std::make_shared<Embeddings>(std::move(c.model));
    options_ = std::move(c.options);
    state_ = c.state;
  }

  Napi::Value result(Napi::Env env) override {
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
    return out;
  }

 private:
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
  return (new SaveWorker(env, std::move(model), std::move(path), std::move(options), state))->Start();
}

// loadCheckpoint(path) -> Promise<{ model, options, state }>
Napi::Value loadCheckpoint(const Napi::CallbackInfo& info) {
  return (new LoadWorker(info.Env(), stringArg(info, 0, "the checkpoint path")))->Start();
}

}  // namespace

void registerCheckpoint(Napi::Env env, Napi::Object exports) {
  exports.Set("saveCheckpoint", Napi::Function::New(env, saveCheckpoint, "saveCheckpoint"));
  exports.Set("loadCheckpoint", Napi::Function::New(env, loadCheckpoint, "loadCheckpoint"));
}

}  // namespace addon
}  // namespace hogvec
