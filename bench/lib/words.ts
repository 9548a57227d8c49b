/**
 * Synthetic words: index i becomes a unique lowercase string built from
 * consonant-vowel syllables in bijective base 105. Frequent (low) indices get
 * short words, like real text, and the strings stay pronounceable so nearest-
 * neighbour lists are readable. One-syllable words are skipped so that a
 * text8-shaped corpus has ~5.3 bytes a token (text8: 5.9), keeping the
 * tokenizer's share of the work realistic.
 */
const CONSONANTS = 'bcdfghjklmnpqrstvwxyz';
const VOWELS = 'aeiou';
const SYLLABLES: string[] = [];
for (const c of CONSONANTS) for (const v of VOWELS) SYLLABLES.push(c + v);
const BASE = SYLLABLES.length;

/** The word for index i >= 0; distinct indices give distinct words. */
export function wordForIndex(i: number): string {
  // Bijective numeration: no zero digit, so every syllable sequence is one index.
  let n = i + 1 + BASE;
  let s = '';
  while (n > 0) {
    n -= 1;
    s = SYLLABLES[n % BASE] + s;
    n = Math.floor(n / BASE);
  }
  return s;
}

/** UTF-8 bytes of the words for indices first..first+count-1. */
export function encodeWords(count: number, first = 0): Uint8Array[] {
  const out: Uint8Array[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = Buffer.from(wordForIndex(first + i), 'latin1');
  return out;
}
