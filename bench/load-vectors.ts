/**
 * Loading large word2vec files: generates a binary vectors file of
 * --count x --dim float32 (1M x 300, 1.2 GB, by default: the size of the
 * pretrained vectors people load), then times loadVectors (MB/s), watches how
 * long the event loop stalls meanwhile (the file is read on a worker thread;
 * only building the word strings and the lookup index runs on the main
 * thread), and times mostSimilar queries over the loaded matrix: the first
 * (which also normalises the matrix once) and the following ones.
 *
 * The file is deterministic (xoshiro128** from --seed), written through a
 * fixed 4 MiB buffer, and deleted afterwards unless --keep is given (a kept
 * file of the same size is reused).
 *
 *   node --import tsx bench/load-vectors.ts [--count 1000000] [--dim 300] [--keep]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { Random } from '../lib/reference/random';
import { loadVectors } from '../lib/vectors-io';
import { Flags } from './lib/flags';
import { ensureOut } from './lib/paths';
import { median } from './lib/stats';
import { encodeWords } from './lib/words';

const BUFFER_BYTES = 1 << 22;
const WORD_BATCH = 10_000;

/** Bytes of the file generateVectorsFile writes (to reuse a kept one). */
function expectedBytes(count: number, dim: number): number {
  let bytes = Buffer.byteLength(`${count} ${dim}\n`);
  for (let first = 0; first < count; first += WORD_BATCH) {
    for (const w of encodeWords(Math.min(WORD_BATCH, count - first), first)) bytes += w.length + 2 + dim * 4;
  }
  return bytes;
}

/**
 * Writes `count` words (bench/lib/words.ts) with uniform random vectors in
 * the binary word2vec format (word, ' ', dim float32 LE, '\n'), streaming.
 */
export function generateVectorsFile(file: string, count: number, dim: number, seed: number): void {
  const rng = new Random(seed);
  const buf = Buffer.allocUnsafe(BUFFER_BYTES);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  let used = 0;
  const flush = () => {
    fs.writeSync(fd, buf, 0, used);
    used = 0;
  };
  try {
    used += buf.write(`${count} ${dim}\n`, used);
    for (let first = 0; first < count; first += WORD_BATCH) {
      for (const word of encodeWords(Math.min(WORD_BATCH, count - first), first)) {
        if (used + word.length + 2 + dim * 4 > BUFFER_BYTES) flush();
        buf.set(word, used);
        used += word.length;
        buf[used++] = 0x20;
        for (let k = 0; k < dim; k++, used += 4) buf.writeFloatLE(rng.uniform32() - 0.5, used);
        buf[used++] = 0x0a;
      }
    }
    flush();
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

async function main(): Promise<void> {
  const flags = Flags.parse(
    process.argv.slice(2),
    {
      count: { kind: 'number', help: 'words in the generated file', default: 1_000_000 },
      dim: { kind: 'number', help: 'dimensions', default: 300 },
      seed: { kind: 'number', help: 'generator seed', default: 1 },
      queries: { kind: 'number', help: 'mostSimilar queries after the first', default: 5 },
      keep: { kind: 'boolean', help: 'keep the generated file (and reuse it next time)' },
    },
    'Usage: node --import tsx bench/load-vectors.ts [flags]',
  );
  const count = flags.number('count') ?? 1_000_000;
  const dim = flags.number('dim') ?? 300;
  const seed = flags.number('seed') ?? 1;
  const file = path.join(ensureOut('vectors'), `load-bench-${count}x${dim}-s${seed}.bin`);

  const expected = expectedBytes(count, dim);
  if (!fs.existsSync(file) || fs.statSync(file).size !== expected) {
    process.stdout.write(`generating ${file} (${(expected / 1e9).toFixed(2)} GB)...\n`);
    const t0 = performance.now();
    generateVectorsFile(file, count, dim, seed);
    process.stdout.write(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const bytes = fs.statSync(file).size;

  try {
    // The longest gap between 5 ms ticks while loading: how long the event loop was blocked.
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    const wv = await loadVectors(file);
    const loadMs = performance.now() - t0;
    clearInterval(ticker);
    maxGap = Math.max(maxGap, performance.now() - last);
    const rssAfterLoad = process.memoryUsage().rss;
    if (wv.size !== count || wv.dim !== dim)
      throw new Error(`loaded ${wv.size} x ${wv.dim}, expected ${count} x ${dim}`);

    const word = wv.words[Math.floor(count / 2)];
    const q0 = performance.now();
    const first = wv.mostSimilar(word, { topK: 10 });
    const firstMs = performance.now() - q0;
    const latencies: number[] = [];
    for (let i = 0; i < (flags.number('queries') ?? 5); i++) {
      const q = performance.now();
      wv.mostSimilar(wv.words[(i * 7919) % count], { topK: 10 });
      latencies.push(performance.now() - q);
    }

    const mb = bytes / 1e6;
    process.stdout.write(
      [
        `file              ${file}`,
        `size              ${count} x ${dim}, ${mb.toFixed(0)} MB`,
        `loadVectors       ${(loadMs / 1000).toFixed(2)} s, ${(mb / (loadMs / 1000)).toFixed(0)} MB/s`,
        `event-loop stall  max ${maxGap.toFixed(0)} ms during the load`,
        `rss               ${(rssAfterLoad / 1e6).toFixed(0)} MB after the load, ` +
          `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB after the queries (+ the normalised copy)`,
        `mostSimilar       first ${firstMs.toFixed(0)} ms (normalises the matrix once), ` +
          `then median ${median(latencies).toFixed(1)} ms over ${latencies.length} queries`,
        `  ${word}: ${first
          .slice(0, 3)
          .map((s) => `${s.word} ${s.similarity.toFixed(3)}`)
          .join(', ')}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (!flags.bool('keep')) fs.rmSync(file, { force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
