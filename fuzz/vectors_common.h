// The body of the vectors-loader fuzz targets (vectors_text.cpp and
// vectors_binary.cpp set HOGVEC_FUZZ_FORMAT): the input is a word2vec file.
// Beyond "no crash, no sanitizer report", it checks what a caller relies on:
// a successful load has count x dim values and consistent words; a limited
// load is a prefix of the full one; save -> load gives back the same words
// and bit-identical floats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "vectors_io.h"

namespace {

using hogvec::LoadedVectors;
using hogvec::LoadVectorsOptions;
using hogvec::VectorsFileError;
using hogvec::VectorsFormat;

bool tryLoad(const std::string& path, VectorsFormat format, std::uint64_t limit, LoadedVectors* out) {
  LoadVectorsOptions options;
  options.format = format;
  options.limit = limit;
  try {
    *out = hogvec::loadVectors(path, options);
    return true;
  } catch (const VectorsFileError& e) {
    // Every rejection names the file.
    FUZZ_CHECK(std::string(e.what()).find(path) != std::string::npos);
    return false;
  }
}

void checkShape(const LoadedVectors& v, VectorsFormat expected) {
  FUZZ_CHECK(v.format == expected);
  FUZZ_CHECK(v.dim >= 1 && v.dim <= hogvec::kMaxVectorsDim);
  FUZZ_CHECK(v.wordEnds.empty() || v.wordEnds.back() == v.wordBytes.size());
  for (std::size_t i = 1; i < v.size(); ++i) FUZZ_CHECK(v.wordEnds[i - 1] <= v.wordEnds[i]);
  FUZZ_CHECK((v.values != nullptr) == (v.size() > 0));
  // Touch every value: ASan reports it if the matrix is smaller than count x dim.
  volatile float sink = 0;
  for (std::size_t i = 0; i < v.size() * v.dim; ++i) sink = sink + v.values[i];
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string_view w = v.word(i);
    if (expected == VectorsFormat::Text) {
      FUZZ_CHECK(!w.empty());
      for (char c : w) FUZZ_CHECK(!(c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'));
    }
    FUZZ_CHECK(w.size() <= hogvec::kMaxVectorsWordBytes);
  }
}

bool savable(const LoadedVectors& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string_view w = v.word(i);
    if (w.empty()) return false;
    for (char c : w)
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') return false;
  }
  return true;
}

void roundTrip(const LoadedVectors& v, VectorsFormat format) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < v.size(); ++i) words.emplace_back(v.word(i));
  const std::string target = (fuzz::scratchFolder() / "round-trip.vec").string();
  hogvec::saveVectors(target, words, v.values.get(), v.dim, format);
  LoadedVectors back;
  FUZZ_CHECK(tryLoad(target, format, 0, &back));
  FUZZ_CHECK(back.dim == v.dim && back.size() == v.size() && back.wordBytes == v.wordBytes);
  for (std::size_t i = 0; i < v.size() * v.dim; ++i) {
    if (format == VectorsFormat::Binary) {
      FUZZ_CHECK(std::memcmp(&back.values[i], &v.values[i], sizeof(float)) == 0);
    } else {
      FUZZ_CHECK(fuzz::sameFloat(back.values[i], v.values[i]));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemoryFile file("hogvec-vectors");
  const std::string& path = file.write(data, size);
  const VectorsFormat format = VectorsFormat::HOGVEC_FUZZ_FORMAT;

  // Auto-detection must never crash, whatever it decides.
  LoadedVectors detected;
  if (tryLoad(path, VectorsFormat::Auto, 0, &detected)) checkShape(detected, detected.format);

  LoadedVectors full;
  if (!tryLoad(path, format, 0, &full)) return 0;
  checkShape(full, format);
  if (full.size() > 0) {
    LoadedVectors first;
    FUZZ_CHECK(tryLoad(path, format, 1, &first));
    checkShape(first, format);
    FUZZ_CHECK(first.size() == 1 && first.word(0) == full.word(0));
    for (std::size_t k = 0; k < full.dim; ++k) FUZZ_CHECK(std::memcmp(&first.values[k], &full.values[k], 4) == 0);
  }
  if (savable(full)) roundTrip(full, format);
  return 0;
}
