#include "addon.h"

#include "model_handle.h"
#include "training_job.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Per-context data, so that worker_threads each get their own constructors.
  env.SetInstanceData(new hogvec::addon::AddonData());
  hogvec::addon::registerSimd(env, exports);
  hogvec::addon::registerLossCheck(env, exports);
  hogvec::addon::registerSamplingCheck(env, exports);
  hogvec::addon::registerCheckpoint(env, exports);
  hogvec::addon::registerSearch(env, exports);
  hogvec::addon::registerVectorsIo(env, exports);
  hogvec::addon::ModelHandle::Register(env, exports);
  hogvec::addon::TrainingJob::Register(env, exports);
  return exports;
}

}  // namespace

// Context-aware: safe to load in worker_threads and several contexts at once.
NODE_API_MODULE(hogvec, Init)
