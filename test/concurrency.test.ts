/**
 * Concurrency and lifecycle: trainings that run at once give what each gives
 * alone (bit for bit, threads 1); a model answers queries, saves and loads
 * while another model trains; aborts during the vocabulary pass and during
 * training stop the native work early; a model whose continued run was
 * aborted stays usable; hogvec loads and trains in worker_threads (one and
 * two at once), and terminating a worker mid-job (training, counting,
 * loading, saving) neither crashes the process nor leaves native threads
 * running.
 *
 * Where a run must still be going when something else happens, it is given
 * 100,000 epochs and aborted afterwards: the overlap holds by construction,
 * not by timing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import t, { type Test } from 'tap';

import { loadVectors, train, Word2Vec, type TrainingProgress, type TrainingRun, type TrainOptions } from '../lib/index';
import { native, type NativeTrainConfig, type NativeTrainingStats } from '../lib/native';
import { rejection } from './support/rejection';

const ROOT = path.resolve(__dirname, '..');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

// ------------------------------------------------------------------ corpora

/** A deterministic corpus: `lines` sentences of 12 words over `types` word types, Zipf-like. */
function writeCorpus(name: string, lines: number, types: number, seed: number): string {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const words: string[] = [];
    for (let j = 0; j < 12; j++) words.push(`w${Math.floor(types * next() ** 2)}`);
    out.push(words.join(' '));
  }
  const file = path.join(WORK, name);
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

const CORPUS_A = writeCorpus('a.txt', 6000, 800, 11);
const CORPUS_B = writeCorpus('b.txt', 6000, 600, 22);
// ~1 MB; listed many times it makes a vocabulary pass of hundreds of megabytes.
const CORPUS_BIG = writeCorpus('big.txt', 20000, 5000, 33);
/**
 * CORPUS_BIG 3,000 times: a vocabulary pass of 3 GB, minutes of counting on
 * any machine, which the tests abort as soon as they see it counting.
 */
const LONG_COUNT: string[] = Array<string>(3000).fill(CORPUS_BIG);

const RUN_A: TrainOptions = { corpus: CORPUS_A, dim: 24, epochs: 2, minCount: 2, threads: 1, seed: 3 };
const RUN_B: TrainOptions = {
  corpus: CORPUS_B,
  architecture: 'cbow',
  loss: 'hierarchical-softmax',
  dim: 16,
  epochs: 2,
  minCount: 2,
  threads: 1,
  seed: 9,
};
/** A run that lasts until it is aborted. */
const ENDLESS: TrainOptions = {
  corpus: CORPUS_BIG,
  dim: 32,
  epochs: 100_000,
  minCount: 1,
  threads: 2,
  progressInterval: 10,
};

// ------------------------------------------------------------------ helpers

function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && bytesOf(a).equals(bytesOf(b));
}

interface Snapshot {
  words: string[];
  input: Float32Array;
  output: Float32Array;
}

function snapshot(model: Word2Vec): Snapshot {
  return {
    words: [...model.vocabulary.words],
    input: model.wordVectors.vectors.slice(),
    output: model.outputVectors.slice(),
  };
}

function sameModel(t: Test, got: Snapshot, want: Snapshot, what: string): void {
  t.strictSame(got.words, want.words, `${what}: the same vocabulary`);
  t.ok(sameBits(got.input, want.input), `${what}: the same input vectors, bit for bit`);
  t.ok(sameBits(got.output, want.output), `${what}: the same output vectors, bit for bit`);
}

/** Resolves at the run's first progress event in the training phase. */
function trainingStarted(run: TrainingRun): Promise<TrainingProgress> {
  return new Promise((resolve) => {
    const listener = (p: TrainingProgress) => {
      if (p.phase === 'training' && p.wordsDone > 0) {
        run.off('progress', listener);
        resolve(p);
      }
    };
    run.on('progress', listener);
  });
}

/** The native configuration train() would pass for these options (only what these tests vary). */
function nativeConfig(overrides: Partial<NativeTrainConfig>): NativeTrainConfig {
  return {
    architecture: 'skip-gram',
    loss: 'negative-sampling',
    dim: 16,
    window: 5,
    negative: 5,
    epochs: 1000,
    minCount: 1,
    maxVocabSize: 10_000_000,
    sample: 1e-3,
    alpha: 0.025,
    minAlpha: 0.0001,
    nsExponent: 0.75,
    cbowMean: true,
    sharedNegatives: false,
    hotRowBuffer: 0,
    alignRows: true,
    threads: 2,
    seed: 1,
    ...overrides,
  };
}

/** Polls a native job until `when(stats)`, then aborts it; resolves with the stats at the abort. */
function abortWhen(
  job: { stats(): NativeTrainingStats; abort(): void },
  when: (s: NativeTrainingStats) => boolean,
): Promise<NativeTrainingStats> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const s = job.stats();
      if (when(s) || s.phase === 'finished') {
        clearInterval(timer);
        job.abort();
        resolve(s);
      }
    }, 2);
  });
}

function threadCount(): number {
  return Number(/Threads:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
}

// =================================================== trainings at once

t.test('two trainings at once give what each gives alone', async (t) => {
  const soloA = snapshot(await train(RUN_A));
  const soloB = snapshot(await train(RUN_B));

  const [a, b] = await Promise.all([train(RUN_A), train(RUN_B)]);
  sameModel(t, snapshot(a), soloA, 'A, started together with B');
  sameModel(t, snapshot(b), soloB, 'B, started together with A');

  // By construction: each finite run starts and ends inside an endless one.
  for (const [name, options, solo] of [
    ['A', RUN_A, soloA],
    ['B', RUN_B, soloB],
  ] as const) {
    const endless = train(ENDLESS);
    let endlessSettled = false;
    endless.finally(() => (endlessSettled = true)).catch(() => undefined);
    await trainingStarted(endless);
    const model = await train(options);
    t.notOk(endlessSettled, `${name}: the other run was training all along`);
    sameModel(t, snapshot(model), solo, `${name}, trained while another run trains`);
    endless.abort();
    const error = await rejection(t, endless);
    t.equal(error.name, 'AbortError', `${name}: the endless run is then aborted`);
  }
});

t.test('a model answers queries, saves and loads while another model trains', async (t) => {
  const model = await train({ ...RUN_A, dim: 32 });
  const wv = model.wordVectors;
  const probes = wv.words.slice(0, 8);
  const query = () => ({
    neighbours: probes.map((w) => wv.mostSimilar(w, { topK: 5 })),
    analogy: wv.analogy(probes[0], probes[1], probes[2], { topK: 3 }),
    cosMul: wv.analogy(probes[0], probes[1], probes[2], { method: '3CosMul', topK: 3 }),
    similarity: wv.similarity(probes[3], probes[4]),
  });
  const expected = query();
  const before = snapshot(model);

  const other = train(ENDLESS);
  let otherSettled = false;
  other.finally(() => (otherSettled = true)).catch(() => undefined);
  await trainingStarted(other);
  let answered = 0;
  for (let i = 0; i < 20; i++) {
    t.strictSame(query(), expected, `query round ${i + 1}: the same answers`);
    answered++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const file = path.join(WORK, 'queried.hogvec');
  const vectorsFile = path.join(WORK, 'queried.bin');
  await model.save(file);
  await wv.save(vectorsFile);
  const loaded = await Word2Vec.load(file);
  const vectors = await loadVectors(vectorsFile);
  t.notOk(otherSettled, 'the other run was training throughout');
  t.equal(answered, 20, 'every query round ran during the other training');
  sameModel(t, snapshot(loaded), before, 'saved and loaded during the other training');
  t.ok(sameBits(vectors.vectors, before.input), 'the vectors file too');
  t.strictSame(
    loaded.wordVectors.mostSimilar(probes[0], { topK: 5 }),
    expected.neighbours[0],
    'the loaded model answers alike',
  );

  other.abort();
  t.equal((await rejection(t, other)).name, 'AbortError', 'the other run is aborted');
  sameModel(t, snapshot(model), before, 'the queried model never changed');
});

// ================================================================== aborts

t.test('abort during the vocabulary pass stops counting early', async (t) => {
  const files = LONG_COUNT;
  const job = new (native().TrainingJob)(nativeConfig({}), files);
  const settled = job.start().then(
    () => undefined,
    (err: unknown) => err,
  );
  const atAbort = await abortWhen(job, (s) => s.phase === 'vocabulary' && s.bytesCounted > 0);
  const error = await settled;
  t.equal(atAbort.phase, 'vocabulary', 'aborted while counting');
  t.type(error, Error);
  t.match(error, { name: 'AbortError', message: 'The training run was aborted' }, 'the job rejects with an AbortError');
  const final = job.stats();
  t.equal(final.phase, 'finished');
  t.ok(
    final.bytesCounted < final.bytesTotal / 2,
    `counting stopped early (${final.bytesCounted} of ${final.bytesTotal} bytes)`,
  );
  t.equal(final.wordsTotal, 0, 'training never began');

  // The same through the public API.
  const run = train({ corpus: files, progressInterval: 10 });
  const phases = new Set<string>();
  let epochs = 0;
  run.on('epoch', () => epochs++);
  run.on('progress', (p) => {
    phases.add(p.phase);
    if (p.phase === 'vocabulary') run.abort();
  });
  const publicError = await rejection(t, run);
  t.match(
    publicError,
    { name: 'AbortError', message: 'The training run was aborted' },
    'run.abort() while counting: an AbortError',
  );
  t.strictSame([...phases], ['vocabulary'], 'no progress event from a training phase');
  t.equal(epochs, 0, 'no epoch ended');
});

t.test('abort during training stops the threads early', async (t) => {
  const job = new (native().TrainingJob)(nativeConfig({ epochs: 100_000 }), [CORPUS_A]);
  const settled = job.start().then(
    () => undefined,
    (err: unknown) => err,
  );
  const atAbort = await abortWhen(job, (s) => s.phase === 'training' && s.wordsDone > 0);
  const error = await settled;
  t.equal(atAbort.phase, 'training', 'aborted while training');
  t.match(error, { name: 'AbortError', message: 'The training run was aborted' }, 'the job rejects with an AbortError');
  const final = job.stats();
  t.ok(
    final.wordsDone < final.wordsTotal / 100,
    `training stopped early (${final.wordsDone} of ${final.wordsTotal} words)`,
  );
  job.abort(); // a second abort, after the end, is harmless
  t.equal(job.stats().phase, 'finished');

  const controller = new AbortController();
  const run = train({ ...ENDLESS, signal: controller.signal });
  await trainingStarted(run);
  controller.abort('enough');
  t.match(
    await rejection(t, run),
    { name: 'AbortError', message: 'The training run was aborted: enough' },
    'an AbortSignal mid-training: an AbortError with the reason',
  );

  // The process and the addon are fine afterwards.
  sameModel(t, snapshot(await train(RUN_A)), snapshot(await train(RUN_A)), 'a later run');
});

t.test('a model whose continued run was aborted stays usable', async (t) => {
  const model = await train({ corpus: CORPUS_BIG, dim: 16, epochs: 1, minCount: 1, threads: 2 });
  const run = model.train({ corpus: CORPUS_BIG, epochs: 500, threads: 2, progressInterval: 10 });
  await trainingStarted(run);
  run.abort();
  t.equal((await rejection(t, run)).name, 'AbortError', 'the continued run rejects with an AbortError');

  const { state } = model;
  t.ok(
    state.epochsDone >= 1 && state.epochsDone < 501,
    `the model records the epochs it finished (${state.epochsDone})`,
  );
  t.equal(state.epochsPlanned, 501, 'and that its schedule is unfinished');
  const wv = model.wordVectors;
  t.ok(wv.vectors.every(Number.isFinite), 'its vectors are finite');
  const word = wv.words[0];
  t.equal(wv.mostSimilar(word, { topK: 5 }).length, 5, 'it answers queries');
  t.equal(wv.get(word)?.length, 16, 'and lookups');

  const file = path.join(WORK, 'after-abort.hogvec');
  await model.save(file);
  const loaded = await Word2Vec.load(file);
  sameModel(t, snapshot(loaded), snapshot(model), 'saved and loaded after the abort');
  t.strictSame(loaded.state, state, 'with its training state');

  await model.train({ corpus: CORPUS_A, epochs: 1, threads: 2 });
  t.equal(model.state.epochsDone, state.epochsDone + 1, 'it trains again, continuing its schedule');
  t.ok(model.wordVectors.vectors.every(Number.isFinite), 'its vectors stay finite');
});

t.test('process.exit() during training or counting ends the process cleanly', async (t) => {
  const script = path.join(WORK, 'exit-child.ts');
  fs.writeFileSync(
    script,
    `
import { train } from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))};
const phase = process.argv[2];
const corpus = phase === 'vocabulary' ? ${JSON.stringify(LONG_COUNT)} : ${JSON.stringify(CORPUS_BIG)};
const run = train({ corpus, epochs: 100000, minCount: 1, threads: 2, progressInterval: 10 });
run.on('progress', (p) => {
  if (p.phase === phase) {
    process.stdout.write('exiting in ' + phase + '\\n');
    process.exit(0);
  }
});
run.catch(() => undefined);
`,
  );
  for (const phase of ['vocabulary', 'training']) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const result = await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, phase], { cwd: ROOT, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
      },
    );
    t.equal(result.stdout, `exiting in ${phase}\n`, `${phase}: the child exited from the ${phase} phase`);
    t.equal(result.code, 0, `${phase}: exit code 0 (signal ${String(result.signal)})`);
    t.equal(result.stderr, '', `${phase}: nothing on stderr`);
  }
});

// ============================================================ worker_threads

const WORKER_SCRIPT = path.join(WORK, 'hogvec-worker.cjs');
fs.writeFileSync(
  WORKER_SCRIPT,
  `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.tsxApi).register();
const hogvec = require(workerData.lib);

async function main() {
  const { job } = workerData;
  if (job.kind === 'train') {
    const run = hogvec.train(job.options);
    let told = false;
    run.on('progress', (p) => {
      if (!told && p.phase === job.tellPhase) {
        told = true;
        parentPort.postMessage({ type: 'busy' });
      }
    });
    const model = await run;
    parentPort.postMessage({
      type: 'done',
      words: [...model.vocabulary.words],
      input: Float32Array.from(model.wordVectors.vectors),
      output: Float32Array.from(model.outputVectors),
    });
  } else if (job.kind === 'load') {
    for (let i = 0; ; i++) {
      const pending = hogvec.loadVectors(job.file);
      if (i === 0) parentPort.postMessage({ type: 'busy' });
      await pending;
    }
  } else if (job.kind === 'save') {
    const model = await hogvec.Word2Vec.load(job.file);
    for (let i = 0; ; i++) {
      const pending = model.save(job.target);
      if (i === 0) parentPort.postMessage({ type: 'busy' });
      await pending;
    }
  }
}
main().catch((err) => parentPort.postMessage({ type: 'error', message: String(err && err.stack || err) }));
`,
);

type WorkerJob =
  | { kind: 'train'; options: TrainOptions; tellPhase?: 'vocabulary' | 'training' }
  | { kind: 'load'; file: string }
  | { kind: 'save'; file: string; target: string };

type WorkerMessage =
  | { type: 'busy' }
  | { type: 'done'; words: string[]; input: Float32Array; output: Float32Array }
  | { type: 'error'; message: string };

function startWorker(job: WorkerJob): { worker: Worker; next: () => Promise<WorkerMessage> } {
  const worker = new Worker(WORKER_SCRIPT, {
    // Not tap's loader hooks (slow to start in every worker): the script registers tsx itself.
    execArgv: [],
    workerData: { tsxApi: require.resolve('tsx/cjs/api'), lib: path.join(ROOT, 'lib', 'index.ts'), job },
  });
  const queue: WorkerMessage[] = [];
  const waiting: ((m: WorkerMessage) => void)[] = [];
  const deliver = (m: WorkerMessage) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (err) => deliver({ type: 'error', message: String(err.stack ?? err) }));
  worker.on('exit', (code) => deliver({ type: 'error', message: `the worker exited with code ${code}` }));
  const next = () =>
    new Promise<WorkerMessage>((resolve) => {
      const m = queue.shift();
      if (m) resolve(m);
      else waiting.push(resolve);
    });
  return { worker, next };
}

async function resultOf(t: Test, job: WorkerJob, what: string): Promise<Snapshot | undefined> {
  const { worker, next } = startWorker(job);
  const m = await next();
  await worker.terminate();
  if (m.type !== 'done') {
    t.fail(`${what}: ${m.type === 'error' ? m.message : 'no result'}`);
    return undefined;
  }
  return { words: m.words, input: m.input, output: m.output };
}

t.test('hogvec loads and trains in worker_threads, one and two at once', async (t) => {
  const soloA = snapshot(await train(RUN_A));
  const soloB = snapshot(await train(RUN_B));

  const one = await resultOf(t, { kind: 'train', options: RUN_A }, 'one worker');
  if (one) sameModel(t, one, soloA, 'trained in a worker');

  // Two workers and the main thread at once.
  const [first, second, here] = await Promise.all([
    resultOf(t, { kind: 'train', options: RUN_A }, 'first of two workers'),
    resultOf(t, { kind: 'train', options: RUN_B }, 'second of two workers'),
    train(RUN_A),
  ]);
  if (first) sameModel(t, first, soloA, 'the first of two workers');
  if (second) sameModel(t, second, soloB, 'the second of two workers');
  sameModel(t, snapshot(here), soloA, 'the main thread, meanwhile');
});

t.test(
  'terminating a worker mid-job neither crashes the process nor leaves threads behind',
  { skip: process.platform !== 'linux' && 'counts threads in /proc' },
  async (t) => {
    const model = await train({ corpus: CORPUS_BIG, dim: 100, epochs: 1, minCount: 1 });
    const checkpoint = path.join(WORK, 'terminate.hogvec');
    const vectors = path.join(WORK, 'terminate.bin');
    await model.save(checkpoint);
    await model.wordVectors.save(vectors);
    // Warm-up: one worker run to the end, so that the thread pools exist before counting threads.
    await resultOf(t, { kind: 'train', options: { ...RUN_A, epochs: 1 } }, 'warm-up');
    const baseline = threadCount();

    const jobs: [string, WorkerJob][] = [
      ['training', { kind: 'train', options: { ...ENDLESS, threads: 3 }, tellPhase: 'training' }],
      [
        'counting the vocabulary',
        { kind: 'train', options: { ...ENDLESS, corpus: LONG_COUNT }, tellPhase: 'vocabulary' },
      ],
      ['loading vectors', { kind: 'load', file: vectors }],
      ['saving a checkpoint', { kind: 'save', file: checkpoint, target: path.join(WORK, 'terminate-out.hogvec') }],
    ];
    for (const [what, job] of jobs) {
      for (let round = 0; round < 3; round++) {
        const { worker, next } = startWorker(job);
        const m = await next();
        t.equal(
          m.type,
          'busy',
          `${what}, round ${round + 1}: the worker is busy${m.type === 'error' ? ` (${m.message})` : ''}`,
        );
        const code = await worker.terminate();
        t.equal(code, 1, `${what}, round ${round + 1}: terminated`);
      }
      t.ok(
        threadCount() <= baseline,
        `${what}: no native thread left running (${threadCount()} threads, ${baseline} before)`,
      );
    }
    t.strictSame(
      fs.readdirSync(WORK).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left by a terminated save',
    );
    sameModel(t, snapshot(await train(RUN_A)), snapshot(await train(RUN_A)), 'training in the main thread still works');
  },
);
