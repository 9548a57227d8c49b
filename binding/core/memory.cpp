#include "memory.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(_WIN32)
#include <malloc.h>
#endif
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#include <cpuid.h>
#endif

namespace hogvec {

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#if defined(MADV_COLLAPSE)
constexpr int kCollapse = MADV_COLLAPSE;
#else
constexpr int kCollapse = 25;  // MADV_COLLAPSE, for headers older than Linux 6.1
#endif
#endif

namespace {

bool cpuHasPrefetchW() {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
  unsigned a, b, c, d;
  return __get_cpuid(0x80000001u, &a, &b, &c, &d) && (c & (1u << 8)) != 0;
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
  int r[4];
  __cpuid(r, 0x80000000);
  if (static_cast<unsigned>(r[0]) < 0x80000001u) return false;
  __cpuid(r, 0x80000001);
  return (r[2] & (1 << 8)) != 0;
#else
  return false;
#endif
}

}  // namespace

const bool kCpuHasPrefetchW = cpuHasPrefetchW();

void* allocateAligned(std::size_t bytes) {
  constexpr std::size_t kHugePageBytes = std::size_t(2) << 20;
  const std::size_t alignment = bytes >= kHugePageBytes ? kHugePageBytes : 64;
  const std::size_t size = (std::max<std::size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
#if defined(_WIN32)
  void* block = _aligned_malloc(size, alignment);
#else
  void* block = std::aligned_alloc(alignment, size);
#endif
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void freeAligned(void* block) {
#if defined(_WIN32)
  _aligned_free(block);
#else
  std::free(block);
#endif
}

void releaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

namespace {

// The whole 2 MB pages inside [data, data + bytes), as [*first, *last); false if none.
[[maybe_unused]] bool wholeHugePages(void* data, std::size_t bytes, std::uintptr_t* first, std::uintptr_t* last) {
  constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  *first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  *last = (begin + bytes) & ~(kHugePage - 1);
  return *last > *first;
}

}  // namespace

void releasePages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_DONTNEED)
  std::uintptr_t first, last;
  if (wholeHugePages(data, bytes, &first, &last)) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
  (void)data;
  (void)bytes;
#endif
}

void adviseHugePages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  std::uintptr_t first, last;
  if (!wholeHugePages(data, bytes, &first, &last)) return;
  void* pages = reinterpret_cast<void*>(first);
  madvise(pages, last - first, MADV_HUGEPAGE);
  // Pages touched before the advice (the matrices are initialized first)
  // would only be merged by khugepaged, minutes later; Linux 6.1+ merges them
  // now. Older kernels reject the call, and the advice alone stands.
  madvise(pages, last - first, kCollapse);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace hogvec
