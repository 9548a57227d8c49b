/**
 * test/fixtures/gensim: evaluation sets, a corpus and vector files that other
 * tools wrote, copied from gensim's test data (see its README.md for their
 * origins and licences), so that a clone runs every test.
 */
import * as path from 'node:path';

/** The folder, resolved from this file. */
export const SHARED_DATA = path.resolve(__dirname, '..', 'fixtures', 'gensim');

/** A path inside test/fixtures/gensim, e.g. sharedData('eval', 'wordsim353.tsv'). */
export function sharedData(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}
