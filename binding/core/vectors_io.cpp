#include "vectors_io.h"

#include "file_util.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <new>
#include <system_error>
#include <thread>

namespace hogvec {
namespace {

namespace fs = std::filesystem;

// Files are read in chunks of this size, whatever their length.
#ifdef HOGVEC_IO_BUFFER_BYTES
// The fuzz build (fuzz/run.sh) reads through tiny chunks, so that its small
// inputs cross chunk boundaries everywhere.
constexpr std::size_t kReadBufferBytes = HOGVEC_IO_BUFFER_BYTES;
#else
constexpr std::size_t kReadBufferBytes = std::size_t{1} << 20;
#endif
// A decimal longer than this is not a number any tool writes.
constexpr std::size_t kMaxNumberBytes = 1024;
constexpr std::size_t kMaxHeaderBytes = 256;

bool isSpace(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
bool isBlank(unsigned char c) { return c != '\n' && isSpace(c); }

bool hostIsLittleEndian() {
  const std::uint16_t probe = 1;
  unsigned char first;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

void swapFloatBytes(float* values, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    unsigned char b[4];
    std::memcpy(b, values + i, 4);
    std::swap(b[0], b[3]);
    std::swap(b[1], b[2]);
    std::memcpy(values + i, b, 4);
  }
}

// A word or token for an error message: control bytes escaped, cut at about 40 bytes.
std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::size_t n = std::min(text.size(), kMax);
  // Do not cut a UTF-8 sequence in half.
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string out = "'";
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02X", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (n < text.size()) out += "...";
  return out + "'";
}

VectorsFileError loadError(const std::string& path, const std::string& reason) {
  return VectorsFileError("Cannot load word vectors from '" + path + "': " + reason);
}

VectorsFileError saveError(const std::string& path, const std::string& reason) {
  return VectorsFileError("Cannot save word vectors to '" + path + "': " + reason);
}

const char* formatName(VectorsFormat format) { return format == VectorsFormat::Text ? "text" : "binary"; }

// The float32 nearest to a decimal token (from_chars rounds correctly), or
// false unless the whole token is one number within float32's range. Accepts
// what gensim's float() writes and reads: exponents, inf, nan, a leading '+'.
bool parseFloat(std::string_view token, float* out) {
  const char* first = token.data();
  const char* last = first + token.size();
  // from_chars refuses the leading '+' that strtof and Python accept.
  if (last - first > 1 && *first == '+' && first[1] != '+' && first[1] != '-') ++first;
  float value = 0;
  const std::from_chars_result r = std::from_chars(first, last, value);
  if (r.ptr != last) return false;  // '1.2.3', '1e', 'abc', '0x1p3'
  if (r.ec == std::errc()) {
    *out = value;
    return true;
  }
  if (r.ec != std::errc::result_out_of_range) return false;
  // libstdc++ also reports underflow (e.g. 7e-46) as out of range; strtof
  // rounds it correctly to zero or a denormal, and overflow to inf.
  const std::string copy(first, last);
  char* end = nullptr;
  const float fallback = std::strtof(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || std::isinf(fallback)) return false;
  *out = fallback;
  return true;
}

// Reads a file through one fixed buffer. Tokens that straddle two chunks are
// carried in a string bounded by the caller's limit.
class ChunkReader {
 public:
  ChunkReader(const std::string& path, std::size_t bufferBytes) : path_(path), buffer_(bufferBytes) {
    file_ = openFile(path, "rb");
    if (file_ == nullptr) throw loadError(path, systemMessage(errno));
  }
  ~ChunkReader() {
    if (file_ != nullptr) std::fclose(file_);
  }
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // The next byte, or -1 at the end of the file.
  int peek() {
    if (pos_ == len_ && !fill()) return -1;
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  int get() {
    const int c = peek();
    if (c >= 0) ++pos_;
    return c;
  }
  // File offset of the next byte.
  std::uint64_t offset() const { return base_ + pos_; }

  // Copies up to n bytes; fewer only at the end of the file.
  std::size_t read(char* dst, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
      if (pos_ == len_ && !fill()) break;
      const std::size_t take = std::min(n - done, len_ - pos_);
      std::memcpy(dst + done, buffer_.data() + pos_, take);
      pos_ += take;
      done += take;
    }
    return done;
  }

  // Consumes the bytes before the first byte for which stop(c) holds (not
  // that byte) or the end of the file. The view is valid until the next
  // call. Returns false, having consumed part of it, if the token is longer
  // than maxBytes.
  template <class Stop>
  bool token(Stop stop, std::size_t maxBytes, std::string_view* out) {
    carry_.clear();
    for (;;) {
      const std::size_t start = pos_;
      while (pos_ < len_ && !stop(static_cast<unsigned char>(buffer_[pos_]))) ++pos_;
      const std::size_t n = pos_ - start;
      if (carry_.size() + n > maxBytes) return false;
      if (pos_ < len_ && carry_.empty()) {
        *out = std::string_view(buffer_.data() + start, n);
        return true;
      }
      carry_.append(buffer_.data() + start, n);
      if (pos_ < len_ || !fill()) {
        *out = carry_;
        return true;
      }
    }
  }

 private:
  bool fill() {
    base_ += len_;
    pos_ = 0;
    len_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    if (len_ == 0 && std::ferror(file_)) {
      throw loadError(path_, "reading at byte " + std::to_string(base_) + " failed: " + systemMessage(errno));
    }
    return len_ > 0;
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
  std::uint64_t base_ = 0;  // file offset of buffer_[0]
  std::string carry_;
};

struct Header {
  std::uint64_t count = 0;
  std::uint64_t dim = 0;
};

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads the first line, `count dim`, and consumes its '\n'.
Header readHeader(ChunkReader& reader, const std::string& path) {
  if (reader.peek() < 0) throw loadError(path, "the file is empty");
  std::string_view view;
  if (!reader.token([](unsigned char c) { return c == '\n'; }, kMaxHeaderBytes, &view)) {
    throw loadError(path, "the first line must be the header 'count dim', but it is longer than " +
                              std::to_string(kMaxHeaderBytes) + " bytes (not a word2vec vectors file?)");
  }
  const std::string line(view);
  reader.get();
  std::vector<std::string_view> fields;
  std::string_view rest(line);
  while (!rest.empty()) {
    std::size_t i = 0;
    while (i < rest.size() && isSpace(static_cast<unsigned char>(rest[i]))) ++i;
    std::size_t j = i;
    while (j < rest.size() && !isSpace(static_cast<unsigned char>(rest[j]))) ++j;
    if (j > i) fields.push_back(rest.substr(i, j - i));
    rest.remove_prefix(j);
  }
  if (fields.size() != 2 || !allDigits(fields[0]) || !allDigits(fields[1])) {
    throw loadError(path, "the first line must be the header 'count dim' (two integers), but it is " + shown(line));
  }
  Header header;
  std::uint64_t* targets[2] = {&header.count, &header.dim};
  for (int k = 0; k < 2; ++k) {
    const auto r = std::from_chars(fields[k].data(), fields[k].data() + fields[k].size(), *targets[k]);
    if (r.ec != std::errc()) {
      throw loadError(path,
                      "the header's " + std::string(k == 0 ? "count " : "dim ") + shown(fields[k]) + " is too large");
    }
  }
  if (header.dim < 1 || header.dim > kMaxVectorsDim) {
    throw loadError(path, "the header's dim is " + std::to_string(header.dim) + "; expected an integer between 1 and " +
                              std::to_string(kMaxVectorsDim));
  }
  return header;
}

void addWord(LoadedVectors& out, std::string_view word) {
  out.wordBytes.append(word.data(), word.size());
  out.wordEnds.push_back(out.wordBytes.size());
}

void readBinary(ChunkReader& reader, const std::string& path, std::uint64_t promised, std::uint64_t n,
                LoadedVectors& out) {
  const std::size_t dim = out.dim;
  const std::size_t vectorBytes = dim * sizeof(float);
  const bool swap = !hostIsLittleEndian();
  for (std::uint64_t i = 0; i < n; ++i) {
    // The C tool ends each vector with '\n', gensim 4 does not; gensim strips
    // it from the next word, and so do we.
    while (reader.peek() == '\n') reader.get();
    const std::uint64_t entryOffset = reader.offset();
    const auto where = [&] {
      return "entry " + std::to_string(i + 1) + " (byte offset " + std::to_string(entryOffset) + ")";
    };
    if (reader.peek() < 0) {
      throw loadError(path, "the header promises " + std::to_string(promised) + " words but the file holds only " +
                                std::to_string(i) + " (it ends at byte offset " + std::to_string(entryOffset) + ")");
    }
    std::string_view word;
    if (!reader.token([](unsigned char c) { return c == ' '; }, kMaxVectorsWordBytes, &word)) {
      throw loadError(path, where() + ": the word is longer than " + std::to_string(kMaxVectorsWordBytes) +
                                " bytes (is this really a binary word2vec file?)");
    }
    addWord(out, word);
    if (reader.get() != ' ') {
      throw loadError(path,
                      where() + ": the file is truncated: it ends inside the word " + shown(out.word(out.size() - 1)));
    }
    float* row = out.values.get() + i * dim;
    const std::size_t got = reader.read(reinterpret_cast<char*>(row), vectorBytes);
    if (got != vectorBytes) {
      throw loadError(path, where() + ": the file is truncated: the vector of " + shown(out.word(out.size() - 1)) +
                                " has " + std::to_string(got) + " of its " + std::to_string(vectorBytes) + " bytes");
    }
    if (swap) swapFloatBytes(row, dim);
  }
}

void readText(ChunkReader& reader, const std::string& path, std::uint64_t promised, std::uint64_t n,
              LoadedVectors& out) {
  const std::size_t dim = out.dim;
  const auto anySpace = [](unsigned char c) { return isSpace(c); };
  std::uint64_t line = 2;  // the header was line 1
  for (std::uint64_t i = 0; i < n; ++i) {
    // Blank lines (and stray whitespace before a word) are skipped.
    int c;
    while ((c = reader.peek()) >= 0 && isSpace(static_cast<unsigned char>(c))) {
      if (reader.get() == '\n') ++line;
    }
    const auto where = [line] { return "line " + std::to_string(line); };
    if (c < 0) {
      throw loadError(path, "the header promises " + std::to_string(promised) + " words but the file holds only " +
                                std::to_string(i) + " (it ends at " + where() + ")");
    }
    std::string_view word;
    if (!reader.token(anySpace, kMaxVectorsWordBytes, &word)) {
      throw loadError(path, where() + ": the word is longer than " + std::to_string(kMaxVectorsWordBytes) + " bytes");
    }
    addWord(out, word);
    float* row = out.values.get() + i * dim;
    std::size_t found = 0;
    for (;;) {
      while ((c = reader.peek()) >= 0 && isBlank(static_cast<unsigned char>(c))) reader.get();
      if (c < 0 || c == '\n') break;
      std::string_view token;
      if (!reader.token(anySpace, kMaxNumberBytes, &token)) {
        throw loadError(path, where() + " (" + shown(out.word(i)) + "): value " + std::to_string(found + 1) +
                                  " is longer than " + std::to_string(kMaxNumberBytes) + " characters");
      }
      if (found < dim && !parseFloat(token, row + found)) {
        throw loadError(path, where() + " (" + shown(out.word(i)) + "): value " + std::to_string(found + 1) + ", " +
                                  shown(token) + ", is not a float32 number");
      }
      ++found;
    }
    if (found != dim) {
      throw loadError(path, where() + " (" + shown(out.word(i)) + "): expected " + std::to_string(dim) +
                                " values after the word but found " + std::to_string(found));
    }
    if (reader.get() == '\n') ++line;
  }
}

LoadedVectors loadChecked(const std::string& path, const LoadVectorsOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw loadError(path, ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file");
  }
  if (fs::is_directory(status)) throw loadError(path, "it is a directory");
  if (!fs::is_regular_file(status)) throw loadError(path, "it is not a regular file");
  const std::uint64_t fileBytes = fs::file_size(path, ec);
  if (ec) throw loadError(path, ec.message());

  ChunkReader reader(path, kReadBufferBytes);
  const Header header = readHeader(reader, path);
  const std::uint64_t n = options.limit > 0 ? std::min(header.count, options.limit) : header.count;
  const VectorsFormat format = options.format != VectorsFormat::Auto
                                   ? options.format
                                   : detectVectorsFormat(path, static_cast<std::uint32_t>(header.dim));

  // Every entry takes at least this many bytes: in binary a (possibly empty)
  // word, a space and dim floats; in text a one-byte word, dim times a
  // separator and a digit, and a newline (which the last line may lack).
  // Checked before allocating.
  const std::uint64_t perEntry = format == VectorsFormat::Binary ? 1 + 4 * header.dim : 2 + 2 * header.dim;
  const std::uint64_t available =
      fileBytes - std::min(fileBytes, reader.offset()) + (format == VectorsFormat::Text ? 1 : 0);
  if (n > available / perEntry) {
    throw loadError(path, "the header claims more data than the file holds: " + std::to_string(n) + " words of " +
                              std::to_string(header.dim) + " values take at least " + std::to_string(perEntry) +
                              " bytes each in the " + formatName(format) + " format, and the file has " +
                              std::to_string(fileBytes - std::min(fileBytes, reader.offset())) +
                              " bytes after the header (is it truncated?)");
  }
  if (header.count > kMaxVectorsCount) {
    throw loadError(path, "the header claims " + std::to_string(header.count) + " words, more than the " +
                              std::to_string(kMaxVectorsCount) + " hogvec can load");
  }
  if (n * header.dim > options.maxValues) {
    throw loadError(path, std::to_string(n) + " words of " + std::to_string(header.dim) + " values are more than the " +
                              std::to_string(options.maxValues) + " one array can hold; pass a smaller limit");
  }

  LoadedVectors out;
  out.dim = static_cast<std::uint32_t>(header.dim);
  out.format = format;
  out.wordEnds.reserve(n);
  if (n > 0) out.values.reset(new float[n * header.dim]);
  if (format == VectorsFormat::Binary) {
    readBinary(reader, path, header.count, n, out);
  } else {
    readText(reader, path, header.count, n, out);
  }
  return out;
}

void checkWord(const std::string& path, std::string_view word, std::size_t index) {
  if (word.empty()) throw saveError(path, "word " + std::to_string(index) + " is empty");
  const auto bad =
      std::find_if(word.begin(), word.end(), [](char c) { return isSpace(static_cast<unsigned char>(c)); });
  if (bad != word.end()) {
    throw saveError(path, "word " + std::to_string(index) + ", " + shown(std::string(word)) +
                              ", contains whitespace, which the word2vec formats use as a separator");
  }
}

// Writes the file; FileError when the file system refuses.
void writeVectorsFile(const std::string& path, std::size_t count, const WordAt& wordAt, const float* values,
                      std::uint32_t dim, VectorsFormat format) {
  AtomicFile temporary(path);
  std::FILE* file = temporary.file();
  const std::string header = std::to_string(count) + " " + std::to_string(dim) + "\n";
  std::fwrite(header.data(), 1, header.size(), file);
  const bool swap = !hostIsLittleEndian();
  std::vector<float> swapped(swap ? dim : 0);
  std::string line;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view word = wordAt(i);
    checkWord(path, word, i);
    const float* row = values + i * dim;
    if (format == VectorsFormat::Text) {
      line.assign(word);
      for (std::uint32_t k = 0; k < dim; ++k) {
        char digits[32];
        // Shortest decimal that reads back as the same float32.
        const std::to_chars_result r = std::to_chars(digits, digits + sizeof digits, row[k]);
        line.push_back(' ');
        line.append(digits, r.ptr);
      }
      line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), file);
    } else {
      if (swap) {
        std::copy(row, row + dim, swapped.begin());
        swapFloatBytes(swapped.data(), dim);
        row = swapped.data();
      }
      std::fwrite(word.data(), 1, word.size(), file);
      std::fputc(' ', file);
      std::fwrite(row, sizeof(float), dim, file);
      std::fputc('\n', file);
    }
    temporary.checkWrites();
  }
  temporary.commit();
}

}  // namespace

VectorsFormat detectVectorsFormat(const std::string& path, std::uint32_t dim) {
  ChunkReader reader(path, std::min<std::size_t>(kReadBufferBytes, 64 * 1024));
  readHeader(reader, path);
  int c;
  while ((c = reader.peek()) >= 0 && isSpace(static_cast<unsigned char>(c))) reader.get();
  std::string_view word;
  if (!reader.token([](unsigned char b) { return b == ' ' || b == '\t' || b == '\n'; }, kMaxVectorsWordBytes, &word)) {
    return VectorsFormat::Binary;  // no text line starts with a megabyte-long word
  }
  c = reader.get();
  if (c < 0 || c == '\n') return VectorsFormat::Text;  // a word alone on its line: broken text
  // The rest of the first entry's line: printable ASCII and numbers in text.
  const std::uint64_t scanLimit = 4096 + std::uint64_t{dim} * 64;
  bool numeric = true;
  std::uint64_t tokens = 0;
  bool inToken = false;
  for (std::uint64_t scanned = 0; scanned < scanLimit && (c = reader.get()) >= 0 && c != '\n'; ++scanned) {
    const bool space = isBlank(static_cast<unsigned char>(c));
    if (!space && (c < 0x20 || c > 0x7E)) return VectorsFormat::Binary;
    if (!space && !std::strchr("0123456789+-.eEinfatyINFATY", c)) numeric = false;  // digits, inf, nan, infinity
    if (!space && !inToken) ++tokens;
    inToken = !space;
  }
  return tokens > 0 && (numeric || (dim >= 2 && tokens == dim)) ? VectorsFormat::Text : VectorsFormat::Binary;
}

LoadedVectors loadVectors(const std::string& path, const LoadVectorsOptions& options) {
  try {
    return loadChecked(path, options);
  } catch (const std::bad_alloc&) {
    throw loadError(path, "not enough memory for its vectors");
  }
}

void saveVectors(const std::string& path, const std::vector<std::string>& words, const float* values, std::uint32_t dim,
                 VectorsFormat format) {
  saveVectors(
      path, words.size(), [&](std::size_t i) { return std::string_view(words[i]); }, values, dim, format);
}

void saveVectors(const std::string& path, std::size_t count, const WordAt& wordAt, const float* values,
                 std::uint32_t dim, VectorsFormat format) {
  if (dim < 1 || dim > kMaxVectorsDim) {
    throw saveError(path, "dim " + std::to_string(dim) + " is outside 1.." + std::to_string(kMaxVectorsDim));
  }
  if (count > kMaxVectorsCount) {
    throw saveError(path, std::to_string(count) + " words are more than the " + std::to_string(kMaxVectorsCount) +
                              " a vectors file may hold");
  }
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw saveError(path, "the folder '" + folder.string() + "' does not exist");
  if (fs::is_directory(target, ec)) throw saveError(path, "it is a directory");

  try {
    writeVectorsFile(path, count, wordAt, values, dim, format);
  } catch (const FileError& e) {
    throw saveError(path, e.what());
  }
}

}  // namespace hogvec
