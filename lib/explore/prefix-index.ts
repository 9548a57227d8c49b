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
   * row) first; an empty prefix gives the most frequent words. Its cost is
   * bounded by the smaller of the number of matches and the number of rows
   * read in frequency order until `limit` matches turn up.
   */
  complete(prefix: string, limit: number): string[] {
    if (limit < 1) return [];
    const start = this.#lowerBound(prefix);
    const end = this.#endOfPrefix(prefix, start);
    const matches = end - start;
    if (matches === 0) return [];
    // Many matches (a short prefix): the most frequent words hold `limit` of them
    // within about limit * size / matches rows, far fewer than the matches.
    const size = this.#words.length;
    if (matches > limit && matches * matches > limit * size) {
      const found = this.#firstRowsWith(prefix, limit, Math.ceil((8 * limit * size) / matches));
      if (found !== undefined) return found;
    }
    const best: number[] = [];
    for (let k = start; k < end; k++) {
      const row = this.#sorted[k];
      if (best.length < limit) {
        insertSorted(best, row);
      } else if (row < best[limit - 1]) {
        best.pop();
        insertSorted(best, row);
      }
    }
    return best.map((row) => this.#words[row]);
  }

  // The first `limit` words in row order that start with `prefix`, reading at
  // most `budget` rows (undefined when the budget runs out first).
  #firstRowsWith(prefix: string, limit: number, budget: number): string[] | undefined {
    const found: string[] = [];
    const rows = Math.min(budget, this.#words.length);
    for (let row = 0; row < rows && found.length < limit; row++) {
      if (this.#words[row].startsWith(prefix)) found.push(this.#words[row]);
    }
    return found.length === limit ? found : undefined;
  }

  /** Whether some word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const k = this.#lowerBound(prefix);
    return k < this.#sorted.length && this.#words[this.#sorted[k]].startsWith(prefix);
  }

  // The first position after `start` whose word does not start with `prefix`.
  #endOfPrefix(prefix: string, start: number): number {
    let lo = start;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#words[this.#sorted[mid]].startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
