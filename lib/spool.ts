/**
 * Spools a corpus given as token arrays (an Iterable or AsyncIterable) to a
 * temporary file, one sentence a line, so that the native trainer streams it
 * like any file. The caller removes it with `dispose()`, also on error or abort.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { abortError, invalidOptionError } from './errors';

/** A spooled corpus file and how to remove it. */
export interface SpooledCorpus {
  readonly path: string;
  dispose(): Promise<void>;
}

// ASCII whitespace separates tokens in corpus files, so a token must not hold any.
const CORPUS_SPACE = /[ \t\n\v\f\r]/;

function checkSentence(sentence: unknown, index: number): readonly string[] {
  if (!Array.isArray(sentence)) {
    throw invalidOptionError(`corpus sentence ${index}`, 'an array of token strings', sentence, 'type');
  }
  for (let i = 0; i < sentence.length; i++) {
    const token: unknown = sentence[i];
    if (typeof token !== 'string' || token === '' || CORPUS_SPACE.test(token)) {
      throw invalidOptionError(
        `corpus sentence ${index} token ${i}`,
        'a non-empty string without whitespace',
        token,
        typeof token === 'string' ? 'range' : 'type',
      );
    }
  }
  return sentence as readonly string[];
}

/** Writes every sentence of `source` to a new temporary file. */
export async function spoolCorpus(
  source: Iterable<readonly string[]> | AsyncIterable<readonly string[]>,
  signal?: AbortSignal,
): Promise<SpooledCorpus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hogvec-'));
  const file = path.join(dir, 'corpus.txt');
  const dispose = () => rm(dir, { recursive: true, force: true });
  async function* lines() {
    let index = 0;
    for await (const sentence of source as AsyncIterable<readonly string[]>) {
      if (signal?.aborted) throw abortError(signal.reason);
      yield `${checkSentence(sentence, index++).join(' ')}\n`;
    }
  }
  try {
    // pipeline handles backpressure and tears the stream down on any error.
    await pipeline(lines, createWriteStream(file));
    return { path: file, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
