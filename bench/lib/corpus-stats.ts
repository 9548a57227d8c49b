/**
 * Corpus statistics kept in a `<corpus>.stats.json` sidecar, so benchmarks
 * know the token count (the numerator of words/s) without re-reading a large
 * file, and can tell when a cached corpus no longer matches what they want.
 */
import * as fs from 'node:fs';

export interface CorpusStats {
  /** Whitespace-separated tokens (newlines are not tokens). */
  tokens: number;
  lines: number;
  bytes: number;
  /** Distinct tokens. */
  types: number;
  /** Distinct tokens seen at least 5 times (the usual minCount). */
  typesMinCount5: number;
  /** Share of tokens taken by the most frequent type. */
  topTypeShare: number;
  /** How the corpus was made (generator kind and parameters, or source). */
  source: Record<string, unknown>;
  /** Wall seconds taken to write the corpus. */
  seconds?: number;
}

export function statsPath(corpus: string): string {
  return `${corpus}.stats.json`;
}

export function writeStats(corpus: string, stats: CorpusStats): void {
  fs.writeFileSync(statsPath(corpus), JSON.stringify(stats, null, 2) + '\n');
}

/**
 * The sidecar, if it exists and still describes the file (same byte size);
 * otherwise undefined.
 */
export function readStats(corpus: string): CorpusStats | undefined {
  try {
    const stats = JSON.parse(fs.readFileSync(statsPath(corpus), 'utf8')) as CorpusStats;
    return stats.bytes === fs.statSync(corpus).size ? stats : undefined;
  } catch {
    return undefined;
  }
}

/** Counts tokens and types by streaming the file (for corpora without a sidecar). */
export async function countCorpus(corpus: string): Promise<CorpusStats> {
  const { counts, tokens, lines } = await countTypes(corpus);
  const summary = summarizeCounts(counts.values(), tokens);
  return { tokens, lines, bytes: fs.statSync(corpus).size, ...summary, source: { file: corpus } };
}

/** Every type's count, streaming the file. */
export async function countTypes(
  corpus: string,
): Promise<{ counts: Map<string, number>; tokens: number; lines: number }> {
  const counts = new Map<string, number>();
  let tokens = 0;
  let lines = 0;
  let carry = '';
  const countText = (text: string): void => {
    for (const tok of text.split(/[ \t\r\f\v]+/)) {
      if (tok.length === 0) continue;
      tokens++;
      counts.set(tok, (counts.get(tok) ?? 0) + 1);
    }
  };
  for await (const chunk of fs.createReadStream(corpus, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    const lastNl = text.lastIndexOf('\n');
    if (lastNl < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(lastNl + 1);
    for (const line of text.slice(0, lastNl).split('\n')) {
      lines++;
      countText(line);
    }
  }
  if (carry.length > 0) {
    lines++;
    countText(carry);
  }
  return { counts, tokens, lines };
}

/** types, types with count >= 5, and the top type's share, from per-type counts. */
export function summarizeCounts(
  counts: Iterable<number>,
  tokens: number,
): { types: number; typesMinCount5: number; topTypeShare: number } {
  let types = 0;
  let typesMinCount5 = 0;
  let top = 0;
  for (const c of counts) {
    if (c <= 0) continue;
    types++;
    if (c >= 5) typesMinCount5++;
    if (c > top) top = c;
  }
  return { types, typesMinCount5, topTypeShare: tokens > 0 ? top / tokens : 0 };
}

/** The sidecar, or a fresh count (written back as a sidecar for next time). */
export async function corpusStats(corpus: string): Promise<CorpusStats> {
  const cached = readStats(corpus);
  if (cached) return cached;
  const stats = await countCorpus(corpus);
  writeStats(corpus, stats);
  return stats;
}
