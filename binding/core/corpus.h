// The streaming corpus reader: tokens and sentence ends from a byte range of
// a file, read in fixed-size chunks, so a corpus of any size costs one buffer.
//
// Tokens are runs of bytes between ASCII whitespace; a newline ends a
// sentence. Bytes are never decoded: UTF-8 passes through, and invalid UTF-8
// or NUL bytes are just bytes. A shard [begin, end) owns the tokens whose
// first byte lies in it, so shards cut anywhere split the tokens exactly.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hogvec {

// A corpus problem (missing file, read error), with a message naming the file.
class CorpusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Tokens longer than this are cut (at a UTF-8 character boundary), as the C
// tool cuts at 100 bytes: memory per token stays bounded on hostile input.
constexpr std::size_t kMaxTokenBytes = 1024;

// Size of a regular file; throws CorpusError if it is missing, not a regular
// file, or unreadable.
std::uint64_t corpusFileSize(const std::string& path);

// The byte range of shard `index` of `count` equal parts of a file.
struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};
ByteRange shardRange(std::uint64_t fileSize, unsigned index, unsigned count);

inline bool isCorpusSpace(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

class TokenReader {
 public:
  enum class Event { Token, SentenceEnd, Done };

  TokenReader(const std::string& path, ByteRange range, std::size_t bufferBytes = 1 << 20);
  ~TokenReader();
  TokenReader(const TokenReader&) = delete;
  TokenReader& operator=(const TokenReader&) = delete;

  // The next token (valid until the next call) or sentence end, or Done.
  Event next(std::string_view* token);

  // Bytes consumed so far, for progress.
  std::uint64_t bytesConsumed() const { return position_ - range_.begin; }

 private:
  bool fill();     // refills the buffer; false at end of file
  int peekByte();  // next byte or -1 at end of file
  void throwReadError() const;

  std::string path_;
  ByteRange range_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t bufferPos_ = 0;
  std::size_t bufferLen_ = 0;
  std::uint64_t position_ = 0;  // file offset of buffer_[bufferPos_]
  std::string token_;
};

}  // namespace hogvec
