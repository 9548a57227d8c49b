/**
 * Nearest-neighbour query latency: a deterministic random matrix (1M x 300
 * by default, 1.2 GB of float32) in memory, normalised once, then timed
 * queries through the public API (WordVectors.mostSimilar and the 3CosMul
 * analogy) and through the native search directly (one thread; a block of
 * queries in one pass). A query is one pass over the matrix, so it is
 * memory-bound: the effective bandwidth is matrix bytes / median latency.
 * Prints a table; writes bench/out/search.json.
 *
 *   node --import tsx bench/search.ts [--rows 1000000] [--dim 300] [--queries 20]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { simdInfo, WordVectors } from '../lib/index';
import { native } from '../lib/native';
import { Random } from '../lib/reference/random';
import { Flags } from './lib/flags';
import { machineInfo } from './lib/machine';
import { ensureOut } from './lib/paths';
import { fmtNum, median, table } from './lib/stats';

const USAGE = 'Usage: node --import tsx bench/search.ts [flags]';

/** Milliseconds one call takes. */
function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface Row {
  what: string;
  medianMs: number;
  minMs: number;
  /** Matrix bytes / median latency (per query for a batch: its share of the pass). */
  gbPerSecond: number;
}

function main(): void {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      rows: { kind: 'number', help: 'words in the matrix', default: 1_000_000 },
      dim: { kind: 'number', help: 'dimension', default: 300 },
      queries: { kind: 'number', help: 'timed queries per measurement', default: 20 },
      topK: { kind: 'number', help: 'answers per query', default: 10 },
      seed: { kind: 'number', help: 'matrix and query seed', default: 1 },
    },
    USAGE,
  );
  const rows = f.number('rows')!;
  const dim = f.number('dim')!;
  const queries = f.number('queries')!;
  const topK = f.number('topK')!;
  const rng = new Random(f.number('seed')!);
  const bytes = rows * dim * 4;

  process.stdout.write(`generating ${rows.toLocaleString('en-US')} x ${dim} (${(bytes / 1e9).toFixed(2)} GB)...\n`);
  const matrix = new Float32Array(rows * dim);
  for (let i = 0; i < matrix.length; i++) matrix[i] = rng.uniform32() * 2 - 1;
  const words = Array.from({ length: rows }, (_, i) => `w${i}`);
  const wv = new WordVectors(words, matrix, dim);
  const pick = () => words[rng.below(rows)];

  // The first query normalises the matrix (once); it is reported on its own.
  const normaliseMs = timeMs(() => wv.mostSimilar(pick(), { topK }));

  const results: Row[] = [];
  const measure = (what: string, perCall: number, fn: () => unknown) => {
    const times = Array.from({ length: queries }, () => timeMs(fn) / perCall);
    const med = median(times);
    results.push({ what, medianMs: med, minMs: Math.min(...times), gbPerSecond: bytes / 1e9 / (med / 1e3) });
  };

  measure('mostSimilar(word)', 1, () => wv.mostSimilar(pick(), { topK }));
  measure('mostSimilar(+2 -1 words)', 1, () =>
    wv.mostSimilar({ positive: [pick(), pick()], negative: [pick()], topK }),
  );
  measure('analogy 3CosMul', 1, () => wv.analogy(pick(), pick(), pick(), { method: '3CosMul', topK }));

  // The native search under the API: one thread, and a block of queries per pass.
  const { normalizeRows, topK: nativeTopK, topKBatch } = native();
  const unit = normalizeRows(matrix, dim);
  const query = () => {
    const r = rng.below(rows);
    return unit.slice(r * dim, (r + 1) * dim);
  };
  measure('native topK, 1 thread', 1, () => nativeTopK(unit, dim, query(), topK, rows, undefined, 1));
  const block = 16;
  const blockQueries = () => {
    const q = new Float32Array(block * dim);
    for (let i = 0; i < block; i++) q.set(query(), i * dim);
    return q;
  };
  measure(`native topKBatch, ${block} queries a pass (per query)`, block, () =>
    topKBatch(unit, dim, blockQueries(), topK, rows),
  );

  const report = table(
    ['query', 'median ms', 'min ms', 'effective GB/s'],
    results.map((r) => [r.what, fmtNum(r.medianMs, 1), fmtNum(r.minMs, 1), fmtNum(r.gbPerSecond, 1)]),
  );
  const simd = simdInfo().active;
  process.stdout.write(
    `\n${rows.toLocaleString('en-US')} x ${dim}, topK ${topK}, ${queries} queries each, SIMD ${simd}\n` +
      `first query (normalises the matrix, then searches): ${fmtNum(normaliseMs, 0)} ms\n\n${report}`,
  );
  const out = path.join(ensureOut(), 'search.json');
  fs.writeFileSync(
    out,
    JSON.stringify({ machine: machineInfo(), rows, dim, topK, queries, simd, normaliseMs, results }, null, 2) + '\n',
  );
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), out)}\n`);
}

main();
