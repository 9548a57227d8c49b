// Checkpoints: a whole model (options, training state, vocabulary, both
// matrices) in one versioned, checksummed binary file, so that training can
// stop and later continue exactly where it was (docs/training.md,
// "Checkpoints and continued training").
//
// Format version 1. Integers are unsigned little-endian; matrices are IEEE-754
// binary32, little-endian, row after row.
//
//   offset  size  field
//        0     8  magic: the bytes 'H' 'O' 'G' 'V' 'E' 'C' 0x00 0x01
//        8     4  u32 format version (1)
//       12     4  u32 dim
//       16     4  u32 loss: 0 negative sampling, 1 hierarchical softmax, 2 softmax
//       20     4  u32 epochsDone: epochs trained over the model's life
//       24     4  u32 epochsPlanned: the life epoch at which the current
//                 learning-rate schedule ends (epochsDone < epochsPlanned:
//                 the schedule is unfinished)
//       28     4  u32 reserved, written 0
//       32     8  u64 scheduleDone: the schedule counter (in-vocabulary words)
//       40     8  u64 scheduleTotal: words the schedule runs over
//       48     8  u64 V, words in the vocabulary (at least 2)
//       56     8  u64 R, output rows: V, or V - 1 for hierarchical softmax
//       64     8  u64 J, bytes of the options section
//       72     8  u64 B, bytes of the vocabulary section
//       80     4  u32 CRC-32C of bytes 0..79: the header's own checksum, so a
//                 damaged header is caught before any of its fields is used
//       84     J  options: UTF-8 JSON of the model's training options
//                 (architecture, loss, dim, window, negative, epochs, minCount,
//                 sample, alpha, minAlpha, nsExponent, cbowMean, seed, ...),
//                 written and checked by lib/checkpoint.ts; opaque here
//   84 + J     B  vocabulary, in the model's order: for each word a u32 byte
//                 length L (>= 1), the L bytes, then a u64 count
//              .  input matrix, V x dim
//              .  output matrix, R x dim
//   end - 4    4  u32 CRC-32C (crc32c.h) of every byte before it
//
// So the file is exactly 84 + J + B + 4 * (V + R) * dim + 4 bytes long. The
// reader checks the magic, the version, the header's checksum and that size
// against the file's length before it allocates anything, so a damaged or
// hostile header cannot make it allocate more than the file holds; then it
// streams the file through a fixed buffer and compares the final checksum
// before it builds the model. The
// writer writes a temporary file in the target's folder, flushes it to disk
// and renames it over the target: a failed save leaves the old file as it was.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "model.h"

namespace hogvec {

// Any checkpoint problem (unreadable, damaged, unwritable), with a message
// that names the file.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

constexpr std::uint32_t kCheckpointVersion = 1;
constexpr std::size_t kCheckpointHeaderBytes = 84;  // with the header's checksum
// The options are a short JSON object; anything larger is damage.
constexpr std::uint64_t kMaxCheckpointOptionsBytes = 1 << 20;

// Where training stands (see the header fields of the same names).
struct TrainingState {
  std::uint32_t epochsDone = 0;
  std::uint32_t epochsPlanned = 0;
  std::uint64_t scheduleDone = 0;
  std::uint64_t scheduleTotal = 0;
};

// A checkpoint as read back.
struct Checkpoint {
  Embeddings model;     // Huffman codes rebuilt for hierarchical softmax
  std::string options;  // the JSON options section, as written
  TrainingState state;
};

// Writes the model atomically (temporary file + rename). The caller keeps the
// matrices still while this runs. Throws CheckpointError.
void writeCheckpoint(const std::string& path, const Embeddings& model, std::string_view options,
                     const TrainingState& state);

// Reads and verifies a checkpoint. Throws CheckpointError.
Checkpoint readCheckpoint(const std::string& path);

// The file for one epoch: `pattern` with every "{epoch}" replaced by the
// epoch's number (a pattern without it names one file, rewritten each epoch).
std::string checkpointPathForEpoch(const std::string& pattern, std::uint32_t epoch);

}  // namespace hogvec
