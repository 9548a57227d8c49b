#include "trainer.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "corpus.h"
#include "sampling.h"
#include "training_thread.h"

namespace hogvec {

Trainer::Trainer(const TrainConfig& config, std::vector<std::string> files, std::shared_ptr<Embeddings> model,
                 TrainingProgress& progress, std::atomic<bool>& stop)
    : config_(config), files_(std::move(files)), model_(std::move(model)), progress_(progress), stop_(stop) {
  if (config_.threads == 0) config_.threads = 1;
  for (const std::string& f : files_) fileSizes_.push_back(corpusFileSize(f));
}

Trainer::~Trainer() = default;

void Trainer::wake() {
  std::lock_guard<std::mutex> lock(barrierMutex_);
  barrierCv_.notify_all();
}

void Trainer::run() {
  const Vocabulary& vocab = model_->vocab;
  const std::uint64_t total =
      config_.scheduleTotal > 0 ? config_.scheduleTotal : std::uint64_t(config_.epochs) * vocab.totalCount();
  progress_.wordsTotal.store(total, std::memory_order_relaxed);
  progress_.wordsBefore.store(config_.scheduleDone, std::memory_order_relaxed);
  progress_.alpha.store(config_.alpha, std::memory_order_relaxed);
  progress_.phase.store(TrainingProgress::Training, std::memory_order_relaxed);
  // Built with the model, before any thread could read the vocabulary (never here, while JS may read it).
  if (config_.loss == LossKind::HierarchicalSoftmax && !vocab.hasHuffman())
    throw std::logic_error("hierarchical softmax needs the vocabulary's Huffman tree, built before training");

  alignMatrices();
  // However run() ends (done, stopped, failed, or an allocation below that
  // throws), the model is left dense, as JS and checkpoints read it; this
  // runs after the threads are joined.
  struct PackOnExit {
    Trainer* trainer;
    ~PackOnExit() { trainer->packMatrices(); }
  } packOnExit{this};

  const HotRowPlan hotPlan = planHotRows(config_.hotRowBuffer, config_.threads, config_.loss, vocab.size());
  HotRowClaims inputClaims(hotPlan.rows), outputClaims(hotPlan.rows);
  NegativeSampler sampler;
  if (config_.loss == LossKind::NegativeSampling) sampler = NegativeSampler(vocab.counts(), config_.nsExponent);
  const std::vector<double> keep = subsamplingKeepProbabilities(vocab.counts(), config_.sample);
  const SharedRun shared{
      config_, *model_, files_, fileSizes_, progress_,
      stop_,   sampler, keep,   hotPlan,    {model_->input.data(), model_->output.data(), &inputClaims, &outputClaims}};

  std::vector<std::unique_ptr<TrainingThread>> workers;
  for (unsigned i = 0; i < config_.threads; ++i) workers.push_back(std::make_unique<TrainingThread>(shared, i));
  threads_ = &workers;
  std::vector<std::exception_ptr> errors(config_.threads);
  std::vector<std::thread> threads;
  threads.reserve(config_.threads);
  for (unsigned i = 0; i < config_.threads; ++i) {
    try {
      threads.emplace_back([&, i] {
        try {
          runThread(*workers[i]);
        } catch (...) {
          errors[i] = std::current_exception();
          stop_.store(true);
          wake();
        }
      });
    } catch (const std::system_error& e) {
      // The system refused a thread (a process or thread limit): stop and
      // join the started ones (a joinable std::thread destroyed would
      // terminate the process), then fail the run.
      stop_.store(true);
      wake();
      for (std::thread& th : threads) th.join();
      threads_ = nullptr;
      throw std::runtime_error("Cannot start training thread " + std::to_string(i + 1) + " of " +
                               std::to_string(config_.threads) + ": " + e.what() + "; use fewer threads");
    }
  }
  for (std::thread& th : threads) th.join();
  threads_ = nullptr;
  for (std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

void Trainer::runThread(TrainingThread& thread) {
  for (std::uint32_t epoch = 1; epoch <= config_.epochs; ++epoch) {
    thread.trainEpoch(epoch);
    if (!epochBarrier(epoch)) return;
  }
}

void Trainer::alignMatrices() {
  if (!config_.alignRows) return;
  model_->input.alignRows();
  model_->output.alignRows();
}

void Trainer::packMatrices() {
  model_->input.packRows();
  model_->output.packRows();
}

// All threads meet at each epoch's end; the last to arrive runs the epoch-end
// hook and sums the epoch.
// Returns false if training was stopped meanwhile.
bool Trainer::epochBarrier(std::uint32_t epoch) {
  std::unique_lock<std::mutex> lock(barrierMutex_);
  if (stop_.load()) return false;
  const std::uint64_t generation = barrierGeneration_;
  if (++barrierWaiting_ == config_.threads) {
    // The hook's checkpoint reads the matrices dense; the next epoch trains them aligned again.
    if (epochEnd_) {
      packMatrices();
      try {
        epochEnd_(epoch);
      } catch (...) {
        // Release the waiting threads (they see stop_) before the error unwinds.
        stop_.store(true);
        barrierWaiting_ = 0;
        barrierCv_.notify_all();
        throw;
      }
      alignMatrices();
    }
    EpochSummary summary;
    summary.epoch = epoch;
    for (const auto& thread : *threads_) {
      summary.loss += thread->epochLoss();
      summary.steps += thread->epochSteps();
      summary.wordsTrained += thread->epochWordsTrained();
    }
    summary.loss = summary.steps > 0 ? summary.loss / static_cast<double>(summary.steps) : 0.0;
    progress_.pushEpoch(summary);
    barrierWaiting_ = 0;
    ++barrierGeneration_;
    barrierCv_.notify_all();
    return true;
  }
  barrierCv_.wait(lock, [&] { return barrierGeneration_ != generation || stop_.load(); });
  return barrierGeneration_ != generation;
}

}  // namespace hogvec
