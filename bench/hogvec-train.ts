/**
 * Trains hogvec once and saves word2vec binary vectors: the hogvec side of
 * the benchmarks, run as its own process so that its wall time and peak RSS
 * are measured like gensim's and fastText's. It uses only the public API of
 * the compiled package (dist/), as a user's script would.
 *
 *   node --import tsx bench/hogvec-train.ts --corpus C --out V.bin --architecture skip-gram
 *
 * The benchmarks run it bundled to plain JS (bench/out/hogvec-train.cjs, see
 * lib/compile-runner.ts) so the tsx loader is not measured with it.
 *
 * Prints one JSON line: trainSeconds (train() call to result, which includes
 * building the vocabulary), saveSeconds, totalSeconds (since process start).
 */
import * as path from 'node:path';
import { Flags } from './lib/flags';
import { repoRoot, resolveUserPath } from './lib/paths';
import { parseArchitecture, trainFlags, trainSpec } from './lib/train-flags';

/** The subset of the public API (design.md) this runner relies on. */
interface TrainOptions {
  corpus: string;
  architecture: 'skip-gram' | 'cbow';
  loss: 'negative-sampling';
  dim: number;
  window: number;
  negative: number;
  epochs: number;
  minCount: number;
  sample: number;
  alpha: number;
  threads: number;
  seed: number;
}
interface Progress {
  phase?: string;
  wordsDone?: number;
  wordsTotal?: number;
  wordsPerSecond?: number;
  rawWordsRead?: number;
  wordsTrained?: number;
}
interface WordVectors {
  readonly size: number;
  readonly dim: number;
  save(file: string, options: { format: 'binary' | 'text' }): Promise<void>;
}
interface Word2Vec {
  readonly wordVectors: WordVectors;
}
interface TrainingRun extends PromiseLike<Word2Vec> {
  on?(event: 'progress', listener: (p: Progress) => void): unknown;
}
interface HogvecModule {
  train(options: TrainOptions): TrainingRun;
}

function loadHogvec(dist: string): HogvecModule {
  let mod: Partial<HogvecModule>;
  try {
    // The compiled package, not lib/: the benchmark measures what ships.
    mod = require(dist) as Partial<HogvecModule>;
  } catch (err) {
    throw new Error(`cannot load ${dist} (build with: npm run compile): ${(err as Error).message}`);
  }
  if (typeof mod.train !== 'function') {
    throw new Error(`${dist} does not export train(); rebuild (npm run compile) once it lands`);
  }
  return mod as HogvecModule;
}

async function main(): Promise<void> {
  const f = Flags.parse(
    process.argv.slice(2),
    {
      dist: { kind: 'string', help: 'the compiled package (default <repo>/dist/index.js)' },
      corpus: { kind: 'string', help: 'corpus file (one sentence a line)' },
      out: { kind: 'string', help: 'vectors file to write' },
      format: { kind: 'string', help: 'binary or text', default: 'binary' },
      architecture: { kind: 'string', help: 'skip-gram or cbow', default: 'skip-gram' },
      ...trainFlags(),
    },
    'Usage: node --import tsx bench/hogvec-train.ts --corpus FILE --out FILE [flags]',
  );
  const corpus = f.string('corpus');
  const out = f.string('out');
  if (!corpus || !out) throw new Error('--corpus and --out are required');
  const spec = trainSpec(f, resolveUserPath(corpus), parseArchitecture(f.string('architecture')));
  const { architecture } = spec;
  const format = f.string('format');
  if (format !== 'binary' && format !== 'text') throw new Error(`--format must be binary or text`);

  const dist = f.string('dist');
  const { train } = loadHogvec(dist ? resolveUserPath(dist) : path.join(repoRoot, 'dist', 'index.js'));
  const started = process.hrtime.bigint();
  const run = train({
    corpus: spec.corpus,
    architecture,
    loss: 'negative-sampling',
    dim: spec.dim,
    window: spec.window,
    negative: spec.negative,
    epochs: spec.epochs,
    minCount: spec.minCount,
    sample: spec.sample,
    alpha: spec.alpha,
    threads: spec.threads,
    seed: spec.seed,
  });
  let last: Progress | undefined;
  if (typeof run.on === 'function') {
    run.on('progress', (p) => {
      // Keep the last training-phase report (not the vocabulary pass).
      if (p.phase === undefined || p.phase === 'training') last = p;
    });
  }
  const model = await run;
  const trained = process.hrtime.bigint();
  await model.wordVectors.save(resolveUserPath(out), { format });
  const saved = process.hrtime.bigint();

  process.stdout.write(
    JSON.stringify({
      tool: 'hogvec',
      architecture,
      vocabSize: model.wordVectors.size,
      dim: model.wordVectors.dim,
      trainSeconds: Number(trained - started) / 1e9,
      saveSeconds: Number(saved - trained) / 1e9,
      totalSeconds: process.uptime(),
      // hogvec's own counters from its last progress event, as it reports them.
      lastWordsPerSecond: last?.wordsPerSecond,
      wordsDone: last?.wordsDone,
      wordsTotal: last?.wordsTotal,
      rawWordsRead: last?.rawWordsRead,
      wordsTrained: last?.wordsTrained,
      out: resolveUserPath(out),
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`hogvec-train: ${(err as Error).message}\n`);
  process.exit(1);
});
