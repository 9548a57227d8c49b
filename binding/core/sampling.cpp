#include "sampling.h"

#include <cmath>

namespace hogvec {

// Vose's alias method. The construction order is part of the contract: the
// TypeScript reference (lib/reference/sampling.ts) builds the same table.
NegativeSampler::NegativeSampler(const std::vector<std::uint64_t>& counts, double exponent) {
  const std::size_t n = counts.size();
  std::vector<double> threshold(n, 1.0);
  std::vector<std::uint32_t> alias(n);
  std::vector<double> scaled(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = std::pow(static_cast<double>(counts[i]), exponent);
    total += scaled[i];
  }
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = scaled[i] * static_cast<double>(n) / total;
    alias[i] = static_cast<std::uint32_t>(i);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    large.pop_back();
    threshold[s] = scaled[s];
    alias[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    (scaled[l] < 1.0 ? small : large).push_back(l);
  }
  // What is left has probability 1 up to rounding.
  for (std::uint32_t i : small) threshold[i] = 1.0;
  for (std::uint32_t i : large) threshold[i] = 1.0;
  columns_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double keepBelow = std::ceil(threshold[i] * 4294967296.0);
    const auto word = static_cast<std::uint32_t>(i);
    if (keepBelow >= 4294967296.0) columns_[i] = {0xFFFFFFFFu, word};
    else columns_[i] = {static_cast<std::uint32_t>(keepBelow), alias[i]};
  }
}

double NegativeSampler::probability(std::uint32_t word) const {
  const double n = static_cast<double>(columns_.size());
  double p = 0;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const Column& c = columns_[i];
    const bool self = c.alias == i;
    const double keep = self ? 1.0 : c.keepBelow / 4294967296.0;
    if (i == word) p += keep / n;
    if (c.alias == word && !self) p += (1.0 - keep) / n;
  }
  return p;
}

std::vector<double> subsamplingKeepProbabilities(const std::vector<std::uint64_t>& counts, double sample) {
  std::vector<double> keep(counts.size(), 1.0);
  if (sample <= 0) return keep;
  double total = 0;
  for (std::uint64_t c : counts) total += static_cast<double>(c);
  const double threshold = sample * total;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double f = static_cast<double>(counts[i]);
    keep[i] = (std::sqrt(f / threshold) + 1.0) * threshold / f;
  }
  return keep;
}

}  // namespace hogvec
