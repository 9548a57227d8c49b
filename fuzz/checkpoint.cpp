// libFuzzer target: the checkpoint reader (binding/core/checkpoint.h).
//
// Each input is loaded twice: as it is (which mostly exercises the signature,
// header and checksum checks), and with both CRC-32C fields recomputed, so
// that mutations reach the size checks, the vocabulary section and the
// Huffman tree behind the checksums. A checkpoint that loads must be a
// consistent model: it is checked, written back and read again, and trained
// for one epoch on a corpus of its own words (hostile counts reach the
// sampler, the subsampling rule and the Huffman tree that way).
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "checkpoint.h"
#include "corpus.h"
#include "crc32c.h"
#include "fuzz_util.h"
#include "trainer.h"

namespace {

using hogvec::Checkpoint;
using hogvec::CheckpointError;
using hogvec::LossKind;

bool tryRead(const std::string& path, Checkpoint* out) {
  try {
    *out = hogvec::readCheckpoint(path);
    return true;
  } catch (const CheckpointError& e) {
    FUZZ_CHECK(std::string(e.what()).find(path) != std::string::npos);  // names the file
    return false;
  }
}

void put32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void checkModel(const hogvec::Embeddings& m) {
  const std::size_t words = m.vocab.size();
  FUZZ_CHECK(words >= 2 && m.dim >= 1);
  FUZZ_CHECK(m.input.size() == words * m.dim);
  FUZZ_CHECK(m.output.size() == m.outputRows() * m.dim);
  FUZZ_CHECK(m.vocab.counts().size() == words);
  for (std::uint32_t w = 0; w < words; ++w) {
    FUZZ_CHECK(m.vocab.find(m.vocab.word(w)) == w);
    if (m.loss == LossKind::HierarchicalSoftmax) {
      FUZZ_CHECK(m.vocab.pathLength(w) >= 1 && m.vocab.pathLength(w) < words);
      for (std::size_t j = 0; j < m.vocab.pathLength(w); ++j) {
        FUZZ_CHECK(m.vocab.path(w)[j] < words - 1);
        FUZZ_CHECK(m.vocab.codes(w)[j] <= 1);
      }
    }
  }
}

// One short epoch over the model's own words, as Word2Vec.train would run it.
void trainOnce(const std::shared_ptr<hogvec::Embeddings>& model, fuzz::MemoryFile& corpus) {
  std::string text;
  for (std::uint32_t w = 0; w < model->vocab.size() && w < 64; ++w) {
    const std::string_view word = model->vocab.word(w);
    // Only words the tokenizer gives back whole can be looked up.
    bool whole = word.size() <= hogvec::kMaxTokenBytes;
    for (char c : word) whole = whole && !(c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
    if (whole) text.append(word).append(w % 7 == 6 ? "\n" : " ");
  }
  // Every field, as readConfig sets them (TrainConfig has no defaults).
  hogvec::TrainConfig config;
  config.loss = model->loss;
  config.dim = model->dim;
  config.architecture = model->vocab.size() % 2 == 0 ? hogvec::Architecture::SkipGram : hogvec::Architecture::Cbow;
  config.window = 3;
  config.negative = 3;
  config.epochs = 1;
  config.minCount = 5;
  config.maxVocabSize = 10000000;
  config.sample = 1e-3;
  config.alpha = 0.025;
  config.minAlpha = 0.0001;
  config.nsExponent = 0.75;
  config.cbowMean = true;
  config.sharedNegatives = false;
  config.hotRowBuffer = 0;
  config.alignRows = true;
  config.threads = 1;
  config.seed = 1;
  hogvec::TrainingProgress progress(config.threads);
  std::atomic<bool> stop{false};
  hogvec::Trainer trainer(config, {corpus.write(text.data(), text.size())}, model, progress, stop);
  trainer.run();
  // Reads every value once (the sanitizers see any out-of-bounds row).
  for (std::size_t i = 0; i < model->input.size(); ++i) (void)model->input.data()[i];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemoryFile file("hogvec-checkpoint");
  static fuzz::MemoryFile corpus("hogvec-checkpoint-corpus");

  Checkpoint loaded;
  bool ok = tryRead(file.write(data, size), &loaded);

  if (!ok && size >= hogvec::kCheckpointHeaderBytes + 4) {
    std::vector<std::uint8_t> fixed(data, data + size);
    put32(fixed.data() + 80, hogvec::crc32c(fixed.data(), 80));
    put32(fixed.data() + size - 4, hogvec::crc32c(fixed.data(), size - 4));
    ok = tryRead(file.write(fixed.data(), fixed.size()), &loaded);
  }
  if (!ok) return 0;
  checkModel(loaded.model);

  // Written back, it reads back as the same model.
  const std::string target = (fuzz::scratchFolder() / "round-trip.hogvec").string();
  hogvec::writeCheckpoint(target, loaded.model, loaded.options, loaded.state);
  Checkpoint again;
  FUZZ_CHECK(tryRead(target, &again));
  FUZZ_CHECK(again.options == loaded.options);
  FUZZ_CHECK(again.model.dim == loaded.model.dim && again.model.loss == loaded.model.loss);
  FUZZ_CHECK(again.model.vocab.counts() == loaded.model.vocab.counts());
  FUZZ_CHECK(again.model.input.size() == loaded.model.input.size());
  FUZZ_CHECK(std::memcmp(again.model.input.data(), loaded.model.input.data(), loaded.model.input.size() * 4) == 0);
  FUZZ_CHECK(std::memcmp(again.model.output.data(), loaded.model.output.data(), loaded.model.output.size() * 4) == 0);

  trainOnce(std::make_shared<hogvec::Embeddings>(std::move(loaded.model)), corpus);
  return 0;
}
