// Helpers shared by the libFuzzer targets in fuzz/. The loaders under test
// take a path, so each input is written to an in-memory file (memfd) that is
// reused across iterations: no disk traffic, nothing left behind.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace fuzz {

// Aborts (a libFuzzer crash with a stack) when an invariant does not hold.
#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

// One in-memory file, reachable by path as /proc/self/fd/N.
class MemoryFile {
 public:
  explicit MemoryFile(const char* name) {
    fd_ = memfd_create(name, 0);
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the file's content; returns its path.
  const std::string& write(const void* data, std::size_t size) {
    if (ftruncate(fd_, 0) != 0) std::abort();
    const auto* p = static_cast<const char*>(data);
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = pwrite(fd_, p + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return path_;
  }

  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// A private folder for round-trip saves: HOGVEC_FUZZ_SCRATCH (fuzz/run.sh
// gives each target one on tmpfs, where fsync costs nothing, and removes it),
// else a new folder under /tmp, removed at a normal exit.
inline const std::filesystem::path& scratchFolder() {
  static const std::filesystem::path folder = [] {
    if (const char* given = std::getenv("HOGVEC_FUZZ_SCRATCH"); given != nullptr && *given != '\0') {
      std::filesystem::create_directories(given);
      return std::filesystem::path(given);
    }
    std::string pattern = "/tmp/hogvec-fuzz-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratchFolder(), ignored);
    });
    return std::filesystem::path(pattern);
  }();
  return folder;
}

// Bit-for-bit equality of floats, except that any NaN equals any NaN (text
// formats keep NaN, not its payload).
inline bool sameFloat(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace fuzz
