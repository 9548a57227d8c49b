// Portable file helpers shared by the corpus reader, the vectors formats and
// checkpoints: UTF-8 paths on every platform, 64-bit seeks, and AtomicFile,
// the one way hogvec replaces a file without ever losing the old one.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace hogvec {

// A file operation that failed; callers wrap the reason with their context.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// strerror(error), never empty.
std::string systemMessage(int error);

// fopen with a UTF-8 path (Windows needs the wide-character API for that).
std::FILE* openFile(const std::string& utf8Path, const char* mode);

// Seeks to a 64-bit offset from the start; false on failure.
bool seekFile(std::FILE* file, std::uint64_t offset);

// Writes a file under a temporary name in the target's folder and renames it
// over the target in commit(), after flushing it to disk. Until then the
// target is untouched; the temporary is removed unless committed.
class AtomicFile {
 public:
  // Throws FileError (naming the folder) if the temporary cannot be created.
  explicit AtomicFile(const std::string& utf8Target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* file() const { return file_; }
  std::string temporaryPath() const { return temporary_.u8string(); }
  // Throws FileError if a write so far failed.
  void checkWrites() const;
  // Flush, sync to disk, close, rename over the target. Throws FileError.
  void commit();

 private:
  [[noreturn]] void fail(const char* what, int error) const;

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace hogvec
