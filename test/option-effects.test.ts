/**
 * What four training options do to a native run, observed through train():
 *   - nsExponent: negatives are drawn by count^nsExponent, seen in the output
 *     rows of words that are only ever negatives;
 *   - cbowMean: false sums the context instead of averaging it;
 *   - the learning-rate schedule: one straight line from alpha to minAlpha
 *     over every word of every epoch;
 *   - maxVocabSize: counting prunes as word2vec.c's ReduceVocab does.
 * Runs use threads: 1 (deterministic) and fixed seeds; nothing depends on
 * how fast the machine is.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

import { train, type TrainingProgress, type Word2Vec } from '../lib/index';
import { referenceTrain, type ReferenceTrainOptions } from '../lib/reference/index';
import { prng } from './support/prng';
import { rejection } from './support/rejection';
import { scratchIn } from './support/scratch';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'option-effects-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));
const scratch = scratchIn(WORK);

/** `lines` sentences of `length` words drawn uniformly from w0..w{types-1}. */
function uniformLines(lines: number, length: number, types: number, seed: number): string[] {
  const random = prng(seed);
  return Array.from({ length: lines }, () =>
    Array.from({ length }, () => `w${Math.floor(random() * types)}`).join(' '),
  );
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The Euclidean norm of `word`'s output row. */
function outputNorm(model: Word2Vec, word: string): number {
  const i = model.vocabulary.words.indexOf(word);
  const row = model.outputVectors.subarray(i * model.dim, (i + 1) * model.dim);
  return Math.sqrt(row.reduce((s, v) => s + v * v, 0));
}

/** The native trainer (threads 1) and the reference trainer end within float rounding of each other. */
async function matchesReference(t: Test, name: string, options: ReferenceTrainOptions): Promise<Word2Vec> {
  const model = await train({ ...options, threads: 1 });
  const ref = referenceTrain(options);
  t.same(model.vocabulary.words, ref.words, `${name}: the reference has the same vocabulary`);
  const dIn = maxAbsDiff(model.wordVectors.vectors, ref.input);
  const dOut = maxAbsDiff(model.outputVectors, ref.output);
  t.ok(
    dIn <= 1e-4 && dOut <= 1e-4,
    `${name}: native and reference agree (max difference ${dIn.toExponential(1)} input, ${dOut.toExponential(1)} output)`,
  );
  return model;
}

// ================================================================ nsExponent

t.test('nsExponent: negatives are drawn by count^nsExponent', async (t) => {
  // Words alone on a line are in the vocabulary but never in a window, so their
  // output rows (zero at the start) move only when they are drawn as negatives:
  // the more draws, the longer the row. 'frequent' occurs 100 times as often as 'rare'.
  const random = prng(5);
  const lines = uniformLines(2000, 5, 20, 1);
  for (const [word, count] of [
    ['frequent', 500],
    ['rare', 5],
  ] as const) {
    for (let i = 0; i < count; i++) lines.splice(Math.floor(random() * lines.length), 0, word);
  }
  const corpus = scratch.write('isolated.txt', `${lines.join('\n')}\n`);
  const options = { corpus, threads: 1, sample: 0, minCount: 1, dim: 10, epochs: 2, seed: 1 };

  const ratios: number[] = [];
  for (const nsExponent of [-1, 0, 0.75, 1]) {
    const model = await train({ ...options, nsExponent });
    const ratio = outputNorm(model, 'frequent') / outputNorm(model, 'rare');
    t.comment(`nsExponent ${nsExponent}: |u(frequent)| / |u(rare)| = ${ratio.toFixed(3)}`);
    ratios.push(ratio);
  }
  const [negative, zero, standard, one] = ratios;
  t.ok(zero > 0.8 && zero < 1.25, `nsExponent 0: both drawn alike, rows of about equal length (${zero.toFixed(3)})`);
  t.ok(negative < 0.8, `nsExponent -1: the rare word is drawn more (${negative.toFixed(3)})`);
  t.ok(
    standard > 1.5 && one > standard,
    `0.75 and 1: the frequent word is drawn more, and more so at 1 (${standard.toFixed(3)} < ${one.toFixed(3)})`,
  );

  // The exact draws: the native trainer follows the reference's alias table at any exponent.
  const base: ReferenceTrainOptions = {
    corpus,
    dim: 8,
    window: 3,
    negative: 5,
    epochs: 1,
    minCount: 1,
    sample: 0,
    seed: 3,
  };
  const a = await matchesReference(t, 'nsExponent 0.3', { ...base, nsExponent: 0.3 });
  const b = await matchesReference(t, 'nsExponent 1', { ...base, nsExponent: 1 });
  t.ok(maxAbsDiff(a.outputVectors, b.outputVectors) > 1e-3, 'and the exponent changes what is trained');
});

// ================================================================== cbowMean

t.test('cbowMean: false sums the context vectors, true averages them', async (t) => {
  // The reference trainer takes these too (threads is the native trainer's alone).
  const base = { architecture: 'cbow', minCount: 1, dim: 12, epochs: 2, seed: 4, sample: 0 } as const;

  // With window 1 on two-word lines every window holds one context word: sum and mean are the same.
  const pairs = scratch.write('pairs.txt', `${uniformLines(3000, 2, 40, 2).join('\n')}\n`);
  const meanPairs = await train({ ...base, threads: 1, corpus: pairs, window: 1, cbowMean: true });
  const sumPairs = await train({ ...base, threads: 1, corpus: pairs, window: 1, cbowMean: false });
  t.same(
    Array.from(sumPairs.wordVectors.vectors),
    Array.from(meanPairs.wordVectors.vectors),
    'one context word: cbowMean false and true train the same vectors, bit for bit',
  );
  t.equal(sumPairs.options.cbowMean, false, 'the model keeps cbowMean: false');

  // With several context words they differ, and cbowMean: false is the reference's sum.
  const sentences = scratch.write('sentences.txt', `${uniformLines(1500, 8, 60, 3).join('\n')}\n`);
  const mean = await train({ ...base, threads: 1, corpus: sentences, window: 4, cbowMean: true });
  const sum = await matchesReference(t, 'cbowMean false', {
    ...base,
    corpus: sentences,
    window: 4,
    negative: 5,
    cbowMean: false,
  });
  t.ok(
    maxAbsDiff(sum.wordVectors.vectors, mean.wordVectors.vectors) > 1e-3,
    'several context words: the sum trains other vectors',
  );
  await matchesReference(t, 'cbowMean false, hierarchical softmax', {
    ...base,
    corpus: sentences,
    window: 4,
    loss: 'hierarchical-softmax',
    cbowMean: false,
  });
});

// ============================================================ learning rate

t.test('the learning rate falls on one straight line from alpha to minAlpha over all epochs', async (t) => {
  const alpha = 0.04;
  const minAlpha = 0.001;
  // Ten-word lines: the rate is set once a line, for the words done before it.
  const lineWords = 10;
  const piece = 2 * lineWords;
  const corpus = scratch.write('schedule.txt', `${uniformLines(20, lineWords, 30, 6).join('\n')}\n`);
  const rate = (wordsDone: number, wordsTotal: number) => alpha - ((alpha - minAlpha) * wordsDone) / wordsTotal;
  const tolerance = 1e-7; // the rate is a float

  // A run of many short epochs, observed until eight reports, then aborted.
  const run = train({
    corpus,
    alpha,
    minAlpha,
    epochs: 100_000,
    threads: 1,
    minCount: 1,
    dim: 4,
    sample: 0,
    progressInterval: 10,
  });
  const seen: TrainingProgress[] = [];
  run.on('progress', (p) => {
    if (p.phase !== 'training' || p.wordsDone === 0 || p.wordsDone === seen.at(-1)?.wordsDone) return;
    seen.push(p);
    if (seen.length === 8) run.abort();
  });
  t.equal((await rejection(t, run)).name, 'AbortError', 'the run was aborted after eight reports');
  t.equal(seen.length, 8, 'eight reports at different points of the schedule');
  const epochWords = 20 * lineWords;
  t.ok(
    seen.every((p) => p.wordsTotal === 100_000 * epochWords),
    'the schedule spans every word of every epoch',
  );
  t.ok(seen.at(-1)!.epoch > 1, `the reports span ${seen.at(-1)!.epoch} epochs`);
  // Rate and words done are read one after the other while the thread runs, so each
  // rate lies between the line's rate at the next report's words done and at the previous one's.
  let outside = 0;
  for (let i = 1; i + 1 < seen.length; i++) {
    const total = seen[i].wordsTotal;
    const high = rate(Math.max(0, seen[i - 1].wordsDone - piece), total) + tolerance;
    const low = rate(seen[i + 1].wordsDone, total) - tolerance;
    if (!(seen[i].alpha >= low && seen[i].alpha <= high)) {
      outside++;
      t.comment(
        `report ${i}: alpha ${seen[i].alpha} not in [${low}, ${high}] at ${seen[i].wordsDone} of ${total} words`,
      );
    }
  }
  t.equal(outside, 0, 'every rate is on the line alpha - (alpha - minAlpha) x wordsDone / wordsTotal');
  t.ok(
    seen.every((p, i) => i === 0 || p.alpha <= seen[i - 1].alpha),
    'the rate never rises, not even at a new epoch',
  );

  // A whole run ends at minAlpha.
  const finished: TrainingProgress[] = [];
  const whole = train({ corpus, alpha, minAlpha, epochs: 3, threads: 1, minCount: 1, dim: 4, sample: 0 });
  whole.on('progress', (p) => finished.push(p));
  await whole;
  const last = finished.at(-1)!;
  t.equal(last.fraction, 1, 'the last report is the end of the run');
  const lastLine = rate(last.wordsTotal - lineWords, last.wordsTotal);
  t.ok(
    last.alpha >= minAlpha - tolerance && last.alpha <= lastLine + tolerance,
    `the rate ends at minAlpha: ${last.alpha.toPrecision(6)}, between ${minAlpha} and the last line's ${lastLine.toPrecision(6)}`,
  );
});

// ============================================================== maxVocabSize

t.test('maxVocabSize: counting prunes the rarest words as word2vec.c does', async (t) => {
  // 998 words seen 3 times, then, in this order: 'early' once, 'z' once, 'n1' once
  // (word 1,001: every word seen once goes, 'z' too), 'z' 4 more times, 'late'
  // twice, 'n2' once (word 1,001 again: every word seen at most twice goes).
  const common = Array.from({ length: 998 }, (_, i) => `c${i}`);
  const tokens = [...common, ...common, ...common, 'early', 'z', 'n1', 'z', 'z', 'z', 'z', 'late', 'late', 'n2'];
  const lines: string[] = [];
  for (let i = 0; i < tokens.length; i += 10) lines.push(tokens.slice(i, i + 10).join(' '));
  const corpus = scratch.write('prune.txt', `${lines.join('\n')}\n`);
  const options = { corpus, minCount: 1, dim: 4, epochs: 1, sample: 0 };

  const pruned = await train({ ...options, threads: 1, maxVocabSize: 1000 });
  const counts = new Map(pruned.vocabulary.words.map((w, i) => [w, pruned.vocabulary.counts[i]]));
  t.equal(pruned.vocabulary.size, 999, 'the 998 common words and z');
  t.ok(
    common.every((w) => counts.get(w) === 3),
    'every common word, counted in full',
  );
  t.equal(counts.get('z'), 4, 'z: its first occurrence went with the first pruning, the later 4 count');
  t.same(
    ['early', 'late', 'n1', 'n2'].filter((w) => counts.has(w)),
    [],
    'early, late, n1 and n2 were pruned',
  );

  const unpruned = await train({ ...options, threads: 1 });
  const all = new Map(unpruned.vocabulary.words.map((w, i) => [w, unpruned.vocabulary.counts[i]]));
  t.equal(unpruned.vocabulary.size, 1003, 'without the bound: every word');
  t.same([all.get('z'), all.get('late'), all.get('early')], [5, 2, 1], 'with its full count');

  const reference = referenceTrain({ ...options, maxVocabSize: 1000 });
  t.same(pruned.vocabulary.words, reference.words, 'the reference trainer prunes alike');
  t.same(Array.from(pruned.vocabulary.counts), reference.counts, 'to the same counts');
});
