// Linked into Linux (glibc) prebuilds only: makes the addon need nothing newer
// than GLIBC_2.28, the oldest glibc Node.js 22's own Linux binaries run on.
//
// Why symbol versions and not an older sysroot: the prebuilds are made with
// the build machine's stock toolchain (Debian's g++ and its aarch64 cross
// compiler, glibc 2.36), and Debian's archive no longer serves a glibc 2.28
// sysroot (buster). glibc keeps every old version of a symbol it has changed,
// so binding to those is enough. Each reference the addon or the static
// libstdc++ makes to a symbol that glibc 2.29+ versioned anew is renamed by
// the linker (-Wl,--wrap=NAME, listed in CMakeLists.txt) to __wrap_NAME,
// defined here as a call to the old version, bound with .symver. The few
// symbols that did not exist at all in 2.28 get a replacement. scripts/
// prebuild.js then refuses a binary that still needs anything newer
// (objdump -T), so a new toolchain cannot slip a newer symbol in unnoticed.
//
// libgcc stays a shared library (libgcc_s.so.1, which Node.js itself links):
// the static libgcc_eh of GCC 12 finds unwind tables with _dl_find_object
// (glibc 2.35) and has no fallback, so C++ exceptions would fail on older
// glibc.
#include <fcntl.h>
#include <pthread.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__)
#define HOGVEC_GLIBC_BASE "GLIBC_2.2.5"  // the first version of every x86-64 symbol
#define HOGVEC_STAT_VER 1                // _STAT_VER_LINUX
#elif defined(__aarch64__)
#define HOGVEC_GLIBC_BASE "GLIBC_2.17"  // the first version of every arm64 symbol
#define HOGVEC_STAT_VER 0               // _STAT_VER_KERNEL
#else
#error "glibc_2_28.cpp knows the baseline symbol versions of x86-64 and arm64 only"
#endif

// Binds the local name OLD to NAME@<baseline version>.
#define HOGVEC_BIND_OLD(old, name) __asm__(".symver " #old "," #name "@" HOGVEC_GLIBC_BASE)

extern "C" {

// libm: glibc 2.29 gave exp, log and pow new versions (faster, no SVID error
// handling); the old versions compute the same values.
double hogvec_old_exp(double);
double hogvec_old_log(double);
double hogvec_old_pow(double, double);
HOGVEC_BIND_OLD(hogvec_old_exp, exp);
HOGVEC_BIND_OLD(hogvec_old_log, log);
HOGVEC_BIND_OLD(hogvec_old_pow, pow);
__attribute__((visibility("hidden"))) double __wrap_exp(double x) { return hogvec_old_exp(x); }
__attribute__((visibility("hidden"))) double __wrap_log(double x) { return hogvec_old_log(x); }
__attribute__((visibility("hidden"))) double __wrap_pow(double x, double y) { return hogvec_old_pow(x, y); }

// libpthread: glibc 2.34 moved these into libc.so.6 under new versions. The old
// versions live in libpthread.so.0 on older glibc (CMakeLists.txt adds it as
// NEEDED) and in libc.so.6 as compatibility symbols on newer glibc.
int hogvec_old_pthread_create(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
int hogvec_old_pthread_join(pthread_t, void**);
int hogvec_old_pthread_once(pthread_once_t*, void (*)());
int hogvec_old___pthread_key_create(pthread_key_t*, void (*)(void*));
HOGVEC_BIND_OLD(hogvec_old_pthread_create, pthread_create);
HOGVEC_BIND_OLD(hogvec_old_pthread_join, pthread_join);
HOGVEC_BIND_OLD(hogvec_old_pthread_once, pthread_once);
HOGVEC_BIND_OLD(hogvec_old___pthread_key_create, __pthread_key_create);
__attribute__((visibility("hidden"))) int __wrap_pthread_create(pthread_t* thread, const pthread_attr_t* attr,
                                                                void* (*start)(void*), void* arg) {
  return hogvec_old_pthread_create(thread, attr, start, arg);
}
__attribute__((visibility("hidden"))) int __wrap_pthread_join(pthread_t thread, void** result) {
  return hogvec_old_pthread_join(thread, result);
}
__attribute__((visibility("hidden"))) int __wrap_pthread_once(pthread_once_t* once, void (*init)()) {
  return hogvec_old_pthread_once(once, init);
}
// libstdc++ tests this one's address to decide whether threads are in use:
// the wrapper's address is never null, which is right (Node.js runs threads).
__attribute__((visibility("hidden"))) int __wrap___pthread_key_create(pthread_key_t* key, void (*destructor)(void*)) {
  return hogvec_old___pthread_key_create(key, destructor);
}

// stat became a real symbol in glibc 2.33; before, <sys/stat.h> turned it
// into a call to __xstat with the structure's version number.
int hogvec_old___xstat(int, const char*, struct stat*);
HOGVEC_BIND_OLD(hogvec_old___xstat, __xstat);
__attribute__((visibility("hidden"))) int __wrap_stat(const char* path, struct stat* buf) {
  return hogvec_old___xstat(HOGVEC_STAT_VER, path, buf);
}

// glibc 2.32: libstdc++ skips atomic reference counts when this says the
// process has one thread. 0 (threads may exist) is always correct.
__attribute__((visibility("hidden"))) char __wrap___libc_single_threaded = 0;

// glibc 2.36: std::random_device's default source. getrandom is glibc 2.25;
// /dev/urandom serves kernels that lack the system call.
__attribute__((visibility("hidden"))) std::uint32_t __wrap_arc4random() {
  std::uint32_t value = 0;
  for (;;) {
    const ssize_t got = getrandom(&value, sizeof value, 0);
    if (got == static_cast<ssize_t>(sizeof value)) return value;
    if (got < 0 && errno == EINTR) continue;
    break;
  }
  const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    std::size_t filled = 0;
    unsigned char* bytes = reinterpret_cast<unsigned char*>(&value);
    while (filled < sizeof value) {
      const ssize_t got = read(fd, bytes + filled, sizeof value - filled);
      if (got > 0) filled += static_cast<std::size_t>(got);
      else if (!(got < 0 && errno == EINTR)) break;
    }
    close(fd);
  }
  return value;
}

}  // extern "C"
