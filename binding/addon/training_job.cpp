#include "training_job.h"

#include <algorithm>
#include <exception>
#include <string_view>
#include <system_error>

#include "addon.h"
#include "args.h"
#include "checkpoint.h"
#include "corpus.h"
#include "model_handle.h"
#include "promise_worker.h"
#include "training_memory.h"

namespace hogvec {
namespace addon {
namespace {

// The one place that reads the training options (lib/options.ts validated
// them first): each field is range-checked again, with the schema's bounds,
// so that no JS value reaches the trainer unchecked or converts with a wrap.
// The schema's bounds (lib/options.ts); test/option-schema.test.ts checks that they agree.
constexpr double kMaxDim = 10000;
constexpr double kMaxWindow = 1000;
constexpr double kMaxNegative = 1000;
constexpr double kMaxEpochs = 100000;
constexpr double kMinMaxVocabSize = 1000;
constexpr double kMaxAlpha = 10;
constexpr double kMaxNsExponent = 10;
constexpr double kMaxThreads = 1024;
constexpr double kMaxHotRowBuffer = 65536;

TrainConfig readConfig(const Napi::Object& o) {
  TrainConfig c;
  c.architecture = architectureField(o);
  c.loss = lossField(o);
  c.dim = static_cast<std::uint32_t>(integerField(o, "dim", 1, kMaxDim));
  c.window = static_cast<std::uint32_t>(integerField(o, "window", 1, kMaxWindow));
  c.negative = static_cast<std::uint32_t>(integerField(o, "negative", 1, kMaxNegative));
  c.epochs = static_cast<std::uint32_t>(integerField(o, "epochs", 1, kMaxEpochs));
  c.minCount = static_cast<std::uint64_t>(integerField(o, "minCount", 1, kMaxInt32));
  c.maxVocabSize = static_cast<std::size_t>(integerField(o, "maxVocabSize", kMinMaxVocabSize, kMaxInt32));
  c.sample = realField(o, "sample", Bounds{0, 1, false, true});  // 1 would keep no word
  c.alpha = realField(o, "alpha", Bounds{0, kMaxAlpha, true, false});
  c.minAlpha = realField(o, "minAlpha", Bounds{0, c.alpha});
  c.nsExponent = realField(o, "nsExponent", Bounds{-kMaxNsExponent, kMaxNsExponent});
  c.cbowMean = booleanField(o, "cbowMean");
  c.sharedNegatives = booleanField(o, "sharedNegatives");
  c.hotRowBuffer = static_cast<std::uint32_t>(integerField(o, "hotRowBuffer", 0, kMaxHotRowBuffer));
  c.alignRows = booleanField(o, "alignRows");
  c.threads = static_cast<unsigned>(integerField(o, "threads", 1, kMaxThreads));
  c.seed = static_cast<std::uint32_t>(integerField(o, "seed", 0, kMaxUint32));
  // Where the schedule stands when training continues (absent for a new model).
  if (!o.Get("scheduleDone").IsUndefined())
    c.scheduleDone = static_cast<std::uint64_t>(integerField(o, "scheduleDone", 0, kMaxSafeInteger));
  if (!o.Get("scheduleTotal").IsUndefined())
    c.scheduleTotal = static_cast<std::uint64_t>(integerField(o, "scheduleTotal", 0, kMaxSafeInteger));
  if (!o.Get("epochsBefore").IsUndefined())
    c.epochsBefore = static_cast<std::uint32_t>(integerField(o, "epochsBefore", 0, kMaxUint32));
  return c;
}

// A corpus word for a message: at most 40 bytes (not cutting a UTF-8
// character), control bytes as \xHH, in quotes.
std::string shownWord(std::string_view word) {
  constexpr std::size_t kMax = 40;
  // A UTF-8 continuation byte is 10xxxxxx: never cut before one.
  auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  std::size_t n = std::min(word.size(), kMax);
  while (n < word.size() && n > 0 && continuation(word[n])) --n;
  std::string out = "'";
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(word[i]);
    if (c < 0x20 || c == 0x7F) {
      static const char hex[] = "0123456789ABCDEF";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + (n < word.size() ? "...'" : "'");
}

void checkVocabulary(const Vocabulary& vocab, const TrainConfig& config) {
  if (vocab.corpusTokens() == 0) throw CorpusError("The corpus is empty: it holds no tokens");
  const std::uint64_t tokens = vocab.corpusTokens();
  if (vocab.size() == 0)
    throw CorpusError("No word occurs at least minCount (" + std::to_string(config.minCount) + ") times in the " +
                      std::to_string(tokens) + (tokens == 1 ? " token" : " tokens") + " of the corpus; lower minCount");
  if (vocab.size() == 1)
    throw CorpusError("Only one word (" + shownWord(vocab.word(0)) + ") occurs at least minCount (" +
                      std::to_string(config.minCount) + ") times; training needs at least 2 words");
}

}  // namespace

void TrainingJob::Register(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor =
      DefineClass(env, "TrainingJob",
                  {InstanceMethod<&TrainingJob::Start>("start"), InstanceMethod<&TrainingJob::Stats>("stats"),
                   InstanceMethod<&TrainingJob::Abort>("abort")});
  env.GetInstanceData<AddonData>()->trainingJob = Napi::Persistent(ctor);
  exports.Set("TrainingJob", ctor);
}

// new TrainingJob(config, files, model?)
TrainingJob::TrainingJob(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrainingJob>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsArray())
    throw Napi::TypeError::New(env, "Expected (config, files[, model])");
  config_ = readConfig(info[0].As<Napi::Object>());
  Napi::Array files = info[1].As<Napi::Array>();
  for (std::uint32_t i = 0; i < files.Length(); ++i) {
    Napi::Value f = files.Get(i);
    if (!f.IsString()) throw Napi::TypeError::New(env, "Expected corpus file paths as strings");
    files_.push_back(f.As<Napi::String>());
  }
  if (files_.empty()) throw Napi::Error::New(env, "Expected at least one corpus file");
  if (info.Length() > 2 && !info[2].IsUndefined()) {
    model_ = ModelHandle::ModelOf(info[2]);
    // The kernels index the matrices with config_.dim and config_.loss.
    if (model_->dim != config_.dim || model_->loss != config_.loss)
      throw Napi::Error::New(env, "The configuration's dim and loss must be the continued model's");
    // The trainer's threads read the tree; JS may read the vocabulary while
    // they run. Both only read: the tree is built here, before either starts.
    if (config_.loss == LossKind::HierarchicalSoftmax && !model_->vocab.hasHuffman()) model_->vocab.buildHuffman();
  }
  Napi::Value checkpoint = info[0].As<Napi::Object>().Get("checkpoint");
  if (checkpoint.IsObject()) {  // { path, options, epochsPlanned }
    Napi::Object c = checkpoint.As<Napi::Object>();
    checkpointPattern_ = stringField(c, "path");
    checkpointOptions_ = stringField(c, "options");
    checkpointEpochsPlanned_ = static_cast<std::uint32_t>(integerField(c, "epochsPlanned", 0, kMaxUint32));
  }
  progress_ = std::make_unique<TrainingProgress>(config_.threads);
}

TrainingJob::~TrainingJob() { stopAndJoin(); }

void TrainingJob::stopAndJoin() {
  stop_.store(true);
  {
    std::lock_guard<std::mutex> lock(trainerMutex_);
    if (trainer_ != nullptr) trainer_->wake();
  }
  if (thread_.joinable()) thread_.join();
}

Napi::Value TrainingJob::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (started_.exchange(true)) throw Napi::Error::New(env, "This training job has already started");
  deferred_ = std::make_unique<Napi::Promise::Deferred>(env);
  Ref();  // the job lives until it settles, even if JS drops it
  done_ = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}),
                                        "hogvec-training", 0, 1);
  // Env cleanup hooks run in reverse order of registration: this one, added
  // after done_'s own, joins the thread before done_ is closed and deleted.
  // (Without it the thread, stopped later by the finalizer, would call into
  // the deleted done_.)
  if (napi_add_env_cleanup_hook(env, &TrainingJob::onEnvCleanup, this) != napi_ok)
    throw Napi::Error::New(env, "Cannot register the training job's cleanup hook");
  cleanupHook_ = true;
  try {
    thread_ = std::thread([this] { work(); });
  } catch (const std::system_error& e) {
    // The system refused a thread: undo the above and fail this call.
    napi_remove_env_cleanup_hook(env, &TrainingJob::onEnvCleanup, this);
    cleanupHook_ = false;
    done_.Release();
    Unref();
    throw Napi::Error::New(env, std::string("Cannot start the training thread: ") + e.what());
  }
  return deferred_->Promise();
}

void TrainingJob::onEnvCleanup(void* job) {
  auto* self = static_cast<TrainingJob*>(job);
  self->cleanupHook_ = false;  // a hook is removed as it runs
  self->stopAndJoin();
}

void TrainingJob::work() {
  // The model's shape once known, for the out-of-memory message.
  std::size_t words = model_ ? model_->vocab.size() : 0;
  std::size_t outputRows = model_ ? model_->outputRows() : 0;
  const bool continuing = model_ != nullptr;
  try {
    if (continuing && config_.scheduleTotal == 0) {
      // A new schedule for a model that goes on training: sized by the corpus
      // it is given now (as gensim's train() takes the new corpus's count),
      // not by the counts of the corpus it was built on.
      const std::uint64_t known = countKnownWords(files_, model_->vocab, *progress_, stop_);
      if (!stop_.load() && known == 0)
        throw CorpusError(
            "None of the corpus's tokens is in the model's vocabulary (its words do not change when training "
            "continues)");
      config_.scheduleTotal = std::uint64_t(config_.epochs) * known;
    }
    if (!model_) {
      Vocabulary vocab = countVocabulary(files_, config_, *progress_, stop_);
      if (!stop_.load()) {
        checkVocabulary(vocab, config_);
        words = vocab.size();
        outputRows = outputRowsFor(config_.loss, words);
        auto model = std::make_shared<Embeddings>();
        model->vocab = std::move(vocab);
        model->dim = config_.dim;
        model->loss = config_.loss;
        if (config_.loss == LossKind::HierarchicalSoftmax) model->vocab.buildHuffman();
        initializeEmbeddings(*model, config_.seed);
        model_ = std::move(model);
      }
    }
    if (!stop_.load()) {
      Trainer trainer(config_, files_, model_, *progress_, stop_);
      if (!checkpointPattern_.empty()) {
        // At the barrier every thread has added its words: the counters are this epoch's end.
        trainer.onEpochEnd([this](std::uint32_t epoch) {
          TrainingState state;
          state.epochsDone = config_.epochsBefore + epoch;
          state.epochsPlanned = checkpointEpochsPlanned_;
          state.scheduleDone = progress_->wordsDone();
          state.scheduleTotal = progress_->wordsTotal.load();
          writeCheckpoint(checkpointPathForEpoch(checkpointPattern_, state.epochsDone), *model_, checkpointOptions_,
                          state);
        });
      }
      {
        std::lock_guard<std::mutex> lock(trainerMutex_);
        trainer_ = &trainer;
      }
      try {
        trainer.run();
      } catch (...) {
        std::lock_guard<std::mutex> lock(trainerMutex_);
        trainer_ = nullptr;
        throw;
      }
      std::lock_guard<std::mutex> lock(trainerMutex_);
      trainer_ = nullptr;
    }
  } catch (...) {
    error_ = failureMessage(std::current_exception(), "training", outOfMemoryHint(config_, words, outputRows));
  }
  aborted_ = error_.empty() && stop_.load();
  progress_->phase.store(TrainingProgress::Finished);
  done_.BlockingCall([this](Napi::Env env, Napi::Function) { settle(env); });
  done_.Release();
}

void TrainingJob::settle(Napi::Env env) {
  if (thread_.joinable()) thread_.join();
  if (cleanupHook_) {
    napi_remove_env_cleanup_hook(env, &TrainingJob::onEnvCleanup, this);
    cleanupHook_ = false;
  }
  Napi::HandleScope scope(env);
  if (!error_.empty()) {
    deferred_->Reject(Napi::Error::New(env, error_).Value());
  } else if (aborted_) {
    Napi::Error e = Napi::Error::New(env, "The training run was aborted");
    e.Set("name", Napi::String::New(env, "AbortError"));
    deferred_->Reject(e.Value());
  } else {
    deferred_->Resolve(ModelHandle::Wrap(env, model_));
  }
  Unref();
}

Napi::Value TrainingJob::Abort(const Napi::CallbackInfo& info) {
  stop_.store(true);
  std::lock_guard<std::mutex> lock(trainerMutex_);
  if (trainer_ != nullptr) trainer_->wake();
  return info.Env().Undefined();
}

Napi::Value TrainingJob::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const TrainingProgress& p = *progress_;
  Napi::Object s = Napi::Object::New(env);
  static const char* const phases[] = {"vocabulary", "training", "finished"};
  s.Set("phase", phases[p.phase.load(std::memory_order_relaxed)]);
  auto num = [&](const char* name, double v) { s.Set(name, Napi::Number::New(env, v)); };
  num("bytesCounted", static_cast<double>(p.bytesCounted.load(std::memory_order_relaxed)));
  num("bytesTotal", static_cast<double>(p.bytesTotal.load(std::memory_order_relaxed)));
  num("epoch", p.epoch.load(std::memory_order_relaxed));
  num("wordsDone", static_cast<double>(p.wordsDone()));
  num("wordsTotal", static_cast<double>(p.wordsTotal.load(std::memory_order_relaxed)));
  num("tokensRead", static_cast<double>(p.tokensRead()));
  num("wordsTrained", static_cast<double>(p.wordsTrained()));
  num("alpha", p.alpha.load(std::memory_order_relaxed));
  num("loss", p.runningLoss());
  std::vector<EpochSummary> finished = progress_->takeEpochs();
  Napi::Array epochs = Napi::Array::New(env, finished.size());
  for (std::uint32_t i = 0; i < finished.size(); ++i) {
    Napi::Object e = Napi::Object::New(env);
    e.Set("epoch", finished[i].epoch);
    e.Set("loss", finished[i].loss);
    e.Set("steps", static_cast<double>(finished[i].steps));
    e.Set("wordsTrained", static_cast<double>(finished[i].wordsTrained));
    epochs.Set(i, e);
  }
  s.Set("epochs", epochs);
  return s;
}

}  // namespace addon
}  // namespace hogvec
