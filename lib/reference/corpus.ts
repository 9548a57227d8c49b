/**
 * Corpus tokens and the vocabulary, as binding/core/corpus.cpp and vocab.cpp
 * make them (docs/training.md, "Vocabulary"), for a whole corpus held in
 * memory (the reference is for small corpora). Words are byte strings: they
 * are compared, hashed and sorted by their bytes, never decoded; strings
 * (UTF-8 decoded) appear only in the API.
 */

/** Tokens longer than this many bytes are cut, at a UTF-8 character boundary. */
export const MAX_TOKEN_BYTES = 1024;

/** Whether a byte is ASCII whitespace of the corpus format: space, \t, \n, \v, \f, \r. */
export function isCorpusSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

/**
 * After a cut: drops a UTF-8 sequence left incomplete at the end, when the
 * tail is UTF-8 at all (other bytes are left as they are). Returns a view.
 */
export function dropPartialUtf8Tail(token: Uint8Array): Uint8Array {
  let lead = token.length;
  while (lead > 0 && (token[lead - 1] & 0xc0) === 0x80) lead--;
  if (lead === 0) return token;
  const first = token[lead - 1];
  const expected = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return token.length - (lead - 1) < expected ? token.subarray(0, lead - 1) : token;
}

/** A sentence end in the output of {@link tokenizeCorpus}. */
export const SENTENCE_END = null;

/**
 * The token stream of a corpus: each token's bytes (views into `bytes`), and
 * {@link SENTENCE_END} (null) for every newline. Tokens are runs of
 * non-whitespace bytes; a token over {@link MAX_TOKEN_BYTES} bytes keeps its
 * first 1,024 bytes minus an incomplete UTF-8 sequence at their end (the rest
 * of it is skipped). NUL and invalid UTF-8 are ordinary bytes.
 */
export function tokenizeCorpus(bytes: Uint8Array): (Uint8Array | null)[] {
  const out: (Uint8Array | null)[] = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (isCorpusSpace(c)) {
      i++;
      if (c === 0x0a) out.push(SENTENCE_END);
      continue;
    }
    const start = i;
    while (i < n && !isCorpusSpace(bytes[i])) i++;
    const token = bytes.subarray(start, i);
    out.push(token.length > MAX_TOKEN_BYTES ? dropPartialUtf8Tail(token.subarray(0, MAX_TOKEN_BYTES)) : token);
  }
  return out;
}

/** A lossless string key for a byte string (latin1 maps each byte to one code unit). */
function keyOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Counts words in a table of at most `maxSize` distinct words. When one more
 * arrives, every word with count <= minReduce is removed and minReduce (from
 * 1) goes up by one, repeatedly until the table fits (word2vec.c's
 * ReduceVocab, as VocabularyCounter::prune does it).
 */
export class VocabularyCounter {
  /** Byte-string key (latin1) to count, in insertion order. */
  private readonly table = new Map<string, number>();
  private minReduce = 1;
  private tokens = 0;
  private pruned = 0;

  /**
   * @param maxSize the bound on distinct words held, an integer >= 1.
   * @throws Error if maxSize is not a positive integer.
   */
  constructor(readonly maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new Error(`Expected a positive integer for maxSize but received ${String(maxSize)}`);
    }
  }

  /** Counts one occurrence of a word, pruning if the table grows past maxSize. */
  add(word: Uint8Array): void {
    this.tokens++;
    const key = keyOf(word);
    this.table.set(key, (this.table.get(key) ?? 0) + 1);
    if (this.table.size > this.maxSize) this.prune();
  }

  private prune(): void {
    do {
      for (const [key, count] of this.table) if (count <= this.minReduce) this.table.delete(key);
      this.minReduce++;
      this.pruned++;
    } while (this.table.size > this.maxSize);
  }

  /** Tokens counted, kept or pruned. */
  get totalTokens(): number {
    return this.tokens;
  }

  /** Distinct words held now. */
  get distinct(): number {
    return this.table.size;
  }

  /** How many times pruning ran (0 when the bound was never reached). */
  get prunings(): number {
    return this.pruned;
  }

  /** The words held, as [bytes, count], in insertion order. */
  entries(): [Uint8Array, number][] {
    return [...this.table].map(([key, count]) => [new Uint8Array(Buffer.from(key, 'latin1')), count]);
  }
}

/** Options of {@link buildVocabulary}. */
export interface VocabularyOptions {
  /** Words counted fewer times are dropped (default 5). */
  minCount?: number;
  /** The bound of the counting table (default 10,000,000). */
  maxVocabSize?: number;
}

/**
 * A vocabulary in training order: count descending, ties by the words'
 * bytes (unsigned, shorter first on a common prefix, as memcmp and
 * Buffer.compare order them).
 */
export class CorpusVocabulary {
  /** Each word's UTF-8 decoding (invalid bytes become U+FFFD). */
  readonly words: string[];
  /** Each word's bytes, the word's identity. */
  readonly bytes: Uint8Array[];
  /** Each word's count. */
  readonly counts: number[];
  /** Sum of the counts (N of the subsampling rule and the schedule). */
  readonly totalCount: number;
  /** Tokens counted, in the vocabulary or not. */
  readonly corpusTokens: number;
  private readonly index = new Map<string, number>();

  /**
   * The vocabulary of a counter: words with count >= minCount, sorted.
   *
   * @throws Error if minCount is not a positive integer.
   */
  constructor(counter: VocabularyCounter, minCount: number) {
    if (!Number.isInteger(minCount) || minCount < 1) {
      throw new Error(`Expected a positive integer for minCount but received ${String(minCount)}`);
    }
    const kept = counter.entries().filter(([, count]) => count >= minCount);
    kept.sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : Buffer.compare(a[0], b[0])));
    this.bytes = kept.map(([bytes]) => bytes);
    this.counts = kept.map(([, count]) => count);
    this.words = this.bytes.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8'));
    this.bytes.forEach((b, i) => this.index.set(keyOf(b), i));
    this.totalCount = this.counts.reduce((s, c) => s + c, 0);
    this.corpusTokens = counter.totalTokens;
  }

  /** The number of words. */
  get size(): number {
    return this.counts.length;
  }

  /** The index of a word given by its bytes, or -1. */
  find(word: Uint8Array): number {
    return this.index.get(keyOf(word)) ?? -1;
  }
}

/**
 * Counts the vocabulary of a corpus's bytes (every token, sentence ends
 * ignored) and keeps the words with count >= minCount, in training order.
 */
export function buildVocabulary(bytes: Uint8Array, options: VocabularyOptions = {}): CorpusVocabulary {
  const counter = new VocabularyCounter(options.maxVocabSize ?? 10_000_000);
  for (const token of tokenizeCorpus(bytes)) if (token !== SENTENCE_END) counter.add(token);
  return new CorpusVocabulary(counter, options.minCount ?? 5);
}
