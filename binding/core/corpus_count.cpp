#include "corpus_count.h"

#include "corpus.h"
#include "memory.h"

namespace hogvec {

namespace {

// Reads every token of the files in order, passing each to onToken, and
// reports the bytes read; false if stopped.
template <typename OnToken>
bool readAllTokens(const std::vector<std::string>& files, const std::vector<std::uint64_t>& sizes,
                   TrainingProgress& progress, const std::atomic<bool>& stop, OnToken&& onToken) {
  std::uint64_t bytesBefore = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    TokenReader reader(files[i], {0, sizes[i]});
    std::string_view token;
    std::uint64_t sinceCheck = 0;
    for (TokenReader::Event e; (e = reader.next(&token)) != TokenReader::Event::Done;) {
      if (e != TokenReader::Event::Token) continue;
      onToken(token);
      if (++sinceCheck == 65536) {
        sinceCheck = 0;
        progress.bytesCounted.store(bytesBefore + reader.bytesConsumed(), std::memory_order_relaxed);
        if (stop.load(std::memory_order_relaxed)) return false;
      }
    }
    bytesBefore += sizes[i];
    progress.bytesCounted.store(bytesBefore, std::memory_order_relaxed);
  }
  return true;
}

// The files' sizes; their sum becomes the progress's byte total.
std::vector<std::uint64_t> corpusSizes(const std::vector<std::string>& files, TrainingProgress& progress) {
  std::vector<std::uint64_t> sizes;
  std::uint64_t totalBytes = 0;
  for (const std::string& f : files) {
    sizes.push_back(corpusFileSize(f));
    totalBytes += sizes.back();
  }
  progress.bytesTotal.store(totalBytes, std::memory_order_relaxed);
  return sizes;
}

}  // namespace

Vocabulary countVocabulary(const std::vector<std::string>& files, const TrainConfig& config, TrainingProgress& progress,
                           const std::atomic<bool>& stop) {
  const std::vector<std::uint64_t> sizes = corpusSizes(files, progress);
  Vocabulary vocab;
  {
    VocabularyCounter counter(config.maxVocabSize);
    if (readAllTokens(files, sizes, progress, stop, [&](std::string_view token) { counter.add(token); }))
      vocab = Vocabulary(counter, config.minCount);
  }
  // The counting table (every distinct word, not only the kept ones) is gone:
  // hand its pages back so they do not sit in the process beside the matrices.
  releaseFreedMemory();
  return vocab;
}

std::uint64_t countKnownWords(const std::vector<std::string>& files, const Vocabulary& vocab,
                              TrainingProgress& progress, const std::atomic<bool>& stop) {
  const std::vector<std::uint64_t> sizes = corpusSizes(files, progress);
  std::uint64_t known = 0;
  const bool done = readAllTokens(files, sizes, progress, stop,
                                  [&](std::string_view token) { known += vocab.find(token) != WordIndex::kMissing; });
  return done ? known : 0;
}

}  // namespace hogvec
