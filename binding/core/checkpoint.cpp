#include "checkpoint.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <system_error>
#include <utility>
#include <vector>

#include "crc32c.h"
#include "file_util.h"

namespace hogvec {
namespace fs = std::filesystem;

namespace {

constexpr unsigned char kMagic[8] = {'H', 'O', 'G', 'V', 'E', 'C', 0x00, 0x01};
#ifdef HOGVEC_IO_BUFFER_BYTES
constexpr std::size_t kBufferBytes = HOGVEC_IO_BUFFER_BYTES;  // the fuzz build's tiny chunks
#else
constexpr std::size_t kBufferBytes = 1 << 20;
#endif

bool hostIsLittleEndian() {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

void swapFloatBytes(unsigned char* p, std::size_t floats) {
  for (std::size_t i = 0; i < floats; ++i, p += 4) {
    std::swap(p[0], p[3]);
    std::swap(p[1], p[2]);
  }
}

void put32(unsigned char* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
void put64(unsigned char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
std::uint32_t get32(const unsigned char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint64_t get64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::uint32_t lossCode(LossKind loss) {
  switch (loss) {
    case LossKind::HierarchicalSoftmax: return 1;
    case LossKind::Softmax: return 2;
    default: return 0;
  }
}

std::string inQuotes(const std::string& path) { return "'" + path + "'"; }

// a * b + c, or false on overflow of 64 bits.
bool mulAdd(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t* out) {
  if (a != 0 && b > (UINT64_MAX - c) / a) return false;
  *out = a * b + c;
  return true;
}

// ---------------------------------------------------------------- writing

// Buffered, checksummed output to an AtomicFile: the target is replaced
// only by commit().
class Sink {
 public:
  explicit Sink(std::string target) : target_(std::move(target)), buffer_(kBufferBytes) {
    try {
      file_ = std::make_unique<AtomicFile>(target_);
    } catch (const FileError& e) {
      throw CheckpointError("Cannot write checkpoint " + inQuotes(target_) + ": " + e.what());
    }
    std::setvbuf(file_->file(), nullptr, _IONBF, 0);  // this class buffers
  }

  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  void write(const void* data, std::size_t length) {
    crc_.update(data, length);
    const auto* p = static_cast<const unsigned char*>(data);
    while (length > 0) {
      const std::size_t n = std::min(length, buffer_.size() - used_);
      std::memcpy(buffer_.data() + used_, p, n);
      used_ += n;
      p += n;
      length -= n;
      if (used_ == buffer_.size()) flush();
    }
  }

  void writeFloats(const RowMatrix& values) {
    const bool little = hostIsLittleEndian();
    const std::size_t perChunk = buffer_.size() / 4;
    for (std::size_t i = 0; i < values.size(); i += perChunk) {
      const std::size_t n = std::min(perChunk, values.size() - i);
      if (used_ + n * 4 > buffer_.size()) flush();
      unsigned char* out = buffer_.data() + used_;
      std::memcpy(out, values.data() + i, n * 4);
      if (!little) swapFloatBytes(out, n);
      crc_.update(out, n * 4);
      used_ += n * 4;
    }
  }

  // Appends the checksum, makes the bytes durable, and renames over the target.
  void commit() {
    unsigned char trailer[4];
    put32(trailer, crc_.value());
    write(trailer, 4);
    flush();
    try {
      file_->commit();
    } catch (const FileError& e) {
      throw CheckpointError("Cannot write checkpoint " + inQuotes(target_) + ": " + e.what());
    }
  }

 private:
  void flush() {
    if (used_ == 0) return;
    if (std::fwrite(buffer_.data(), 1, used_, file_->file()) != used_) {
      throw CheckpointError("Cannot write checkpoint " + inQuotes(target_) + ": " + systemMessage(errno));
    }
    used_ = 0;
  }

  std::string target_;
  std::unique_ptr<AtomicFile> file_;
  std::vector<unsigned char> buffer_;
  std::size_t used_ = 0;
  Crc32c crc_;
};

// ---------------------------------------------------------------- reading

// Buffered, checksummed input of a file whose size is known.
class Source {
 public:
  explicit Source(const std::string& path) : path_(path), buffer_(kBufferBytes) {
    file_ = openFile(path, "rb");
    if (file_ == nullptr) {
      const int error = errno;
      throw CheckpointError("Cannot read checkpoint " + inQuotes(path) + ": " + systemMessage(error));
    }
    std::setvbuf(file_, nullptr, _IONBF, 0);
  }
  ~Source() { std::fclose(file_); }
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  // Reads exactly `length` bytes, adding them to the checksum if `checked`.
  void read(void* data, std::size_t length, bool checked = true) {
    auto* p = static_cast<unsigned char*>(data);
    while (length > 0) {
      if (next_ == end_) refill();
      const std::size_t n = std::min(length, end_ - next_);
      std::memcpy(p, buffer_.data() + next_, n);
      if (checked) crc_.update(p, n);
      next_ += n;
      p += n;
      length -= n;
    }
  }

  void readFloats(RowMatrix& values) {
    read(values.data(), values.size() * 4);
    if (!hostIsLittleEndian()) swapFloatBytes(reinterpret_cast<unsigned char*>(values.data()), values.size());
  }

  std::uint32_t checksum() const { return crc_.value(); }

 private:
  void refill() {
    next_ = 0;
    end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    if (end_ == 0) {
      if (std::ferror(file_)) throw CheckpointError("Cannot read checkpoint " + inQuotes(path_) + ": read error");
      // The size was checked up front: the file shrank while being read.
      throw CheckpointError("Checkpoint " + inQuotes(path_) +
                            " is truncated: it ended while being read (size does not match)");
    }
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<unsigned char> buffer_;
  std::size_t next_ = 0, end_ = 0;
  Crc32c crc_;
};

struct Header {
  std::uint32_t version = 0, dim = 0, loss = 0;
  TrainingState state;
  std::uint64_t words = 0, outputRows = 0, optionsBytes = 0, vocabularyBytes = 0;
};

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
  throw CheckpointError("Checkpoint " + inQuotes(path) + " is corrupt: " + what);
}

// Checks the header against itself and the file's length; nothing is
// allocated from its sizes before this passes.
void validateHeader(const std::string& path, const Header& h, std::uint64_t fileBytes) {
  if (h.version != kCheckpointVersion)
    throw CheckpointError("Checkpoint " + inQuotes(path) + " has format version " + std::to_string(h.version) +
                          "; this version of hogvec reads format version " + std::to_string(kCheckpointVersion) +
                          " (a newer hogvec wrote it, or it is damaged)");
  if (h.loss > 2) corrupt(path, "its header names loss code " + std::to_string(h.loss) + ", which does not exist");
  if (h.dim == 0) corrupt(path, "its header gives dim 0");
  const std::string sizeNote = " (size does not match: the file is " + std::to_string(fileBytes) + " bytes)";
  // Each word takes at least 13 bytes (length, one byte, count), and each of
  // its input coordinates 4 more: bound the counts by the file before any arithmetic.
  if (h.words < 2) corrupt(path, "its header gives " + std::to_string(h.words) + " words; a model has at least 2");
  if (h.words > fileBytes / 13 || h.vocabularyBytes > fileBytes || h.optionsBytes > fileBytes)
    corrupt(path, "its header claims " + std::to_string(h.words) + " words in " + std::to_string(h.vocabularyBytes) +
                      " bytes, more than the file holds" + sizeNote);
  if (h.optionsBytes > kMaxCheckpointOptionsBytes)
    corrupt(path, "its options section claims " + std::to_string(h.optionsBytes) + " bytes" + sizeNote);
  const std::uint64_t expectedRows = h.loss == 1 ? h.words - 1 : h.words;
  if (h.outputRows != expectedRows)
    corrupt(path, "its header gives " + std::to_string(h.outputRows) + " output rows for " + std::to_string(h.words) +
                      " words; expected " + std::to_string(expectedRows) + sizeNote);
  if (h.vocabularyBytes < h.words * 13)
    corrupt(path, "its vocabulary section of " + std::to_string(h.vocabularyBytes) + " bytes cannot hold " +
                      std::to_string(h.words) + " words" + sizeNote);
  std::uint64_t matrixBytes = 0, total = 0;
  const bool fits = mulAdd(h.words + h.outputRows, std::uint64_t(h.dim) * 4, 0, &matrixBytes) &&
                    mulAdd(1, matrixBytes, kCheckpointHeaderBytes + h.optionsBytes + h.vocabularyBytes + 4, &total);
  if (!fits || total != fileBytes)
    throw CheckpointError("Checkpoint " + inQuotes(path) + " is corrupt or truncated: its header describes " +
                          (fits ? std::to_string(total) + " bytes" : std::string("more than 2^64 bytes")) +
                          " but the file is " + std::to_string(fileBytes) + " bytes (size does not match)");
}

Header readHeader(Source& in, const std::string& path, std::uint64_t fileBytes) {
  if (fileBytes < sizeof kMagic)
    throw CheckpointError("'" + path + "' is not a hogvec checkpoint: it is " + std::to_string(fileBytes) +
                          " bytes long, shorter than the checkpoint signature");
  unsigned char bytes[kCheckpointHeaderBytes];
  in.read(bytes, sizeof kMagic);
  if (std::memcmp(bytes, kMagic, sizeof kMagic) != 0)
    throw CheckpointError("'" + path + "' is not a hogvec checkpoint: it does not start with the checkpoint signature");
  if (fileBytes < kCheckpointHeaderBytes + 4)
    throw CheckpointError("Checkpoint " + inQuotes(path) + " is truncated: it is " + std::to_string(fileBytes) +
                          " bytes long, shorter than a checkpoint header (size does not match)");
  in.read(bytes + sizeof kMagic, kCheckpointHeaderBytes - sizeof kMagic);
  Header h;
  h.version = get32(bytes + 8);
  if (h.version == kCheckpointVersion && get32(bytes + 80) != crc32c(bytes, 80))
    corrupt(path, "its header's checksum does not match");
  h.dim = get32(bytes + 12);
  h.loss = get32(bytes + 16);
  h.state.epochsDone = get32(bytes + 20);
  h.state.epochsPlanned = get32(bytes + 24);
  h.state.scheduleDone = get64(bytes + 32);
  h.state.scheduleTotal = get64(bytes + 40);
  h.words = get64(bytes + 48);
  h.outputRows = get64(bytes + 56);
  h.optionsBytes = get64(bytes + 64);
  h.vocabularyBytes = get64(bytes + 72);
  validateHeader(path, h, fileBytes);
  return h;
}

}  // namespace

void writeCheckpoint(const std::string& path, const Embeddings& model, std::string_view options,
                     const TrainingState& state) {
  const Vocabulary& vocab = model.vocab;
  const std::uint64_t words = vocab.size();
  if (model.input.size() != words * model.dim || model.output.size() != model.outputRows() * model.dim ||
      model.input.aligned() || model.output.aligned())
    throw CheckpointError("Cannot write checkpoint " + inQuotes(path) +
                          ": the model's matrices do not match its vocabulary");
  std::uint64_t vocabularyBytes = 0;
  for (std::uint32_t w = 0; w < words; ++w) vocabularyBytes += 12 + vocab.word(w).size();

  unsigned char header[kCheckpointHeaderBytes] = {};
  std::memcpy(header, kMagic, sizeof kMagic);
  put32(header + 8, kCheckpointVersion);
  put32(header + 12, model.dim);
  put32(header + 16, lossCode(model.loss));
  put32(header + 20, state.epochsDone);
  put32(header + 24, state.epochsPlanned);
  put64(header + 32, state.scheduleDone);
  put64(header + 40, state.scheduleTotal);
  put64(header + 48, words);
  put64(header + 56, model.outputRows());
  put64(header + 64, options.size());
  put64(header + 72, vocabularyBytes);
  put32(header + 80, crc32c(header, 80));

  Sink out(path);
  out.write(header, sizeof header);
  out.write(options.data(), options.size());
  for (std::uint32_t w = 0; w < words; ++w) {
    const std::string_view word = vocab.word(w);
    unsigned char field[8];
    put32(field, static_cast<std::uint32_t>(word.size()));
    out.write(field, 4);
    out.write(word.data(), word.size());
    put64(field, vocab.counts()[w]);
    out.write(field, 8);
  }
  out.writeFloats(model.input);
  out.writeFloats(model.output);
  out.commit();
}

Checkpoint readCheckpoint(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::u8path(path);
  if (fs::is_directory(p, ec))
    throw CheckpointError("Cannot read checkpoint " + inQuotes(path) + ": it is a directory");
  Source in(path);
  const std::uint64_t fileBytes = fs::file_size(p, ec);
  if (ec) throw CheckpointError("Cannot read checkpoint " + inQuotes(path) + ": " + ec.message());
  const Header h = readHeader(in, path, fileBytes);

  Checkpoint c;
  c.state = h.state;
  c.options.resize(h.optionsBytes);
  in.read(c.options.data(), c.options.size());

  std::vector<std::string> words;
  std::vector<std::uint64_t> counts;
  words.reserve(h.words);
  counts.reserve(h.words);
  std::uint64_t left = h.vocabularyBytes;
  for (std::uint64_t w = 0; w < h.words; ++w) {
    unsigned char field[8];
    if (left < 12)
      corrupt(path, "its vocabulary section ends inside word " + std::to_string(w) + " (size does not match)");
    in.read(field, 4);
    const std::uint32_t length = get32(field);
    // Leave room for this word's count and the 13 bytes of each word after it.
    const std::uint64_t after = (h.words - w - 1) * 13;
    if (length == 0 || length > left - 12 || left - 12 - length < after)
      corrupt(path, "word " + std::to_string(w) + " claims " + std::to_string(length) +
                        " bytes, which does not fit its vocabulary section (size does not match)");
    std::string word(length, '\0');
    in.read(word.data(), length);
    in.read(field, 8);
    words.push_back(std::move(word));
    counts.push_back(get64(field));
    left -= 12 + length;
  }
  if (left != 0)
    corrupt(path, std::to_string(left) + " bytes of its vocabulary section are unused (size does not match)");

  c.model.dim = h.dim;
  c.model.loss = h.loss == 1   ? LossKind::HierarchicalSoftmax
                 : h.loss == 2 ? LossKind::Softmax
                               : LossKind::NegativeSampling;
  c.model.input = RowMatrix(h.words, h.dim);
  c.model.output = RowMatrix(h.outputRows, h.dim);
  in.readFloats(c.model.input);
  in.readFloats(c.model.output);
  const std::uint32_t computed = in.checksum();
  unsigned char trailer[4];
  in.read(trailer, 4, false);
  const std::uint32_t stored = get32(trailer);
  if (stored != computed) {
    char detail[64];
    std::snprintf(detail, sizeof detail, " (stored %08x, computed %08x)", static_cast<unsigned>(stored),
                  static_cast<unsigned>(computed));
    corrupt(path, std::string("its checksum does not match") + detail);
  }

  // Only now, with every byte verified, build the vocabulary. Counts are
  // corpus counts: at least 1, and with their sum below 2^53 (JS reads them
  // as doubles). A forged count near 2^64 would also break the Huffman
  // builder, whose unbuilt nodes hold 2^63 - 1, into an endless loop.
  std::uint64_t total = 0;
  for (std::size_t w = 0; w < counts.size(); ++w) {
    constexpr std::uint64_t kMaxTotal = (std::uint64_t{1} << 53) - 1;
    if (counts[w] == 0 || counts[w] > kMaxTotal - total)
      corrupt(path, "word " + std::to_string(w) + " has count " + std::to_string(counts[w]) +
                        "; counts must be at least 1 and sum to less than 2^53");
    total += counts[w];
  }
  try {
    c.model.vocab = Vocabulary(std::move(words), std::move(counts));
    if (c.model.loss == LossKind::HierarchicalSoftmax) c.model.vocab.buildHuffman();
  } catch (const std::invalid_argument& e) {
    corrupt(path, e.what());
  }
  return c;
}

std::string checkpointPathForEpoch(const std::string& pattern, std::uint32_t epoch) {
  static constexpr std::string_view kField = "{epoch}";
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = pattern.find(kField, from)) != std::string::npos; from = at + kField.size())
    out.append(pattern, from, at - from).append(std::to_string(epoch));
  return out.append(pattern, from, std::string::npos);
}

}  // namespace hogvec
