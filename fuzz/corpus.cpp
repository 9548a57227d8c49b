// libFuzzer target: the corpus tokenizer (binding/core/corpus.h) and the
// bounded vocabulary counter (binding/core/vocab.h). The input is a corpus
// file. Checked on every input:
//   - every token is non-empty, at most kMaxTokenBytes, and holds no ASCII
//     whitespace; a token is the file's whitespace-separated run of bytes, or
//     (only when that run is longer than kMaxTokenBytes) a prefix of it;
//   - the events do not depend on the read buffer's size (chunk boundaries);
//   - split into 2..5 shards, the shards' tokens and sentence ends, in order,
//     are exactly the whole file's (each token belongs to one shard);
//   - a counter bounded to a few words never holds more than its bound, and
//     without pruning it counts exactly.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.h"
#include "fuzz_util.h"
#include "vocab.h"

namespace {

using hogvec::TokenReader;

struct Event {
  bool sentenceEnd;
  std::string token;
  bool operator==(const Event& o) const { return sentenceEnd == o.sentenceEnd && token == o.token; }
};

std::vector<Event> readAll(const std::string& path, hogvec::ByteRange range, std::size_t bufferBytes) {
  TokenReader reader(path, range, bufferBytes);
  std::vector<Event> events;
  std::string_view token;
  for (TokenReader::Event e; (e = reader.next(&token)) != TokenReader::Event::Done;) {
    if (e == TokenReader::Event::SentenceEnd) events.push_back({true, std::string()});
    else events.push_back({false, std::string(token)});
  }
  return events;
}

// The file's whitespace-separated runs and newlines, uncut (the oracle).
std::vector<Event> reference(const std::uint8_t* data, std::size_t size) {
  std::vector<Event> events;
  std::size_t i = 0;
  while (i < size) {
    if (hogvec::isCorpusSpace(data[i])) {
      if (data[i] == '\n') events.push_back({true, std::string()});
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < size && !hogvec::isCorpusSpace(data[i])) ++i;
    events.push_back({false, std::string(reinterpret_cast<const char*>(data) + start, i - start)});
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemoryFile file("hogvec-corpus");
  const std::string& path = file.write(data, size);
  FUZZ_CHECK(hogvec::corpusFileSize(path) == size);

  const std::vector<Event> whole = readAll(path, {0, size}, size + 1);  // the whole file in one buffer
  const std::vector<Event> expected = reference(data, size);
  FUZZ_CHECK(whole.size() == expected.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    FUZZ_CHECK(whole[i].sentenceEnd == expected[i].sentenceEnd);
    if (whole[i].sentenceEnd) continue;
    const std::string& token = whole[i].token;
    const std::string& run = expected[i].token;
    FUZZ_CHECK(!token.empty() && token.size() <= hogvec::kMaxTokenBytes);
    FUZZ_CHECK(run.compare(0, token.size(), token) == 0);  // a prefix of the run
    if (run.size() <= hogvec::kMaxTokenBytes) FUZZ_CHECK(token == run);
    else FUZZ_CHECK(token.size() + 3 >= hogvec::kMaxTokenBytes);  // cut at most a partial UTF-8 character
  }

  // Tiny buffers put chunk boundaries everywhere.
  const std::size_t smallBuffer = 1 + (size == 0 ? 0 : data[size - 1] % 64);
  FUZZ_CHECK(readAll(path, {0, size}, smallBuffer) == whole);

  // Shards together read exactly what one reader reads.
  const unsigned shards = 2 + static_cast<unsigned>(size % 4);
  std::vector<Event> joined;
  for (unsigned s = 0; s < shards; ++s) {
    const std::vector<Event> part =
        readAll(path, hogvec::shardRange(size, s, shards), s % 2 == 0 ? size + 1 : smallBuffer);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  FUZZ_CHECK(joined == whole);

  // The bounded counter.
  const std::size_t bound = 4;
  hogvec::VocabularyCounter counter(bound);
  std::map<std::string, std::uint64_t> exact;
  std::uint64_t tokens = 0;
  for (const Event& e : whole) {
    if (e.sentenceEnd) continue;
    counter.add(e.token);
    ++exact[e.token];
    ++tokens;
    FUZZ_CHECK(counter.distinct() <= bound);
  }
  FUZZ_CHECK(counter.totalTokens() == tokens);
  const hogvec::Vocabulary vocab(counter, 1);
  FUZZ_CHECK(vocab.size() <= bound);
  for (std::uint32_t w = 0; w < vocab.size(); ++w) {
    FUZZ_CHECK(vocab.find(vocab.word(w)) == w);
    if (w > 0) FUZZ_CHECK(vocab.counts()[w - 1] >= vocab.counts()[w]);
    if (counter.prunings() == 0) FUZZ_CHECK(vocab.counts()[w] == exact[std::string(vocab.word(w))]);
  }
  if (counter.prunings() == 0) FUZZ_CHECK(vocab.size() == exact.size());
  return 0;
}
