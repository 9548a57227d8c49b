// Memory hints and layout: freed heap memory back to the system, huge pages,
// cache-line-aligned blocks, prefetch.
#pragma once

#include <cstddef>

#if defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#include <intrin.h>
#endif

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

// Gives the whole 2 MB pages inside [data, data + bytes) back to the system
// (Linux): they read as zeros when next touched, and no longer count in the
// process's resident memory. A hint, never an error; a no-op elsewhere.
void releasePages(void* data, std::size_t bytes);

// A block that starts on a 64-byte cache line, and on a 2 MB boundary when
// it spans 2 MB or more (so huge pages can back all of a large matrix).
// Throws std::bad_alloc; free with freeAligned.
void* allocateAligned(std::size_t bytes);
void freeAligned(void* block);

// A std::vector allocator over allocateAligned, so that rows copied into it
// keep the training matrices' alignment.
template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(allocateAligned(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) { freeAligned(p); }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const CacheLineAllocator<U>&) const {
    return false;
  }
};

// Whether this x86-64 CPU has PREFETCHW (CPUID 0x80000001 ECX bit 8). Read
// once at load. Other architectures do not use it.
extern const bool kCpuHasPrefetchW;

// Starts loading the cache line at p, for a read soon.
inline void prefetchForRead(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

// Starts loading the cache line at p to be written soon: owned, not shared.
// A training step reads a row and then changes it; fetched for reading, the
// line would need a second request before the write (the other thread may
// hold a copy), and between distant cores that request costs as much as the
// load. Where the CPU lacks a write prefetch, a read prefetch.
inline void prefetchForWrite(const void* p) {
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
  if (kCpuHasPrefetchW) __asm__ volatile("prefetchw %0" : : "m"(*static_cast<const char*>(p)));
  else __builtin_prefetch(p);
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
  if (kCpuHasPrefetchW) _m_prefetchw(const_cast<void*>(p));
  else _mm_prefetch(static_cast<const char*>(p), _MM_HINT_T0);
#elif defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p, 1);  // arm64: PRFM PSTL1KEEP
#else
  (void)p;
#endif
}

}  // namespace hogvec
