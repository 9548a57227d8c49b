// One training run as a JS object: start() runs vocabulary counting and
// Hogwild training on native threads and returns a Promise; stats() reads the
// relaxed-atomic counters (JS polls it for progress events); abort() stops
// every thread at its next sentence.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <napi.h>

#include "corpus_count.h"
#include "trainer.h"

namespace hogvec {
namespace addon {

class TrainingJob : public Napi::ObjectWrap<TrainingJob> {
 public:
  static void Register(Napi::Env env, Napi::Object exports);
  explicit TrainingJob(const Napi::CallbackInfo& info);
  ~TrainingJob() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Abort(const Napi::CallbackInfo& info);

  void work();                 // on the job's own thread
  void settle(Napi::Env env);  // back on the JS thread
  void stopAndJoin();
  // The env is being torn down (worker.terminate(), a worker's exit) while
  // the job runs: stop and join its thread while done_ is still alive.
  static void onEnvCleanup(void* job);

  TrainConfig config_;
  std::vector<std::string> files_;
  std::shared_ptr<Embeddings> model_;  // set when continuing a model
  // The `checkpoint` option: written at every epoch's end when the pattern is set.
  std::string checkpointPattern_;  // path, "{epoch}" replaced by the life epoch
  std::string checkpointOptions_;  // the options section (JSON, from lib/checkpoint.ts)
  std::uint32_t checkpointEpochsPlanned_ = 0;
  std::unique_ptr<TrainingProgress> progress_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> started_{false};

  std::mutex trainerMutex_;  // guards trainer_ against abort()
  Trainer* trainer_ = nullptr;

  std::thread thread_;
  Napi::ThreadSafeFunction done_;
  bool cleanupHook_ = false;                           // onEnvCleanup is registered
  std::unique_ptr<Napi::Promise::Deferred> deferred_;  // made in start(): its promise handle must be fresh
  std::string error_;                                  // set by work() on failure
  bool aborted_ = false;
};

}  // namespace addon
}  // namespace hogvec
