#include "corpus.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "file_util.h"

namespace hogvec {

std::uint64_t corpusFileSize(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(fs::u8path(path), ec);
  if (ec) throw CorpusError("Cannot read corpus file '" + path + "': " + ec.message());
  if (fs::is_directory(status)) throw CorpusError("Expected a corpus file but '" + path + "' is a directory");
  if (!fs::is_regular_file(status)) throw CorpusError("Expected a regular corpus file but '" + path + "' is not one");
  const std::uintmax_t size = fs::file_size(fs::u8path(path), ec);
  if (ec) throw CorpusError("Cannot read corpus file '" + path + "': " + ec.message());
  return static_cast<std::uint64_t>(size);
}

ByteRange shardRange(std::uint64_t fileSize, unsigned index, unsigned count) {
  // 128-bit free: fileSize * index fits 64 bits for any real file and count.
  const std::uint64_t step = fileSize / count, extra = fileSize % count;
  auto at = [&](unsigned i) { return step * i + (i < extra ? i : extra); };
  return {at(index), at(index + 1)};
}

namespace {

// After a cut, drop a UTF-8 sequence left incomplete at the end (if the bytes
// are UTF-8 at all; other bytes are left as they are).
void dropPartialUtf8Tail(std::string* token) {
  std::size_t lead = token->size();
  while (lead > 0 && (static_cast<unsigned char>((*token)[lead - 1]) & 0xC0) == 0x80) --lead;
  if (lead == 0) return;
  const unsigned char first = static_cast<unsigned char>((*token)[lead - 1]);
  const std::size_t expected = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
  if (token->size() - (lead - 1) < expected) token->resize(lead - 1);
}

}  // namespace

TokenReader::TokenReader(const std::string& path, ByteRange range, std::size_t bufferBytes)
    : path_(path), range_(range), buffer_(bufferBytes), position_(range.begin) {
  file_ = openFile(path, "rb");
  if (file_ == nullptr) throw CorpusError("Cannot open corpus file '" + path + "': " + std::strerror(errno));
  token_.reserve(kMaxTokenBytes);
  // A shard that starts inside a token leaves that token to the shard before:
  // start one byte early and skip to the first whitespace if needed.
  if (range_.begin > 0) {
    if (!seekFile(file_, range_.begin - 1)) throwReadError();
    position_ = range_.begin - 1;
    const int previous = peekByte();
    ++bufferPos_;
    ++position_;
    if (previous >= 0 && !isCorpusSpace(static_cast<unsigned char>(previous))) {
      for (int c; (c = peekByte()) >= 0 && !isCorpusSpace(static_cast<unsigned char>(c));) {
        ++bufferPos_;
        ++position_;
      }
    }
  }
}

TokenReader::~TokenReader() {
  if (file_ != nullptr) std::fclose(file_);
}

void TokenReader::throwReadError() const {
  throw CorpusError("Cannot read corpus file '" + path_ + "': " + std::strerror(errno));
}

bool TokenReader::fill() {
  bufferLen_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
  bufferPos_ = 0;
  if (bufferLen_ == 0 && std::ferror(file_)) throwReadError();
  return bufferLen_ > 0;
}

int TokenReader::peekByte() {
  if (bufferPos_ >= bufferLen_ && !fill()) return -1;
  return static_cast<unsigned char>(buffer_[bufferPos_]);
}

TokenReader::Event TokenReader::next(std::string_view* token) {
  // Skip whitespace; a newline inside the shard is a sentence end.
  for (;;) {
    if (position_ >= range_.end) return Event::Done;
    const int c = peekByte();
    if (c < 0) return Event::Done;
    if (!isCorpusSpace(static_cast<unsigned char>(c))) break;
    ++bufferPos_;
    ++position_;
    if (c == '\n') return Event::SentenceEnd;
  }
  // The token: zero-copy when it lies inside the buffer, else gathered.
  const std::size_t start = bufferPos_;
  std::size_t end = start;
  while (end < bufferLen_ && !isCorpusSpace(static_cast<unsigned char>(buffer_[end]))) ++end;
  if (end < bufferLen_ && end - start <= kMaxTokenBytes) {
    position_ += end - start;
    bufferPos_ = end;
    *token = std::string_view(buffer_.data() + start, end - start);
    return Event::Token;
  }
  token_.clear();
  bool cut = false;
  for (int c; (c = peekByte()) >= 0 && !isCorpusSpace(static_cast<unsigned char>(c));) {
    if (token_.size() < kMaxTokenBytes) token_.push_back(static_cast<char>(c));
    else cut = true;
    ++bufferPos_;
    ++position_;
  }
  if (cut) dropPartialUtf8Tail(&token_);
  *token = token_;
  return Event::Token;
}

}  // namespace hogvec
