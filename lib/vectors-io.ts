/**
 * The word2vec file formats (the C tool's text and binary formats, which
 * gensim and fastText read and write): loading and saving WordVectors.
 * The native core (binding/core/vectors_io.h) does the work on a worker
 * thread, streaming the file; loaded vectors stay in native memory.
 */
import { native } from './native';
import { describeValue, invalidOptionError, withCallerStack } from './errors';
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

const LOAD_OPTION_NAMES = ['limit', 'format'] as const;

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
  checkFile(file);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptionError('options', 'plain object', options, 'type');
  }
  const unknown = Object.keys(options).filter((name) => !(LOAD_OPTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map(describeValue).join(', ')} for loadVectors; ` +
        `valid options are: ${LOAD_OPTION_NAMES.join(', ')}`,
    );
  }
  const { limit, format = 'auto' } = options;
  if (limit !== undefined) {
    if (typeof limit !== 'number') throw invalidOptionError('limit', 'integer >= 1', limit, 'type');
    if (!Number.isSafeInteger(limit) || limit < 1) throw invalidOptionError('limit', 'integer >= 1', limit);
  }
  if (format !== 'auto' && format !== 'binary' && format !== 'text') {
    throw invalidOptionError('format', "'auto', 'binary' or 'text'", format, typeof format === 'string' ? 'range' : 'type');
  }
  const loaded = await withCallerStack(native().loadVectors(file, { limit, format }));
  // One split per chunk is far cheaper than a native string per word.
  const words = loaded.wordChunks.length === 1 ? loaded.wordChunks[0].split(' ') : loaded.wordChunks.flatMap((c) => c.split(' '));
  if (words.length !== loaded.count) throw new Error(`hogvec: the loader returned ${words.length} words for ${loaded.count} rows`);
  return new WordVectors(words, loaded.vectors, loaded.dim);
}

/**
 * Writes vectors in a word2vec format: 'binary' (the default: a `count dim`
 * line, then each word, a space, dim little-endian float32 and '\n', as the
 * C tool writes) or 'text' (each float32 as the shortest decimal that reads
 * back as the same float32). Written on a worker thread to a temporary file
 * in the target's folder, then renamed over the target, so a failed save
 * never destroys the file that was there. Rejects empty words and words
 * holding whitespace, which the formats cannot represent.
 */
export async function saveVectors(wv: WordVectors, file: string, options: SaveVectorsOptions = {}): Promise<void> {
  checkFile(file);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptionError('options', 'plain object', options, 'type');
  }
  const format = options.format ?? 'binary';
  if (format !== 'binary' && format !== 'text') {
    throw invalidOptionError('format', "'binary' or 'text'", format, typeof format === 'string' ? 'range' : 'type');
  }
  const fromModel = modelSavers.get(wv);
  await withCallerStack(fromModel ? fromModel(file, format) : native().saveVectors(file, wv.words, wv.vectors, wv.dim, format));
}

// Word vectors that are a trained model's input matrix save straight from the
// model's native vocabulary, without a JS string per word.
const modelSavers = new WeakMap<WordVectors, (file: string, format: VectorsFormat) => Promise<void>>();

/** @internal Word2Vec registers its word vectors here (see modelSavers). */
export function saveFromModel(wv: WordVectors, save: (file: string, format: VectorsFormat) => Promise<void>): void {
  modelSavers.set(wv, save);
}

function checkFile(file: unknown): void {
  if (typeof file !== 'string' || file === '') {
    throw invalidOptionError('file', 'non-empty string (a path)', file, 'type');
  }
}
