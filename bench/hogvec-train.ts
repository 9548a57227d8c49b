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
 * `--option key=value` (repeatable) passes any other train() option, e.g.
 * `--option sharedNegatives=true`; hogvec's own option check judges it.
 *
 * Prints one JSON line: trainSeconds (the training phase alone: from the
 * first progress report of phase 'training' to the result, within the 20 ms
 * progress interval), trainCpuSeconds (user + system CPU time of the process
 * over the same span: every thread), trainCallSeconds (the train() call to
 * its result, which includes building the vocabulary), pairs (summed over the
 * epoch events), saveSeconds, totalSeconds (since process start).
 */
import * as path from 'node:path';
import { type EngineOptions, parseEngineOptions } from './lib/engine-options';
import { Flags } from './lib/flags';
import { repoRoot, resolveUserPath } from './lib/paths';
import { parseArchitecture, trainFlags, trainSpec } from './lib/train-flags';

/** The subset of the public API (README.md, "Train") this runner relies on. */
interface TrainOptions {
  corpus: string;
  architecture: 'skip-gram' | 'cbow';
  loss: 'negative-sampling' | 'hierarchical-softmax';
  dim: number;
  window: number;
  negative: number;
  epochs: number;
  minCount: number;
  sample: number;
  alpha: number;
  threads: number;
  seed: number;
  progressInterval: number;
}
interface Progress {
  phase?: string;
  wordsDone?: number;
  wordsTotal?: number;
  tokensPerSecond?: number;
  tokensRead?: number;
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
interface EpochReport {
  epoch: number;
  steps: number;
  wordsTrained: number;
}
interface TrainingRun extends PromiseLike<Word2Vec> {
  on?(event: 'progress', listener: (p: Progress) => void): unknown;
  on?(event: 'epoch', listener: (e: EpochReport) => void): unknown;
}
interface HogvecModule {
  train(options: TrainOptions & EngineOptions): TrainingRun;
}

/** Progress reports this often, so the training phase's start is known within it. */
const PROGRESS_MS = 20;

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
      option: { kind: 'repeated', help: 'another train() option as key=value, e.g. sharedNegatives=true' },
    },
    'Usage: node --import tsx bench/hogvec-train.ts --corpus FILE --out FILE [flags]',
  );
  const extra = parseEngineOptions(f.repeated('option'), '--option');
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
    loss: spec.loss,
    dim: spec.dim,
    window: spec.window,
    negative: spec.negative,
    epochs: spec.epochs,
    minCount: spec.minCount,
    sample: spec.sample,
    alpha: spec.alpha,
    threads: spec.threads,
    seed: spec.seed,
    progressInterval: PROGRESS_MS,
    ...extra,
  });
  let last: Progress | undefined;
  // Where the training phase starts (its first report): wall clock and CPU time.
  let trainingFrom: { at: bigint; cpu: NodeJS.CpuUsage } | undefined;
  let pairs = 0;
  let epochWordsTrained = 0;
  if (typeof run.on === 'function') {
    run.on('progress', (p) => {
      // Keep the last training-phase report (not the vocabulary pass).
      if (p.phase === undefined || p.phase === 'training') {
        last = p;
        trainingFrom ??= { at: process.hrtime.bigint(), cpu: process.cpuUsage() };
      }
    });
    run.on('epoch', (e) => {
      pairs += e.steps;
      epochWordsTrained += e.wordsTrained;
    });
  }
  const model = await run;
  const trained = process.hrtime.bigint();
  const cpu = trainingFrom ? process.cpuUsage(trainingFrom.cpu) : undefined;
  await model.wordVectors.save(resolveUserPath(out), { format });
  const saved = process.hrtime.bigint();

  process.stdout.write(
    JSON.stringify({
      tool: 'hogvec',
      architecture,
      vocabSize: model.wordVectors.size,
      dim: model.wordVectors.dim,
      options: extra,
      trainSeconds: trainingFrom ? Number(trained - trainingFrom.at) / 1e9 : undefined,
      trainCpuSeconds: cpu ? (cpu.user + cpu.system) / 1e6 : undefined,
      trainCallSeconds: Number(trained - started) / 1e9,
      pairs: pairs || undefined,
      epochWordsTrained: epochWordsTrained || undefined,
      saveSeconds: Number(saved - trained) / 1e9,
      totalSeconds: process.uptime(),
      // hogvec's own counters from its last progress event, as it reports them.
      lastTokensPerSecond: last?.tokensPerSecond,
      wordsDone: last?.wordsDone,
      wordsTotal: last?.wordsTotal,
      tokensRead: last?.tokensRead,
      wordsTrained: last?.wordsTrained,
      out: resolveUserPath(out),
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`hogvec-train: ${(err as Error).message}\n`);
  process.exit(1);
});
