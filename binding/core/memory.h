// Memory hints: freed heap memory back to the system, huge pages, prefetch.
#pragma once

#include <cstddef>

namespace hogvec {

// Gives freed heap pages back to the system (glibc keeps them otherwise, and
// they count in the process's resident memory). A no-op elsewhere.
void releaseFreedMemory();

// Asks the kernel to back [data, data + bytes) with transparent huge pages
// (Linux, where THP is in "madvise" mode): a training step touches rows
// scattered over matrices of tens of megabytes, and with 2 MB pages their
// addresses need far fewer TLB entries. Only the whole 2 MB pages inside the
// range are advised; a hint, never an error. A no-op elsewhere.
void adviseHugePages(void* data, std::size_t bytes);

// Starts loading the cache line at p, for a read soon.
inline void prefetchForRead(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

}  // namespace hogvec
