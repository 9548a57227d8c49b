// The word2vec vector formats that the C tool, gensim and fastText read and
// write: a header line `count dim`, then one entry per word.
//
//   text:   `word v1 v2 ... vdim\n`, values as decimals separated by spaces
//           (fastText's .vec adds a trailing space; \r\n line ends are fine).
//   binary: `word` + ' ' + dim little-endian float32, then '\n' in the C tool's
//           files and nothing in gensim 4's; the reader accepts both.
//
// Loading streams the file through one fixed buffer: the values go straight
// into a single float array of the final (limited) size, and every claim of
// the header is checked against the file's length before that allocation.
// Saving writes to a temporary file in the target's folder and renames it
// over the target, so a failed save never destroys the file that was there.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hogvec {

// A vectors file that cannot be read or written; the message names the file
// and, for damaged files, the line or entry (and byte offset in binary).
class VectorsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class VectorsFormat { Auto, Binary, Text };

// Limits that keep a damaged or hostile header from asking for absurd memory.
constexpr std::uint32_t kMaxVectorsDim = 100000;
constexpr std::uint64_t kMaxVectorsCount = std::uint64_t{1} << 31;
constexpr std::size_t kMaxVectorsWordBytes = std::size_t{1} << 20;

struct LoadVectorsOptions {
  // Load only the first `limit` entries (gensim's limit); 0 loads them all.
  std::uint64_t limit = 0;
  // Auto decides from the bytes after the first word (see detectVectorsFormat).
  VectorsFormat format = VectorsFormat::Auto;
  // Refuse files whose (limited) count x dim exceeds this: the caller's array limit.
  std::uint64_t maxValues = std::numeric_limits<std::uint64_t>::max();
};

// Loaded vectors. Words are kept as one byte blob and end offsets (one
// allocation instead of one per word). Duplicate words are kept, each with
// its row, so the matrix matches the file; lookups should let the first
// occurrence win, as gensim's does (gensim also drops the later rows).
struct LoadedVectors {
  std::string wordBytes;
  std::vector<std::uint64_t> wordEnds;  // word i is wordBytes[wordEnds[i-1], wordEnds[i])
  std::unique_ptr<float[]> values;      // size() x dim floats, row after row; null when empty
  std::uint32_t dim = 0;
  VectorsFormat format = VectorsFormat::Binary;  // Binary or Text, as read

  std::size_t size() const { return wordEnds.size(); }
  std::string_view word(std::size_t i) const {
    const std::uint64_t begin = i == 0 ? 0 : wordEnds[i - 1];
    return std::string_view(wordBytes).substr(begin, wordEnds[i] - begin);
  }
};

// Reads a vectors file. Throws VectorsFileError (naming the file) for a
// missing or unreadable file, a bad header, a header that claims more data
// than the file holds, truncation, a wrong number of values on a line, a
// value that is not a number (or overflows float32), a word longer than
// kMaxVectorsWordBytes, or fewer entries than the header promises. Entries
// after the promised count are ignored, as gensim ignores them. Throws
// std::bad_alloc if the matrix does not fit in memory.
LoadedVectors loadVectors(const std::string& path, const LoadVectorsOptions& options);

// Auto-detection: the bytes of the first entry after its word (up to the
// first '\n') are text if they are printable ASCII and either only number
// characters and whitespace, or exactly `dim` whitespace-separated tokens
// (dim >= 2, so that a damaged text line still gets text's precise errors).
// A binary vector of dim >= 2 float32 practically never looks like that; for
// dim = 1 pass the format explicitly to be certain.
VectorsFormat detectVectorsFormat(const std::string& path, std::uint32_t dim);

// Writes `words.size()` vectors of `dim` floats (row after row) in the binary
// format (`count dim\n`, then word + ' ' + dim float32 LE + '\n', as the C
// tool writes) or the text format (each float32 as the shortest decimal that
// reads back as the same float32). Refuses empty words and words holding
// ASCII whitespace, which would corrupt either format. Atomic: writes a
// temporary file in the same folder and renames it over `path`; on failure
// the temporary file is removed and `path` is untouched.
void saveVectors(const std::string& path, const std::vector<std::string>& words, const float* values, std::uint32_t dim,
                 VectorsFormat format);

// The same for words given by an accessor (a model's vocabulary), so a
// million words need not be copied into strings first.
using WordAt = std::function<std::string_view(std::size_t)>;
void saveVectors(const std::string& path, std::size_t count, const WordAt& wordAt, const float* values,
                 std::uint32_t dim, VectorsFormat format);

}  // namespace hogvec
