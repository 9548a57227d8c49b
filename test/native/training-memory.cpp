// The out-of-memory message's numbers (binding/core/training_memory.h): what
// a run holds, part by part, and the options the message names. Built and
// run by test/native-core.test.ts; prints "N passed, N failed".
#include <cstdio>
#include <string>

#include "training_memory.h"

using namespace hogvec;

namespace {

int passed = 0, failed = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s - %s\n", ok ? "ok" : "not ok", what.c_str());
  ok ? ++passed : ++failed;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

int main() {
  // The fields these functions read (TrainConfig has no defaults).
  TrainConfig c;
  c.maxVocabSize = 10000000;
  c.dim = 300;
  c.threads = 2;
  c.hotRowBuffer = 1024;
  c.alignRows = true;
  c.loss = LossKind::NegativeSampling;
  const TrainingMemory m = trainingMemory(c, 200000, 200000);
  check(m.matrices == 2ULL * 200000 * 300 * 4, "the matrices: 2 x words x dim floats");
  check(m.alignmentPadding == 2ULL * 200000 * 4 * 4, "the alignment: each row padded from 300 to 304 floats");
  check(m.hotRowCopies == 2ULL * 1024 * 4 * 304 * 4, "2 threads keep 1,024 hot rows each, 4 copies of a row");
  check(m.softmaxScores == 0, "no softmax scores with negative sampling");
  check(m.total() == m.matrices + m.alignmentPadding + m.hotRowCopies, "the total is the sum");

  const std::string hint = outOfMemoryHint(c, 200000, 200000);
  check(has(hint, "this run needs about 496 MB"), "the hint says the total: " + hint);
  check(has(hint, "the matrices 480 MB (200000 words x dim 300"), "the hint names the matrices' shape");
  check(has(hint, "lower dim") && has(hint, "minCount") && has(hint, "maxVocabSize"),
        "the hint names the options that shrink the matrices");
  check(has(hint, "alignRows: false"), "the hint names alignRows");
  check(has(hint, "hotRowBuffer: 0"), "the hint names hotRowBuffer");

  c.alignRows = false;
  c.threads = 1;
  const std::string inPlace = outOfMemoryHint(c, 1000, 1000);
  check(!has(inPlace, "alignRows") && !has(inPlace, "hotRowBuffer"), "parts a run does not hold are not named");

  c.loss = LossKind::Softmax;
  c.threads = 2;
  const TrainingMemory softmax = trainingMemory(c, 1000000, 1000000);
  check(softmax.softmaxScores == 2ULL * 1000000 * 4 && softmax.hotRowCopies == 0,
        "softmax: a score a word per thread, no hot rows");

  const std::string counting = outOfMemoryHint(c, 0, 0);
  check(has(counting, "counting the vocabulary") && has(counting, "maxVocabSize (10000000)"),
        "while counting, the hint names maxVocabSize: " + counting);

  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
