#include "addon.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  hogvec::addon::registerSimd(env, exports);
  hogvec::addon::registerLossCheck(env, exports);
  return exports;
}

}  // namespace

// Context-aware: safe to load in worker_threads and several contexts at once.
NODE_API_MODULE(hogvec, Init)
