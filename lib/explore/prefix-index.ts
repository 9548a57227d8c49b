/**
 * Completion of vocabulary words by prefix, on the server: the page never
 * receives the vocabulary. The rows are sorted once by word (UTF-16 code
 * units, so every prefix's words form one contiguous run); a query finds the
 * run by binary search and returns its most frequent words (the lowest rows).
 */

/** Vocabulary words by prefix. */
export class PrefixIndex {
  readonly #words: readonly string[];
  readonly #sorted: Uint32Array;

  /** Sorts the rows of `words` (a million words take a second or two, once). */
  constructor(words: readonly string[]) {
    this.#words = words;
    const rows = new Uint32Array(words.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    // Code-unit order, not localeCompare: it is what startsWith agrees with, and far quicker.
    rows.sort((a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : a - b));
    this.#sorted = rows;
  }

  /**
   * Up to `limit` words that start with `prefix`, most frequent (lowest
   * row) first. Scans only the words that match; an empty prefix gives the
   * most frequent words.
   */
  complete(prefix: string, limit: number): string[] {
    if (limit < 1) return [];
    // Every word matches: the first rows are the most frequent, no scan needed.
    if (prefix === '') return this.#words.slice(0, limit);
    const start = this.#lowerBound(prefix);
    const best: number[] = [];
    for (let k = start; k < this.#sorted.length; k++) {
      const row = this.#sorted[k];
      if (!this.#words[row].startsWith(prefix)) break;
      if (best.length < limit) {
        insertSorted(best, row);
      } else if (row < best[limit - 1]) {
        best.pop();
        insertSorted(best, row);
      }
    }
    return best.map((row) => this.#words[row]);
  }

  /** Whether some word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const k = this.#lowerBound(prefix);
    return k < this.#sorted.length && this.#words[this.#sorted[k]].startsWith(prefix);
  }

  // The first position whose word is >= prefix.
  #lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#words[this.#sorted[mid]] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// Keeps `rows` ascending (it holds at most `limit` entries, a few dozen).
function insertSorted(rows: number[], row: number): void {
  let i = rows.length;
  while (i > 0 && rows[i - 1] > row) i--;
  rows.splice(i, 0, row);
}
