#include "file_util.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <system_error>

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace hogvec {

namespace fs = std::filesystem;

std::string systemMessage(int error) {
  const std::string m = std::generic_category().message(error);
  return m.empty() ? std::string("unknown error") : m;
}

std::FILE* openFile(const std::string& utf8Path, const char* mode) {
#ifdef _WIN32
  const std::wstring wide = fs::u8path(utf8Path).wstring();
  std::wstring wideMode(mode, mode + std::strlen(mode));
  return _wfopen(wide.c_str(), wideMode.c_str());
#else
  return std::fopen(utf8Path.c_str(), mode);
#endif
}

bool seekFile(std::FILE* file, std::uint64_t offset) {
#ifdef _WIN32
  return _fseeki64(file, static_cast<__int64>(offset), SEEK_SET) == 0;
#else
  return fseeko(file, static_cast<off_t>(offset), SEEK_SET) == 0;
#endif
}

AtomicFile::AtomicFile(const std::string& utf8Target) : target_(fs::u8path(utf8Target)) {
  const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::random_device device;
  for (int attempt = 0; attempt < 16 && file_ == nullptr; ++attempt) {
    const auto noise = (static_cast<std::uint64_t>(device()) << 32) ^
                       static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, ".%016llx.tmp", static_cast<unsigned long long>(noise));
    temporary_ = folder / fs::u8path("." + target_.filename().u8string() + suffix);
#ifdef _WIN32
    file_ = openFile(temporary_.u8string(), "wb");
#else
    file_ = openFile(temporary_.u8string(), "wbx");  // never reuse an existing file
#endif
    if (file_ == nullptr && errno != EEXIST)
      throw FileError("cannot create a temporary file in '" + folder.u8string() + "': " + systemMessage(errno));
  }
  if (file_ == nullptr) throw FileError("cannot create a temporary file in '" + folder.u8string() + "'");
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temporary_, ignored);
  }
}

void AtomicFile::fail(const char* what, int error) const {
  throw FileError(std::string(what) + " '" + temporary_.u8string() + "' failed: " + systemMessage(error));
}

void AtomicFile::checkWrites() const {
  if (std::ferror(file_)) fail("writing", errno);
}

void AtomicFile::commit() {
  if (std::fflush(file_) != 0) fail("writing", errno);
  checkWrites();
  // Without a sync, a crash soon after the rename could leave an empty target.
#ifdef _WIN32
  if (_commit(_fileno(file_)) != 0) fail("flushing", errno);
#else
  if (fsync(fileno(file_)) != 0) fail("flushing", errno);
#endif
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) fail("closing", errno);
  std::error_code ec;
  fs::rename(temporary_, target_, ec);
  if (ec) throw FileError("renaming '" + temporary_.u8string() + "' over it failed: " + ec.message());
  committed_ = true;
}

}  // namespace hogvec
