/**
 * The native Hogwild trainer through the public API (train()), and the
 * sampler / subsampling test hooks of the addon. Everything here checks
 * behaviour: exact counts, bit-for-bit equality, distributions (chi-square at
 * p = 0.001 on fixed seeds), event contracts, cleanup. No timings.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

import { generatePlanted } from '../bench/generate-corpus';
import {
  reference,
  train,
  type EpochReport,
  type TrainOptions,
  type TrainingProgress,
  type TrainingRun,
  type Word2Vec,
} from '../lib/index';
import { native } from '../lib/native';
import { sharedData } from './support/shared-data';
import { readTopics, TEST_TOPICS, topicShares } from './support/planted-topics';
import { rejection } from './support/rejection';

const ROOT = path.resolve(__dirname, '..');
const LEE = sharedData('corpora', 'lee_background.cor');

// Every file this test writes lives here (not named hogvec-*: that prefix is the spooler's).
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'train-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

// ------------------------------------------------------------------ helpers

interface Observed {
  model: Word2Vec;
  progress: TrainingProgress[];
  epochs: EpochReport[];
}

/** Trains and records every event. */
async function trainObserved(options: TrainOptions): Promise<Observed> {
  const progress: TrainingProgress[] = [];
  const epochs: EpochReport[] = [];
  const run = train(options);
  run.on('progress', (p) => progress.push(p));
  run.on('epoch', (e) => epochs.push(e));
  const model = await run;
  return { model, progress, epochs };
}

/** What a run (or any thenable) settled with. */
async function settle<T>(p: PromiseLike<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Bit-for-bit equality of two float matrices. */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && bytesOf(a).equals(bytesOf(b));
}

function writeLines(name: string, lines: readonly string[]): string {
  const file = path.join(WORK, name);
  fs.writeFileSync(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return file;
}

/** Fisher-Yates with the project's seeded generator. */
function shuffle<T>(items: T[], seed: number): T[] {
  const rng = new reference.Random(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function hogvecSpoolDirs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('hogvec-'))
    .sort();
}

/**
 * Runs fn with os.tmpdir() pointing at a fresh private directory, so that the
 * spooler's hogvec-* directories can be counted without interference from
 * other processes. Returns that directory.
 */
async function withPrivateTmpdir(fn: (dir: string) => Promise<void>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(WORK, 'tmp-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    if (os.tmpdir() !== dir) throw new Error('os.tmpdir() does not follow TMPDIR on this platform');
    await fn(dir);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  return dir;
}

function fileSentences(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(' '));
}

// ------------------------------------------------------------------ corpora

// A small planted-topic corpus (~360 words) for determinism and the losses.
const SMALL = path.join(WORK, 'small.txt');
generatePlanted({
  out: SMALL,
  tokens: 20_000,
  topics: 5,
  topicWords: 12,
  backgroundTypes: 300,
  backgroundExponent: 1,
  topicShare: 0.3,
  lineTokens: 20,
  seed: 3,
});

// A larger one (200k tokens): about a second of training at dim 100, 3 epochs, 2 threads.
const BIG = path.join(WORK, 'big.txt');
generatePlanted({ ...TEST_TOPICS, out: BIG, tokens: 200_000, seed: 11 });
const BIG_OPTIONS = { corpus: BIG, dim: 100, epochs: 3, threads: 2, minCount: 5 } as const;

// ============================================================ 1. determinism

t.test('threads 1 and a seed: bit-identical matrices; another seed differs', async (t) => {
  for (const architecture of ['skip-gram', 'cbow'] as const) {
    const options: TrainOptions = {
      corpus: SMALL,
      architecture,
      threads: 1,
      seed: 7,
      dim: 24,
      epochs: 2,
      minCount: 2,
      window: 4,
    };
    const a = (await trainObserved(options)).model;
    const b = (await trainObserved(options)).model;
    const c = (await trainObserved({ ...options, seed: 8 })).model;
    t.strictSame(a.vocabulary.words, b.vocabulary.words, `${architecture}: same vocabulary`);
    t.ok(sameBits(a.wordVectors.vectors, b.wordVectors.vectors), `${architecture}: input matrices bit-identical`);
    t.ok(sameBits(a.outputVectors, b.outputVectors), `${architecture}: output matrices bit-identical`);
    t.ok(
      a.outputVectors.some((x) => x !== 0),
      `${architecture}: training moved the output matrix`,
    );
    t.strictSame(a.epochLosses, b.epochLosses, `${architecture}: same epoch losses`);
    t.notOk(
      sameBits(a.wordVectors.vectors, c.wordVectors.vectors),
      `${architecture}: seed 8 gives other input vectors`,
    );
    t.notOk(sameBits(a.outputVectors, c.outputVectors), `${architecture}: seed 8 gives other output vectors`);
  }
});

t.test('initial weights depend on the seed and the word only', async (t) => {
  // With alpha = 1e-12 every update is far below float resolution: the
  // trained input matrix is the initial one.
  const dim = 16;
  const seed = 5;
  const frozen = { alpha: 1e-12, minAlpha: 0, dim, seed, epochs: 1, minCount: 2 } as const;
  const one = (await trainObserved({ ...frozen, corpus: SMALL, threads: 1 })).model;
  const two = (await trainObserved({ ...frozen, corpus: SMALL, threads: 2 })).model;
  t.ok(
    sameBits(one.wordVectors.vectors, two.wordVectors.vectors),
    'threads 1 and threads 2 start from the same vectors',
  );

  // docs/training.md: row of w = (uniform() - 0.5) / dim from Random(streamSeed(seed, hashWord(w))), as float.
  let mismatches = 0;
  for (const word of one.vocabulary.words) {
    const rng = new reference.Random(reference.streamSeed(seed, reference.hashWord(Buffer.from(word, 'utf8'))));
    const row = one.wordVectors.get(word)!;
    for (let i = 0; i < dim; i++) if (row[i] !== Math.fround((rng.uniform() - 0.5) / dim)) mismatches++;
  }
  t.equal(mismatches, 0, 'every initial coordinate is the documented one');

  // The same word at another rank in another corpus starts from the same vector.
  const filler = Array.from({ length: 40 }, (_, i) => `f${i}`);
  const tokensA = shuffle([...Array(200).fill('target'), ...filler.flatMap((w) => Array(20).fill(w))], 1);
  const tokensB = shuffle(
    [...Array(20).fill('target'), ...filler.flatMap((w) => Array(30).fill(w)), ...Array(300).fill('top')],
    2,
  );
  const a = (
    await trainObserved({
      ...frozen,
      corpus: writeLines(
        'rank-a.txt',
        chunk(tokensA, 10).map((l) => l.join(' ')),
      ),
      threads: 1,
    })
  ).model;
  const b = (
    await trainObserved({
      ...frozen,
      corpus: writeLines(
        'rank-b.txt',
        chunk(tokensB, 10).map((l) => l.join(' ')),
      ),
      threads: 2,
    })
  ).model;
  t.equal(a.wordVectors.indexOf('target'), 0, "'target' is the most frequent word of corpus A");
  t.ok(b.wordVectors.indexOf('target') > 1, "'target' is a rare word of corpus B");
  t.ok(sameBits(a.wordVectors.get('target')!, b.wordVectors.get('target')!), "'target' has the same vector in both");
  t.ok(sameBits(a.wordVectors.get('f3')!, b.wordVectors.get('f3')!), "'f3' has the same vector in both");
  t.notOk(
    sameBits(a.wordVectors.get('target')!, a.wordVectors.get('f3')!),
    'different words start from different vectors',
  );
});

// ========================================================= 2. negative sampler

// chi-square critical values at p = 0.001 (scipy.stats.chi2.ppf(0.999, df)).
const CHI2_999: Readonly<Record<number, number>> = { 18: 42.3124, 19: 43.8202 };

const ZIPF = Float64Array.from({ length: 20 }, (_, i) => Math.round(10_000 / (i + 1)));
const DRAWS = 200_000;

function distribution(counts: Float64Array, exponent: number, excluded = -1): number[] {
  const w = Array.from(counts, (c, i) => (i === excluded ? 0 : c ** exponent));
  const total = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / total);
}

/** Pearson's chi-square of the draws against p (cells with p = 0 must be empty). */
function chiSquare(draws: Uint32Array, p: readonly number[]): { chi2: number; outside: number } {
  const observed = new Float64Array(p.length);
  let outside = 0;
  for (const d of draws) {
    if (d < p.length) observed[d]++;
    else outside++;
  }
  let chi2 = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) {
      outside += observed[i];
      continue;
    }
    const expected = p[i] * draws.length;
    chi2 += (observed[i] - expected) ** 2 / expected;
  }
  return { chi2, outside };
}

t.test('negative sampler: draws follow count^exponent (chi-square, p = 0.001)', async (t) => {
  const { sampleNegatives } = native();
  for (const exponent of [0.75, 1, 0]) {
    for (const seed of [1, 2]) {
      const draws = sampleNegatives(ZIPF, exponent, DRAWS, seed);
      t.equal(draws.length, DRAWS, 'as many draws as asked');
      const { chi2, outside } = chiSquare(draws, distribution(ZIPF, exponent));
      t.equal(outside, 0, 'every draw is a word index');
      t.ok(
        chi2 < CHI2_999[19],
        `exponent ${exponent}, seed ${seed}: chi2 ${chi2.toFixed(2)} < ${CHI2_999[19]} (df 19)`,
      );
    }
  }
  // The test has power: 0.75 draws are far from the count^1 distribution.
  const draws = sampleNegatives(ZIPF, 0.75, DRAWS, 3);
  const wrong = chiSquare(draws, distribution(ZIPF, 1)).chi2;
  t.ok(wrong > 10 * CHI2_999[19], `exponent 0.75 draws reject exponent 1 (chi2 ${wrong.toFixed(0)})`);
  t.notSame(sampleNegatives(ZIPF, 0.75, 100, 1), sampleNegatives(ZIPF, 0.75, 100, 2), 'the seed matters');
  t.strictSame(sampleNegatives(ZIPF, 0.75, 100, 1), sampleNegatives(ZIPF, 0.75, 100, 1), 'same seed, same draws');
});

t.test('negative sampler: drawExcept never returns the excluded word; the rest is renormalised', async (t) => {
  const { sampleNegatives } = native();
  for (const excluded of [0, 7, 19]) {
    for (const exponent of [0.75, 1]) {
      const draws = sampleNegatives(ZIPF, exponent, DRAWS, 10 + excluded, excluded);
      t.notOk(draws.includes(excluded), `exponent ${exponent}: word ${excluded} is never drawn`);
      const { chi2, outside } = chiSquare(draws, distribution(ZIPF, exponent, excluded));
      t.equal(outside, 0, 'no draw outside the other words');
      t.ok(
        chi2 < CHI2_999[18],
        `exponent ${exponent}, excluded ${excluded}: chi2 ${chi2.toFixed(2)} < ${CHI2_999[18]} (df 18)`,
      );
    }
  }
  // A word holding nearly all the mass: after 1,000 redraws the next word
  // (mod n) is taken, so the loop always ends.
  const skewed = Float64Array.from([1, 1, 2 ** 52]);
  t.ok(
    sampleNegatives(skewed, 1, 200, 4, 2).every((w) => w === 0),
    'excluding the dominant last word falls back to word 0',
  );
  t.ok(
    sampleNegatives(Float64Array.from([2 ** 52, 1, 1]), 1, 200, 4, 0).every((w) => w === 1),
    'excluding the dominant first word falls back to word 1',
  );
});

// ============================================================= 3. subsampling

/** The C tool's rule: (sqrt(f / (s N)) + 1) (s N) / f. */
function keepFormula(counts: ArrayLike<number>, sample: number): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const sn = sample * total;
  return Array.from(counts, (f) => (sample === 0 ? 1 : ((Math.sqrt(f / sn) + 1) * sn) / f));
}

t.test('keepProbabilities is the C formula', async (t) => {
  const { keepProbabilities } = native();
  for (const [counts, sample] of [
    [[1000, 100, 10, 1], 1e-3],
    [[123456, 7890, 55, 3, 1], 1e-5],
    [[5, 5], 0.25],
  ] as const) {
    const got = keepProbabilities(Float64Array.from(counts), sample);
    const want = keepFormula(counts, sample);
    t.equal(got.length, counts.length, 'one probability a word');
    for (let i = 0; i < counts.length; i++) {
      t.ok(
        Math.abs(got[i] - want[i]) <= 1e-12 * want[i],
        `counts ${counts.join(',')}, sample ${sample}: word ${i} keeps ${got[i]} (want ${want[i]})`,
      );
    }
  }
  // Hand-computed: counts [1000, 100, 10, 1], sample 1e-3, sN = 1.111.
  const got = keepProbabilities(Float64Array.from([1000, 100, 10, 1]), 1e-3);
  t.ok(
    Math.abs(got[0] - ((Math.sqrt(1000 / 1.111) + 1) * 1.111) / 1000) < 1e-15,
    'keep(1000) = (sqrt(1000/1.111)+1)*1.111/1000',
  );
  t.ok(got[0] < 0.04 && got[3] > 1, 'frequent words are dropped, rare ones always kept');
  t.strictSame(Array.from(keepProbabilities(Float64Array.from([9, 3, 1]), 0)), [1, 1, 1], 'sample 0 keeps everything');
});

t.test("subsampling in training: the epoch's wordsTrained", async (t) => {
  // Three very frequent words, 20 medium ones, 400 rare ones, and 1,000
  // hapaxes that minCount 2 leaves out of the vocabulary.
  const tokens: string[] = [];
  const add = (word: string, n: number) => {
    for (let i = 0; i < n; i++) tokens.push(word);
  };
  add('the', 30_000);
  add('of', 15_000);
  add('and', 8_000);
  for (let i = 0; i < 20; i++) add(`mid${i}`, 500);
  for (let i = 0; i < 400; i++) add(`rare${i}`, 10);
  for (let i = 0; i < 1000; i++) add(`hapax${i}`, 1);
  const corpus = writeLines(
    'subsample.txt',
    chunk(shuffle(tokens, 9), 20).map((l) => l.join(' ')),
  );
  const inVocabulary = tokens.length - 1000;

  const base = { corpus, threads: 1, dim: 8, epochs: 2, minCount: 2, window: 2 } as const;
  const all = await trainObserved({ ...base, sample: 0 });
  const counts = all.model.vocabulary.counts;
  t.equal(all.model.vocabulary.size, 3 + 20 + 400, 'the vocabulary holds the words with count >= 2');
  t.strictSame([counts[0], counts[1], counts[2]], [30_000, 15_000, 8_000], 'frequent counts are exact');
  t.equal(all.epochs.length, 2, 'two epoch events');
  for (const e of all.epochs) {
    t.equal(e.wordsTrained, inVocabulary, `sample 0, epoch ${e.epoch}: wordsTrained is every in-vocabulary token`);
  }

  const sample = 1e-3;
  const keep = keepFormula(counts, sample);
  const hook = native().keepProbabilities(counts, sample);
  t.equal(
    hook.filter((x, i) => !(Math.abs(x - keep[i]) <= 1e-12 * keep[i])).length,
    0,
    'the hook agrees with the formula on this vocabulary',
  );
  let mean = 0;
  let variance = 0;
  counts.forEach((c, i) => {
    const p = Math.min(1, keep[i]);
    mean += c * p;
    variance += c * p * (1 - p);
  });
  const sd = Math.sqrt(variance);
  const sub = await trainObserved({ ...base, sample });
  t.equal(sub.epochs.length, 2, 'two epoch events');
  for (const e of sub.epochs) {
    t.ok(
      Math.abs(e.wordsTrained - mean) <= 4 * sd,
      `sample ${sample}, epoch ${e.epoch}: wordsTrained ${e.wordsTrained} within 4 sd (${(4 * sd).toFixed(0)}) of ${mean.toFixed(0)}`,
    );
  }
  t.ok(mean < 0.5 * inVocabulary, 'subsampling drops more than half of this corpus (the check discriminates)');
  const final = sub.progress[sub.progress.length - 1];
  t.equal(final.wordsTotal, 2 * inVocabulary, 'wordsTotal counts tokens before subsampling');
});

// ========================================================== 4. sentence ends

t.test('windows never cross sentences; long lines are cut into 10,000-token pieces', async (t) => {
  const lines = 5000;
  const pairLines = Array.from({ length: lines }, (_, i) => `w${i % 97} v${(i * 31) % 89}`);
  const corpus = writeLines('pairs.txt', pairLines);
  for (const [architecture, window] of [
    ['skip-gram', 1],
    ['skip-gram', 5],
    ['cbow', 3],
  ] as const) {
    const r = await trainObserved({
      corpus,
      architecture,
      window,
      sample: 0,
      threads: 1,
      minCount: 1,
      dim: 8,
      epochs: 2,
    });
    t.equal(r.model.vocabulary.size, 97 + 89, 'every word is in the vocabulary');
    t.strictSame(
      r.epochs.map((e) => e.steps),
      [2 * lines, 2 * lines],
      `${architecture}, window ${window}: 2 pairs a line`,
    );
    t.strictSame(
      r.epochs.map((e) => e.wordsTrained),
      [2 * lines, 2 * lines],
      'every word trained',
    );
  }

  const long = writeLines('long-line.txt', [Array.from({ length: 25_000 }, (_, i) => `t${i % 100}`).join(' ')]);
  const r = await trainObserved({ corpus: long, window: 1, sample: 0, threads: 1, minCount: 1, dim: 8, epochs: 1 });
  t.strictSame(
    r.epochs.map((e) => e.steps),
    [2 * (9999 + 9999 + 4999)],
    'pieces of 10,000, 10,000 and 5,000 tokens',
  );
});

// ================================================================ 5. progress

t.test('progress and epoch events', async (t) => {
  const { model, progress, epochs } = await trainObserved({ ...BIG_OPTIONS, progressInterval: 20 });
  const fields = [
    'epoch',
    'epochs',
    'wordsDone',
    'wordsTotal',
    'fraction',
    'alpha',
    'loss',
    'tokensPerSecond',
    'tokensRead',
    'wordsTrained',
    'trainedWordsPerSecond',
    'bytesCounted',
    'bytesTotal',
    'elapsedMs',
  ] as const;
  t.ok(progress.length >= 1, `progress events (${progress.length}), at least the one at the end`);

  // Reports arrive during training: a run far longer than needed, aborted at its first report with 0 < fraction < 1.
  const long = train({ ...BIG_OPTIONS, epochs: 100_000, progressInterval: 20 });
  const during = await new Promise<TrainingProgress>((resolve) => {
    long.on('progress', (p) => {
      if (p.phase === 'training' && p.fraction > 0 && p.fraction < 1) resolve(p);
    });
  });
  long.abort();
  t.equal(
    (await rejection(t, long)).name,
    'AbortError',
    `a report arrived during training (fraction ${during.fraction})`,
  );

  const problems = (p: TrainingProgress, epochCount: number) => {
    let bad = 0;
    if (p.phase !== 'vocabulary' && p.phase !== 'training') bad++;
    for (const f of fields) if (typeof p[f] !== 'number' || !Number.isFinite(p[f])) bad++;
    if (!(Number.isFinite(p.etaMs) || Number.isNaN(p.etaMs))) bad++;
    if (!(p.fraction >= 0 && p.fraction <= 1)) bad++;
    if (p.wordsDone > p.wordsTotal || p.bytesCounted > p.bytesTotal || p.epochs !== epochCount) bad++;
    return bad;
  };
  t.equal(
    progress.reduce((sum, p) => sum + problems(p, 3), 0),
    0,
    'every event has every field, finite (etaMs may be NaN), fraction in [0, 1]',
  );
  t.equal(problems(during, 100_000), 0, 'so has the report during training');
  const nonDecreasing = (key: 'wordsDone' | 'fraction' | 'epoch' | 'elapsedMs' | 'tokensRead') =>
    progress.every((p, i) => i === 0 || p[key] >= progress[i - 1][key]);
  for (const key of ['wordsDone', 'fraction', 'epoch', 'elapsedMs', 'tokensRead'] as const) {
    t.ok(nonDecreasing(key), `${key} never decreases`);
  }
  const final = progress[progress.length - 1];
  const total = model.vocabulary.counts.reduce((s, c) => s + c, 0);
  t.equal(final.fraction, 1, 'the last event has fraction 1');
  t.equal(final.epoch, 3, 'the last event is in the last epoch');
  t.equal(final.wordsTotal, 3 * total, 'wordsTotal is epochs x the vocabulary total');
  t.equal(final.wordsDone, final.wordsTotal, 'the last event has done every word');
  t.equal(final.etaMs, 0, 'the last event has etaMs 0');
  t.equal(final.phase, 'training', "the last event's phase is 'training'");

  t.strictSame(
    epochs.map((e) => e.epoch),
    [1, 2, 3],
    'one epoch event per epoch, in order',
  );
  t.strictSame(
    epochs.map((e) => e.modelEpoch),
    [1, 2, 3],
    "a new model's epochs are the run's",
  );
  t.ok(
    epochs.every((e) => Number.isFinite(e.loss) && e.loss > 0 && e.steps > 0 && e.wordsTrained > 0),
    'epoch events carry a finite loss and non-zero counters',
  );
  t.strictSame(
    model.epochLosses,
    epochs.map((e) => e.loss),
    "model.epochLosses are the epoch events' losses",
  );
});

t.test('the loss goes down on a real corpus (lee_background)', async (t) => {
  const { epochs } = await trainObserved({ corpus: LEE, threads: 1, epochs: 5, dim: 50 });
  t.equal(epochs.length, 5, 'five epochs');
  t.ok(
    epochs.every((e) => Number.isFinite(e.loss)),
    'finite losses',
  );
  t.ok(epochs[4].loss < epochs[0].loss, `loss ${epochs[0].loss.toFixed(4)} -> ${epochs[4].loss.toFixed(4)}`);
});

// =================================================================== 6. abort

/** Starts a run far longer than needed and calls stop() at its first progress event inside the training phase. */
async function abortMidTraining(t: Test, options: TrainOptions, stop: (run: TrainingRun) => void) {
  const run = train({ ...options, epochs: 100_000, progressInterval: 10 });
  const epochs: EpochReport[] = [];
  let stopped = false;
  run.on('epoch', (e) => epochs.push(e));
  run.on('progress', (p) => {
    if (!stopped && p.phase === 'training' && p.wordsDone > 0) {
      stopped = true;
      stop(run);
    }
  });
  const error = await rejection(t, run);
  t.ok(stopped, 'the run was stopped during training');
  t.equal(error.name, 'AbortError', `rejects with an AbortError (${error.message})`);
  t.ok(epochs.length < 100_000, `training stopped early (${epochs.length} of 100,000 epochs)`);
  return error;
}

t.test('abort', async (t) => {
  t.test('an AbortController aborted mid-training', async (t) => {
    const controller = new AbortController();
    const error = await abortMidTraining(t, { ...BIG_OPTIONS, signal: controller.signal }, () =>
      controller.abort('enough'),
    );
    t.match(error.message, /aborted: enough/, 'the message carries the reason');
  });

  t.test('run.abort() mid-training', async (t) => {
    await abortMidTraining(t, BIG_OPTIONS, (run) => run.abort());
  });

  t.test('an already-aborted signal rejects at once, before any work', async (t) => {
    const order: string[] = [];
    let pulled = 0;
    async function* corpus() {
      pulled++;
      yield ['never', 'read'];
    }
    await withPrivateTmpdir(async (dir) => {
      for (const input of [BIG, corpus()] as const) {
        const run = train({ corpus: input, signal: AbortSignal.abort() });
        let events = 0;
        run.on('progress', () => events++);
        run.on('epoch', () => events++);
        const settled = settle(run).then((r) => {
          order.push('settled');
          return r;
        });
        await new Promise((resolve) => setImmediate(resolve));
        order.push('next macrotask');
        const r = await settled;
        t.equal(r.ok ? 'resolved' : (r.error as Error).name, 'AbortError', 'rejects with an AbortError');
        t.equal(events, 0, 'no event');
      }
      t.strictSame(order, ['settled', 'next macrotask', 'settled', 'next macrotask'], 'rejected within the same turn');
      t.equal(pulled, 0, 'the iterable was never read');
      t.strictSame(hogvecSpoolDirs(dir), [], 'nothing was spooled');
    });
  });

  t.test('aborting an iterable corpus mid-training leaves no temporary file', async (t) => {
    const sentences = fileSentences(BIG);
    await withPrivateTmpdir(async (dir) => {
      const before = hogvecSpoolDirs(dir);
      let during: string[] = [];
      async function* corpus() {
        for (const s of sentences) yield s;
      }
      const controller = new AbortController();
      await abortMidTraining(t, { ...BIG_OPTIONS, corpus: corpus(), signal: controller.signal }, () => {
        during = hogvecSpoolDirs(dir);
        controller.abort();
      });
      t.equal(during.length, before.length + 1, 'the corpus was spooled to a hogvec-* directory');
      t.strictSame(hogvecSpoolDirs(dir), before, 'the spool directory is gone after the abort');

      // The same with run.abort() and a sync iterable.
      await abortMidTraining(t, { ...BIG_OPTIONS, corpus: sentences }, (run) => run.abort());
      t.strictSame(hogvecSpoolDirs(dir), before, 'gone after run.abort() too');
    });
  });

  t.test('run.abort() while an endless iterable is being spooled', async (t) => {
    await withPrivateTmpdir(async (dir) => {
      let pulled = 0;
      let pulledAfterAbort = 0;
      let run: TrainingRun | undefined;
      // Endless in spirit: it only gives up 50,000 sentences past the abort.
      async function* corpus() {
        for (let i = 0; ; i++) {
          if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
          pulled++;
          if (pulled === 100) run!.abort();
          if (pulled > 100 && ++pulledAfterAbort >= 50_000) return;
          yield ['x', `y${i % 10}`, 'z'];
        }
      }
      run = train({ corpus: corpus(), epochs: 1, dim: 4, minCount: 1 });
      const error = await rejection(t, run);
      t.equal(error.name, 'AbortError', 'rejects with an AbortError');
      t.ok(pulledAfterAbort <= 1, `spooling stops at the abort (${pulledAfterAbort} sentences were read after it)`);
      t.strictSame(hogvecSpoolDirs(dir), [], 'no spool directory remains');
    });
  });
});

// ===================================================== spooling must not crash

/** Runs a scenario of the spooler in a child process: a crash there must not take this test down. */
function runChild(scenario: string, tmpdir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(WORK, `spool-child-${scenario}.ts`);
  fs.writeFileSync(
    script,
    `
import { train } from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))};
async function main(): Promise<void> {
  const scenario = process.argv[2];
  let run;
  if (scenario === 'abort') {
    // An AbortController fires after 20,000 sentences (~600 kB) were handed to the spooler.
    const controller = new AbortController();
    async function* corpus() {
      for (let i = 0; ; i++) {
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        if (i === 20000) controller.abort();
        if (i > 40000) return;
        yield ['alpha', 'beta' + (i % 50), 'gamma', 'delta' + (i % 7), 'epsilon'];
      }
    }
    run = train({ corpus: corpus(), signal: controller.signal, epochs: 1, dim: 4 });
  } else {
    // A bad token after 20,000 good sentences, from a source that takes event-loop turns (as a stream does).
    async function* corpus() {
      for (let i = 0; i < 20000; i++) {
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
        yield ['alpha', 'beta' + (i % 50), 'gamma', 'delta', 'epsilon'];
      }
      yield ['alpha', 'two words'];
    }
    run = train({ corpus: corpus(), epochs: 1, dim: 4 });
  }
  let result: { name: string; message: string } | string;
  try {
    await run;
    result = 'resolved';
  } catch (err) {
    result = { name: (err as Error).name, message: (err as Error).message };
  }
  // Give a late stream error some turns of the event loop to surface.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  process.stdout.write(JSON.stringify(result) + '\\n');
}
void main();
`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmpdir };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, scenario], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('spooling an iterable: an abort or a bad token after many sentences never crashes the process', async (t) => {
  const [abortDir, badDir] = [fs.mkdtempSync(path.join(WORK, 'tmp-')), fs.mkdtempSync(path.join(WORK, 'tmp-'))];
  const [aborted, bad] = await Promise.all([runChild('abort', abortDir), runChild('bad', badDir)]);
  for (const [name, r, dir, expected] of [
    ['abort while spooling', aborted, abortDir, { name: 'AbortError', message: 'The training run was aborted' }],
    [
      'bad token after 20,000 sentences',
      bad,
      badDir,
      { name: 'RangeError', message: /without whitespace for corpus sentence 20000 token 1/ },
    ],
  ] as const) {
    t.equal(
      r.code,
      0,
      `${name}: the process exits normally${r.code === 0 ? '' : `; stderr: ${r.stderr.split('\n').slice(0, 6).join(' | ')}`}`,
    );
    const line = r.stdout.trim().split('\n').pop() ?? '';
    let result: unknown;
    try {
      result = JSON.parse(line);
    } catch {
      result = line;
    }
    t.match(result, expected, `${name}: the run rejects with the expected error`);
    t.strictSame(hogvecSpoolDirs(dir), [], `${name}: no spool directory remains`);
  }
});

// ========================================================= 7. the event loop

t.test('the event loop keeps running while training', async (t) => {
  // A run far longer than needed: a 5 ms interval must fire 20 times while it trains, then it is aborted.
  const run = train({ ...BIG_OPTIONS, epochs: 100_000, progressInterval: 50 });
  let training = false;
  let settled = false;
  run.finally(() => (settled = true)).catch(() => undefined);
  run.on('progress', (p) => {
    if (p.phase === 'training') training = true;
  });
  const ticksWhileTraining = await new Promise<number>((resolve) => {
    let ticks = 0;
    const timer = setInterval(() => {
      if (training && !settled) ticks++;
      if (ticks === 20 || settled) {
        clearInterval(timer);
        resolve(ticks);
      }
    }, 5);
  });
  t.equal(ticksWhileTraining, 20, 'a 5 ms interval fired 20 times during the training phase');
  t.notOk(settled, 'while the run was still training');
  run.abort();
  t.equal((await rejection(t, run)).name, 'AbortError', 'the run is then aborted');
});

// ========================================================== 8. corpus forms

t.test('corpus forms: path, paths, sync and async iterables give the same vocabulary', async (t) => {
  const sentences = fileSentences(SMALL);
  const half = Math.floor(sentences.length / 2);
  const first = writeLines(
    'first-half.txt',
    sentences.slice(0, half).map((s) => s.join(' ')),
  );
  const second = writeLines(
    'second-half.txt',
    sentences.slice(half).map((s) => s.join(' ')),
  );
  async function* asyncCorpus() {
    for (const s of sentences) {
      await Promise.resolve();
      yield s;
    }
  }
  function* syncCorpus() {
    yield* sentences;
  }
  const base = { threads: 1, epochs: 1, dim: 4, minCount: 2 } as const;
  const fromPath = (await trainObserved({ ...base, corpus: SMALL })).model.vocabulary;
  t.ok(fromPath.size > 300, `a real vocabulary (${fromPath.size} words)`);
  for (const [name, corpus] of [
    ['array of two paths', [first, second]],
    ['async iterable', asyncCorpus()],
    ['sync generator', syncCorpus()],
    ['array of token arrays', sentences],
  ] as const) {
    const v = (await trainObserved({ ...base, corpus })).model.vocabulary;
    t.strictSame(v.words, fromPath.words, `${name}: same words, same order`);
    t.strictSame(Array.from(v.counts), Array.from(fromPath.counts), `${name}: same counts`);
  }
});

t.test('corpus errors are clear Errors and the process survives', async (t) => {
  await withPrivateTmpdir(async (dir) => {
    const cases: [string, () => TrainingRun, RegExp][] = [
      [
        'whitespace in a token',
        () => train({ corpus: [['good', 'to ken']] }),
        /Expected a non-empty string without whitespace for corpus sentence 0 token 1 but received 'to ken'/,
      ],
      [
        'newline in a token',
        () =>
          train({
            corpus: (function* () {
              yield ['a', 'b'];
              yield ['c\nd'];
            })(),
          }),
        /without whitespace for corpus sentence 1 token 0/,
      ],
      [
        'a number token',
        () => train({ corpus: [['a', 42 as unknown as string]] }),
        /Expected a non-empty string without whitespace for corpus sentence 0 token 1 but received 42 of type number/,
      ],
      [
        'an empty token',
        () =>
          train({
            corpus: (async function* () {
              yield ['a', ''];
            })(),
          }),
        /sentence 0 token 1 but received ''/,
      ],
      [
        'a sentence that is not an array',
        () =>
          train({
            corpus: (function* () {
              yield 'a b' as unknown as string[];
            })(),
          }),
        /Expected an array of token strings for corpus sentence 0/,
      ],
    ];
    for (const [name, start, message] of cases) {
      const error = await rejection(t, start());
      t.match(error.message, message, `${name}: ${error.message}`);
    }
    t.strictSame(hogvecSpoolDirs(dir), [], 'rejected iterables leave no spool directory');
  });

  const missing = path.join(WORK, 'no-such-corpus.txt');
  const empty = writeLines('empty.txt', []);
  const blank = path.join(WORK, 'blank.txt');
  fs.writeFileSync(blank, '\n \n\t\n');
  const rare = writeLines('rare.txt', ['a b c d e f', 'g h i']);
  const single = writeLines('single.txt', ['a a a a a b c']);
  const fileCases: [string, TrainOptions, RegExp][] = [
    ['a missing file', { corpus: missing }, /Cannot read corpus file '.*no-such-corpus\.txt': no such file/],
    ['a missing second file', { corpus: [SMALL, missing] }, /no-such-corpus\.txt/],
    ['a directory', { corpus: WORK }, /Expected a corpus file but '.*' is a directory/],
    ['an empty file', { corpus: empty }, /The corpus is empty/],
    ['a file of whitespace', { corpus: blank }, /The corpus is empty/],
    ['an empty array', { corpus: [] as string[][] }, /Expected path, non-empty array of paths/],
    [
      'no word reaches minCount',
      { corpus: rare, minCount: 2 },
      /No word occurs at least minCount \(2\) times in the 9 tokens/,
    ],
    [
      'a single word reaches minCount',
      { corpus: single, minCount: 5 },
      /Only one word \('a'\) occurs at least minCount \(5\) times/,
    ],
  ];
  for (const [name, options, message] of fileCases) {
    let error: Error;
    try {
      error = await rejection(t, train(options));
    } catch (thrown) {
      error = thrown as Error; // synchronous validation errors count too
    }
    t.type(error, Error, `${name}: an Error`);
    t.match(error.message, message, `${name}: ${error.message}`);
  }
  async function* nothing(): AsyncGenerator<string[]> {}
  t.match((await rejection(t, train({ corpus: nothing() }))).message, /The corpus is empty/, 'an empty async iterable');

  const after = await trainObserved({ corpus: SMALL, threads: 1, epochs: 1, dim: 4 });
  t.ok(after.model.vocabulary.size > 0, 'the process survives and trains afterwards');
});

// ========================================================= 9. planted topics

t.test("planted topics: a topic word's 10 nearest topic words share its topic", async (t) => {
  const corpus = path.join(WORK, 'planted.txt');
  generatePlanted({
    ...TEST_TOPICS,
    out: corpus,
    tokens: 100_000,
  });
  const topics = readTopics(corpus);
  t.equal(topics.length, 10, 'ten topics in the sidecar');
  const { model } = await trainObserved({ corpus, threads: 2, epochs: 5, dim: 50, window: 5, minCount: 5 });
  const wv = model.wordVectors;
  t.ok(
    topics.flat().every((w) => wv.has(w)),
    'every topic word is in the vocabulary',
  );
  const shares = topicShares(wv, topics);
  const mean = shares.reduce((s, x) => s + x, 0) / shares.length;
  const min = Math.min(...shares);
  t.ok(mean >= 0.9, `on average ${(mean * 100).toFixed(1)}% of the 10 nearest topic words share the topic`);
  t.ok(min >= 0.9, `for every topic word at least 90% do (worst ${(min * 100).toFixed(0)}%)`);
});

// ====================================================== 10. losses x models

t.test('every loss with both architectures trains, and the loss decreases', async (t) => {
  for (const architecture of ['skip-gram', 'cbow'] as const) {
    for (const loss of ['negative-sampling', 'hierarchical-softmax', 'softmax'] as const) {
      const { model, epochs } = await trainObserved({
        corpus: SMALL,
        architecture,
        loss,
        threads: 1,
        epochs: 3,
        dim: 20,
        window: 3,
        minCount: 2,
      });
      const losses = epochs.map((e) => e.loss);
      t.equal(losses.length, 3, `${architecture} / ${loss}: three epochs`);
      t.ok(
        losses.every((x) => Number.isFinite(x) && x > 0),
        `${architecture} / ${loss}: finite losses ${losses.map((x) => x.toFixed(4)).join(', ')}`,
      );
      t.ok(losses[2] < losses[0], `${architecture} / ${loss}: the loss decreases from the first epoch to the last`);
      t.equal(model.loss, loss, 'the model remembers its loss');
      t.ok(model.wordVectors.vectors.every(Number.isFinite), 'finite vectors');
      const outputRows = loss === 'hierarchical-softmax' ? model.vocabulary.size - 1 : model.vocabulary.size;
      t.equal(model.outputVectors.length, outputRows * 20, `${outputRows} output rows`);
    }
  }
});
