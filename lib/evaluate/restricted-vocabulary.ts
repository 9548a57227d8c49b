/**
 * gensim's ok_vocab: the vocabulary an evaluation uses, the first (most
 * frequent) `limit` words, keyed in upper case when case-insensitive.
 */
import type { WordVectors } from '../vectors';

/** The restricted vocabulary: each row's key, and the row of each key. */
export interface RestrictedVocabulary {
  /** keys[row]: the word of each row below the limit, upper-cased when case-insensitive. */
  keys: string[];
  /** The row of each key; when case variants collide, the first (most frequent) row. */
  rows: Map<string, number>;
}

/** The first `limit` words of `wv` (limit <= wv.size). */
export function restrictedVocabulary(wv: WordVectors, limit: number, caseInsensitive: boolean): RestrictedVocabulary {
  const keys = new Array<string>(limit);
  const rows = new Map<string, number>();
  const words = wv.words;
  for (let i = 0; i < limit; i++) {
    const key = caseInsensitive ? words[i].toUpperCase() : words[i];
    keys[i] = key;
    if (!rows.has(key)) rows.set(key, i);
  }
  return { keys, rows };
}
