// The per-thread random number generator and the seeding rules. Everything
// here is 32-bit arithmetic so that the TypeScript reference trainer
// (lib/reference/random.ts) reproduces the same sequence bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hogvec {

// MurmurHash3's finaliser: a cheap, well-mixing 32-bit hash.
inline std::uint32_t mix32(std::uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

// FNV-1a over the bytes of a word: the word's identity for weight init, so a
// word starts from the same vector whatever its rank or the thread count.
inline std::uint32_t hashWord(const char* bytes, std::size_t length) {
  std::uint32_t h = 0x811c9dc5u;
  for (std::size_t i = 0; i < length; ++i) {
    h ^= static_cast<unsigned char>(bytes[i]);
    h *= 0x01000193u;
  }
  return h;
}

// The seed of one random stream (a thread, or a word's initial vector).
inline std::uint32_t streamSeed(std::uint32_t seed, std::uint32_t stream) {
  return mix32(seed ^ mix32(stream + 0x9e3779b9u));
}

// The stream of one training thread in one epoch (1-based, counted over the
// model's life, so a run resumed from a checkpoint draws what an
// uninterrupted run would have drawn).
inline std::uint32_t trainingStreamSeed(std::uint32_t seed, std::uint32_t epoch, std::uint32_t thread) {
  return streamSeed(streamSeed(mix32(seed ^ 0x68e31da4u), epoch), thread);
}

// The stream of the same thread's negative draws in that epoch: apart from
// the main stream (subsampling, window spans), so that a center's negatives
// can be drawn one center ahead of their use without changing any draw.
inline std::uint32_t negativeStreamSeed(std::uint32_t seed, std::uint32_t epoch, std::uint32_t thread) {
  return streamSeed(trainingStreamSeed(seed, epoch, thread), 0x6e656721u);
}

// xoshiro128**: fast, small state, good statistical quality.
class Random {
 public:
  explicit Random(std::uint32_t seed) {
    // Fill the state with splitmix32 outputs (never all zero).
    std::uint32_t x = seed;
    for (std::uint32_t& s : state_) {
      x += 0x9e3779b9u;
      s = mix32(x);
    }
  }

  std::uint32_t next() {
    const std::uint32_t result = rotl(state_[1] * 5u, 7) * 9u;
    const std::uint32_t t = state_[1] << 9;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 11);
    return result;
  }

  // Uniform in [0, 1) with 24 random bits: exact as float and double alike.
  double uniform() { return static_cast<double>(next() >> 8) * (1.0 / 16777216.0); }

  // Uniform in [0, 2^32) / 2^32 with all 32 bits, for alias-table thresholds.
  double uniform32() { return static_cast<double>(next()) * (1.0 / 4294967296.0); }

  // Uniform integer in [0, n): floor(next * n / 2^32), no division.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next()) * n) >> 32);
  }

 private:
  static std::uint32_t rotl(std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  std::uint32_t state_[4];
};

}  // namespace hogvec
