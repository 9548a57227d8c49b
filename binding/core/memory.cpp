#include "memory.h"

#include <cstdint>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hogvec {

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#if defined(MADV_COLLAPSE)
constexpr int kCollapse = MADV_COLLAPSE;
#else
constexpr int kCollapse = 25;  // MADV_COLLAPSE, for headers older than Linux 6.1
#endif
#endif

void releaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

void adviseHugePages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHugePage - 1);
  if (last <= first) return;
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
