// How long one cache line takes to move between CPU 0 and CPU 1: two
// threads, pinned one to each, hand a counter back and forth; prints the
// mean one-way time in nanoseconds. On a virtual machine the host may place
// the two vCPUs on neighbouring cores (tens of ns) or on distant ones
// (hundreds), and a Hogwild trainer, whose threads write the same rows,
// runs at very different speeds in the two cases (bench/README.md).
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

namespace {

alignas(64) std::atomic<long> turn{0};

bool pinTo(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

}  // namespace

int main() {
  constexpr long kRoundTrips = 200000;
  bool pinned = true;
  std::thread other([&] {
    pinned = pinTo(1) && pinned;
    for (long i = 0; i < kRoundTrips; ++i) {
      while (turn.load(std::memory_order_acquire) != 2 * i + 1) {
      }
      turn.store(2 * i + 2, std::memory_order_release);
    }
  });
  const bool self = pinTo(0);
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < kRoundTrips; ++i) {
    turn.store(2 * i + 1, std::memory_order_release);
    while (turn.load(std::memory_order_acquire) != 2 * i + 2) {
    }
  }
  const auto end = std::chrono::steady_clock::now();
  other.join();
  if (!self || !pinned) {
    std::fprintf(stderr, "could not pin a thread to CPU 0 and CPU 1\n");
    return 2;
  }
  std::printf("%.1f\n", std::chrono::duration<double, std::nano>(end - start).count() / kRoundTrips / 2);
  return 0;
}
