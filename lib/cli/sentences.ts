/**
 * A text stream (standard input for `hogvec train -`) as sentences for
 * train(): one sentence a line, tokens split at ASCII whitespace, as the
 * trainer splits corpus files.
 */
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Yields each non-empty line of `input` as its tokens. When `signal` fires
 * the stream is closed, so that a run waiting for input (say a terminal with
 * no data yet) stops at once instead of at the next line.
 */
export async function* readSentences(input: Readable, signal?: AbortSignal): AsyncGenerator<string[]> {
  // Aborted before the first sentence was asked for: iterating a closed readline would never end.
  if (signal?.aborted) {
    input.destroy();
    return;
  }
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const stop = () => {
    lines.close();
    input.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const line of lines) {
      const tokens = line.split(/[ \t\n\v\f\r]+/).filter((t) => t !== '');
      if (tokens.length > 0) yield tokens;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    lines.close();
  }
}
