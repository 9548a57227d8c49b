/**
 * The word2vec file formats (the C tool's text and binary formats, which
 * gensim and fastText read and write): loading WordVectors (they save
 * themselves: WordVectors.save).
 * The native core (binding/core/vectors_io.h) does the work on a worker
 * thread, streaming the file; loaded vectors stay in native memory.
 */
import { withCallerStack } from './errors';
import { native } from './native';
import { checkOptions, filePathArgument, integer, oneOf } from './validate';
import { WordVectors } from './vectors';

/** The word2vec file formats. */
export type VectorsFormat = 'binary' | 'text';

/** Options of WordVectors.save. */
export interface SaveVectorsOptions {
  /** 'binary' (default) or 'text'. */
  format?: VectorsFormat;
}

/** Options of loadVectors. */
export interface LoadVectorsOptions {
  /** Load only the first N words (the most frequent ones in most files), as gensim's limit. */
  limit?: number;
  /**
   * 'auto' (default) tells text from binary by the bytes after the first word;
   * pass the format to skip the guess (advisable for 1-dimensional vectors).
   */
  format?: VectorsFormat | 'auto';
}

const LOAD_RULES = { limit: integer(1), format: oneOf(['auto', 'binary', 'text']) };

/**
 * Loads word vectors from a word2vec text file (the C tool's, gensim's, or
 * fastText's .vec) or binary file. The file is streamed on a worker thread
 * into one matrix, so a multi-gigabyte file neither blocks the event loop
 * nor passes through a JS string. A damaged file (bad header, truncation,
 * a line with the wrong number of values, a value that is not a number,
 * fewer words than the header promises) is rejected with an Error naming the
 * file and the line, or the entry and byte offset. A word that occurs twice
 * keeps both rows; lookups find the first, as in gensim.
 *
 * @example
 *   const wv = await loadVectors('GoogleNews-vectors-negative300.bin', { limit: 200_000 });
 */
export async function loadVectors(file: string, options: LoadVectorsOptions = {}): Promise<WordVectors> {
  const path = filePathArgument('file', file);
  const { limit, format = 'auto' } = checkOptions(options, LOAD_RULES);
  const loaded = await withCallerStack(native().loadVectors(path, { limit, format }));
  // One split per chunk is far cheaper than a native string per word.
  const words =
    loaded.wordChunks.length === 1 ? loaded.wordChunks[0].split(' ') : loaded.wordChunks.flatMap((c) => c.split(' '));
  if (words.length !== loaded.count)
    throw new Error(`hogvec: the loader returned ${words.length} words for ${loaded.count} rows`);
  return new WordVectors(words, loaded.vectors, loaded.dim);
}
