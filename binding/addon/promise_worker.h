// Native work off the JS thread that settles a Promise, and the one way a
// native exception becomes the message of a JS Error (failureMessage): every
// async function of the addon and the training job use them, so an out-of-
// memory or an unexpected failure reads the same wherever it happens.
#pragma once

#include <cctype>
#include <exception>
#include <new>
#include <string>
#include <utility>

#include <napi.h>

namespace hogvec {
namespace addon {

// The message of a caught exception. `doing` names the work, lower-case
// ("training", "saving checkpoint '/a/b'"); `outOfMemoryHint` says what
// helps when memory ran out (may be empty). A core exception's own message
// is kept: it names the file and what was wrong with it.
inline std::string failureMessage(std::exception_ptr error, const std::string& doing,
                                  const std::string& outOfMemoryHint = std::string()) {
  std::string capitalized = doing;
  if (!capitalized.empty())
    capitalized[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalized[0])));
  try {
    std::rethrow_exception(std::move(error));
  } catch (const std::bad_alloc&) {
    return "Out of memory while " + doing + (outOfMemoryHint.empty() ? "" : ": " + outOfMemoryHint);
  } catch (const std::exception& e) {
    return *e.what() != '\0' ? std::string(e.what()) : capitalized + " failed";
  } catch (...) {
    return capitalized + " failed with an unknown native error";
  }
}

// Runs `work` and returns the failure message of what it threw, or "" if it
// returned normally.
template <typename F>
std::string failureOf(F&& work, const std::string& doing, const std::string& outOfMemoryHint = std::string()) {
  try {
    std::forward<F>(work)();
    return std::string();
  } catch (...) {
    return failureMessage(std::current_exception(), doing, outOfMemoryHint);
  }
}

// A Napi::AsyncWorker that settles a Promise: work() runs on the libuv
// thread pool, and anything it throws rejects the Promise with an Error
// (failureMessage); otherwise result() resolves it on the JS thread. Make
// one with new and call Start(): the worker deletes itself once it settled.
class PromiseWorker : public Napi::AsyncWorker {
 public:
  // Queues the work and returns its Promise.
  Napi::Promise Start() {
    Napi::Promise promise = deferred_.Promise();
    Queue();
    return promise;
  }

 protected:
  // `name` names the async resource (for async_hooks); `doing` the work, for failure messages.
  PromiseWorker(Napi::Env env, const char* name, std::string doing, std::string outOfMemoryHint = std::string())
      : Napi::AsyncWorker(env, name),
        deferred_(Napi::Promise::Deferred::New(env)),
        doing_(std::move(doing)),
        outOfMemoryHint_(std::move(outOfMemoryHint)) {}

  // The work, off the JS thread: no JS values here.
  virtual void work() = 0;
  // The value the Promise resolves with, on the JS thread.
  virtual Napi::Value result(Napi::Env env) { return env.Undefined(); }

 private:
  void Execute() final {
    const std::string error = failureOf([this] { work(); }, doing_, outOfMemoryHint_);
    if (!error.empty()) SetError(error);
  }

  void OnOK() final {
    // An exception escaping OnOK would be uncaught: reject instead.
    try {
      deferred_.Resolve(result(Env()));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) final { deferred_.Reject(e.Value()); }

  Napi::Promise::Deferred deferred_;
  std::string doing_;
  std::string outOfMemoryHint_;
};

}  // namespace addon
}  // namespace hogvec
