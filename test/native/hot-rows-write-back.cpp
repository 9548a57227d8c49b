// Concurrent write-backs of the hot-row copies (binding/core/hot_rows.h) lose
// nothing: threads that write back the same rows at the same moment each
// deliver every change they made. Built and run by test/native-core.test.ts;
// prints "N passed, N failed" and exits non-zero on a failure.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "hot_rows.h"

using hogvec::HotRowClaims;
using hogvec::HotRows;

namespace {

int passed = 0, failed = 0;

void check(bool ok, const char* what) {
  std::printf("%s - %s\n", ok ? "ok" : "not ok", what);
  ok ? ++passed : ++failed;
}

// All threads leave wait() together, so their write-backs start at once.
class SpinBarrier {
 public:
  explicit SpinBarrier(unsigned n) : n_(n) {}
  void wait() {
    const unsigned generation = generation_.load();
    if (waiting_.fetch_add(1) + 1 == n_) {
      waiting_.store(0);
      generation_.fetch_add(1);
    } else {
      while (generation_.load() == generation) std::this_thread::yield();
    }
  }

 private:
  const unsigned n_;
  std::atomic<unsigned> waiting_{0}, generation_{0};
};

// `threads` threads copy the same rows; in each round every thread adds its
// own whole number to every float of its copy, then all write back at once
// (not waiting for busy rows); a last write-back waits. Whole numbers add
// exactly in float, so every float must end at rounds x (1 + 2 + ... + threads).
// Under ThreadSanitizer (fewer rounds: `hot-rows-write-back 10`) it also
// checks that the claims order the write-backs: a race on a shared row is
// reported.
void overlappingWriteBacks(unsigned threads, unsigned rounds) {
  const std::size_t rows = 512, stride = 128;
  std::vector<float> shared(rows * stride, 0.0f);
  HotRowClaims claims(rows);
  SpinBarrier barrier(threads);
  std::atomic<std::size_t> rowsLeftBehind{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      HotRows copy(rows, stride);
      copy.load(shared.data());
      barrier.wait();
      for (unsigned round = 0; round < rounds; ++round) {
        for (std::size_t i = 0; i < rows * stride; ++i) copy.data()[i] += float(t + 1);
        barrier.wait();
        rowsLeftBehind += copy.writeBack(shared.data(), claims, false);
      }
      copy.writeBack(shared.data(), claims, true);
    });
  }
  for (std::thread& th : pool) th.join();
  const float expected = float(rounds) * float(threads) * float(threads + 1) / 2;
  std::size_t wrong = 0;
  for (float x : shared) wrong += x != expected;
  char what[160];
  std::snprintf(what, sizeof what,
                "%u threads x %u overlapping write-backs: every change arrives (%zu of %zu floats wrong; "
                "%zu rows found busy and carried over)",
                threads, rounds, wrong, shared.size(), rowsLeftBehind.load());
  check(wrong == 0, what);
}

// A row another thread is writing back is skipped without waiting, its change
// kept in the copy, and delivered by the next write-back.
void busyRowIsCarriedOver() {
  const std::size_t rows = 4, stride = 16;
  std::vector<float> shared(rows * stride, 1.0f);
  HotRowClaims claims(rows);
  HotRows copy(rows, stride);
  copy.load(shared.data());
  for (std::size_t i = 0; i < rows * stride; ++i) copy.data()[i] += 2.0f;
  check(claims.tryClaim(2), "a free row can be claimed");
  check(!claims.tryClaim(2), "a claimed row cannot be claimed again");
  const std::size_t left = copy.writeBack(shared.data(), claims, false);
  check(left == 1, "the write-back leaves the one busy row");
  check(shared[2 * stride] == 1.0f && shared[1 * stride] == 3.0f && shared[3 * stride + 15] == 3.0f,
        "the busy row is untouched, the others carry the change");
  claims.release(2);
  check(copy.writeBack(shared.data(), claims, false) == 0, "once released, the next write-back takes it");
  bool all = true;
  for (float x : shared) all = all && x == 3.0f;
  check(all, "every change arrived exactly once");
}

void plans() {
  using hogvec::LossKind;
  const LossKind ns = LossKind::NegativeSampling, hs = LossKind::HierarchicalSoftmax;
  const hogvec::HotRowPlan one = hogvec::planHotRows(1024, 1, ns, 100000);
  check(one.rows == 0, "one thread keeps no copies");
  const hogvec::HotRowPlan two = hogvec::planHotRows(1024, 2, ns, 100000);
  check(two.rows == 1024 && two.periodWords == 4096 && two.outputFrom == 0,
        "2 threads: 1,024 rows from row 0, written back every 4,096 words");
  check(hogvec::planHotRows(1024, 3, ns, 100000).rows == 0 && hogvec::planHotRows(1024, 32, ns, 100000).rows == 0,
        "3 or more threads keep no copies");
  check(hogvec::planHotRows(1024, 2, ns, 100).rows == 100, "never more rows than words");
  check(hogvec::planHotRows(0, 2, ns, 100).rows == 0, "hotRowBuffer 0 keeps none");
  const hogvec::HotRowPlan tree = hogvec::planHotRows(1024, 2, hs, 100000);
  check(tree.rows == 1024 && tree.outputFrom == 99999 - 1024,
        "hierarchical softmax: the last 1,024 of the 99,999 inner nodes (the top of the tree)");
  const hogvec::HotRowPlan small = hogvec::planHotRows(1024, 2, hs, 100);
  check(small.rows == 99 && small.outputFrom == 0, "never more rows than inner nodes");
  check(hogvec::planHotRows(1024, 2, hs, 1).rows == 0, "one word has no inner node");
  check(hogvec::planHotRows(1024, 2, LossKind::Softmax, 100000).rows == 0, "the softmax keeps none");
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned rounds = argc > 1 ? unsigned(std::atoi(argv[1])) : 200;
  plans();
  busyRowIsCarriedOver();
  overlappingWriteBacks(2, rounds);
  overlappingWriteBacks(8, rounds);
  overlappingWriteBacks(32, rounds / 4 + 1);
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
