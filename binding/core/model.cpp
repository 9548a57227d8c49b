#include "model.h"

#include "random.h"

namespace hogvec {

const char* architectureName(Architecture architecture) {
  return architecture == Architecture::Cbow ? "cbow" : "skip-gram";
}

bool parseArchitecture(std::string_view name, Architecture* out) {
  if (name == "skip-gram") *out = Architecture::SkipGram;
  else if (name == "cbow") *out = Architecture::Cbow;
  else return false;
  return true;
}

const char* lossName(LossKind loss) {
  switch (loss) {
    case LossKind::HierarchicalSoftmax: return "hierarchical-softmax";
    case LossKind::Softmax: return "softmax";
    default: return "negative-sampling";
  }
}

bool parseLossKind(std::string_view name, LossKind* out) {
  if (name == "negative-sampling") *out = LossKind::NegativeSampling;
  else if (name == "hierarchical-softmax") *out = LossKind::HierarchicalSoftmax;
  else if (name == "softmax") *out = LossKind::Softmax;
  else return false;
  return true;
}

void initializeEmbeddings(Embeddings& model, std::uint32_t seed) {
  const std::size_t words = model.vocab.size(), dim = model.dim;
  model.input = RowMatrix(words, dim);
  model.output = RowMatrix(model.outputRows(), dim);
  for (std::uint32_t w = 0; w < words; ++w) {
    const auto word = model.vocab.word(w);
    Random rng(streamSeed(seed, hashWord(word.data(), word.size())));
    float* row = model.input.data() + std::size_t(w) * dim;
    for (std::size_t i = 0; i < dim; ++i) row[i] = static_cast<float>((rng.uniform() - 0.5) / static_cast<double>(dim));
  }
}

}  // namespace hogvec
