// The native trainer (threads 1, float) and the TypeScript reference trainer
// (double) follow docs/training.md step by step, so on the same corpus and
// options they must build the same vocabulary and end within float rounding.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { train } from '../lib/index';
import { referenceTrain, type ReferenceTrainOptions } from '../lib/reference/index';
import { sharedData } from './support/shared-data';

const lee = sharedData('corpora', 'lee_background.cor');

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

t.test('native train() with threads 1 matches the reference trainer', async (t) => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'hogvec-equivalence-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  const lines = readFileSync(lee, 'utf8').split('\n');
  // Negative sampling and hierarchical softmax on the first 300 lines (about 60k
  // tokens); the full softmax costs V dot products a pair, so it gets 100 lines.
  const large = path.join(tmp, 'lee-300.txt');
  writeFileSync(large, lines.slice(0, 300).join('\n'));
  const small = path.join(tmp, 'lee-100.txt');
  writeFileSync(small, lines.slice(0, 100).join('\n') + '\n');

  // Every engine mode, alone, on every architecture and loss (a mode that
  // does not apply must leave training as it is).
  // The exact mode trains with the rows aligned in place (alignRows, the default).
  const modes: { name: string; options: Partial<ReferenceTrainOptions> }[] = [
    { name: 'exact', options: { sharedNegatives: false, hotRowBuffer: 0 } },
    { name: 'sharedNegatives', options: { sharedNegatives: true } },
    { name: 'hotRowBuffer', options: { sharedNegatives: false, hotRowBuffer: 64 } },
    { name: 'in place', options: { sharedNegatives: false, alignRows: false } },
  ];
  const exactInput = new Map<string, Float32Array>();
  for (const mode of modes)
    for (const architecture of ['skip-gram', 'cbow'] as const) {
      for (const loss of ['negative-sampling', 'hierarchical-softmax', 'softmax'] as const) {
        const name = `${mode.name}: ${architecture} ${loss}`;
        const options: ReferenceTrainOptions = {
          ...mode.options,
          corpus: loss === 'softmax' ? small : large,
          architecture,
          loss,
          dim: 12,
          window: 4,
          negative: 5,
          epochs: 1,
          minCount: 3,
          sample: 1e-3, // with N of 20k-60k tokens, keep < 1 for every word above ~40 occurrences
          seed: 7,
        };
        const model = await train({ ...options, threads: 1 });
        const ref = referenceTrain(options);

        t.ok(ref.words.length > 500, `${name}: ${ref.words.length} words`);
        t.same(model.vocabulary.words, ref.words, `${name}: same words in the same order`);
        t.same(Array.from(model.vocabulary.counts), ref.counts, `${name}: same counts`);
        const input = model.wordVectors.vectors;
        const output = model.outputVectors;
        t.equal(input.length, ref.input.length, `${name}: input shape`);
        t.equal(output.length, ref.output.length, `${name}: output shape`);
        const dIn = maxAbsDiff(input, ref.input);
        const dOut = maxAbsDiff(output, ref.output);
        t.ok(dIn <= 1e-4, `${name}: max |native - reference| over the input matrix is ${dIn.toExponential(2)}`);
        t.ok(dOut <= 1e-4, `${name}: max |native - reference| over the output matrix is ${dOut.toExponential(2)}`);
        // Training moved the output rows away from zero, so the comparison is not vacuous.
        t.ok(maxAbsDiff(ref.output, new Float64Array(ref.output.length)) > 1e-2, `${name}: output rows trained`);
        // A mode that changes the updates where it applies changes the result there.
        const key = `${architecture} ${loss}`;
        if (mode.name === 'exact') exactInput.set(key, Float32Array.from(input));
        else {
          const dMode = maxAbsDiff(input, exactInput.get(key) ?? []);
          if (mode.name === 'hotRowBuffer') {
            // One thread shares no rows: it keeps no buffer.
            t.equal(dMode, 0, `${name}: with one thread, the exact mode's vectors`);
          } else if (mode.name === 'in place') {
            // Where the rows lie changes no arithmetic.
            t.equal(dMode, 0, `${name}: the same vectors as with the rows aligned`);
          } else if (architecture === 'skip-gram' && loss === 'negative-sampling') {
            t.ok(dMode > 1e-4, `${name}: differs from the exact mode (by ${dMode.toExponential(2)})`);
          } else {
            t.equal(dMode, 0, `${name}: does not apply, the same vectors as the exact mode`);
          }
        }
        t.equal(model.epochLosses.length, 1, `${name}: one epoch loss`);
        t.ok(
          Math.abs(model.epochLosses[0] - ref.epochLosses[0]) <= 1e-5 * ref.epochLosses[0],
          `${name}: epoch loss native ${model.epochLosses[0]} vs reference ${ref.epochLosses[0]}`,
        );
      }
    }
});

t.test('hotRowBuffer with 2 threads: both threads write their copies of the hot rows back', async (t) => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'hogvec-hot-rows-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  const corpus = path.join(tmp, 'lee-300.txt');
  writeFileSync(corpus, readFileSync(lee, 'utf8').split('\n').slice(0, 300).join('\n'));
  for (const architecture of ['skip-gram', 'cbow'] as const) {
    await t.test(architecture, (t) => checkHotRowsWrittenBack(t, { corpus, architecture }));
  }
});

async function checkHotRowsWrittenBack(
  t: Test,
  corpusOptions: { corpus: string; architecture: 'skip-gram' | 'cbow' },
): Promise<void> {
  const options = { ...corpusOptions, dim: 12, window: 4, negative: 5, epochs: 2, minCount: 3, seed: 7, threads: 2 };
  const hotRows = 64;
  const exact = await train({ ...options, hotRowBuffer: 0 });
  const buffered = await train({ ...options, hotRowBuffer: hotRows });
  // The input rows as they start (a rate too small to move them).
  const initial = await train({ ...options, epochs: 1, alpha: 1e-9, minAlpha: 0 });
  const dim = options.dim;
  const meanNorm = (m: Float32Array, from: number, to: number): number => {
    let sum = 0;
    for (let r = from; r < to; r++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += m[r * dim + d] ** 2;
      sum += Math.sqrt(s);
    }
    return sum / (to - from);
  };
  // Lost write-backs would leave the hot rows where they started: output
  // rows at zero, input rows at their small random start.
  const ratio = meanNorm(buffered.outputVectors, 0, hotRows) / meanNorm(exact.outputVectors, 0, hotRows);
  t.ok(
    ratio > 0.8 && ratio < 1.25,
    `hot output rows trained as far as without the buffer (norm ratio ${ratio.toFixed(3)})`,
  );
  const [start, trained] = [
    meanNorm(initial.wordVectors.vectors, 0, hotRows),
    meanNorm(exact.wordVectors.vectors, 0, hotRows),
  ];
  t.ok(
    trained > 3 * start,
    `the hot input rows move far from their start (${start.toFixed(3)} -> ${trained.toFixed(3)})`,
  );
  const inputRatio = meanNorm(buffered.wordVectors.vectors, 0, hotRows) / trained;
  t.ok(
    inputRatio > 0.8 && inputRatio < 1.25,
    `hot input rows trained as far as without the buffer (norm ratio ${inputRatio.toFixed(3)})`,
  );
  const cold =
    meanNorm(buffered.outputVectors, hotRows, hotRows + 200) / meanNorm(exact.outputVectors, hotRows, hotRows + 200);
  t.ok(cold > 0.8 && cold < 1.25, `and so did the rows outside the buffer (norm ratio ${cold.toFixed(3)})`);
  const [a, b] = [exact.epochLosses.at(-1) ?? NaN, buffered.epochLosses.at(-1) ?? NaN];
  t.ok(Math.abs(a - b) <= 0.05 * a, `last epoch loss ${b.toFixed(4)} within 5% of ${a.toFixed(4)}`);
  t.ok(buffered.wordVectors.vectors.every(Number.isFinite), 'finite vectors');
}

t.test('words whose 32-bit hashes collide are told apart while training', async (t) => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'hogvec-collisions-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  // Pairs with the same FNV-1a hash, the vocabulary's: a lookup that trusted
  // the hash would train one word's rows for the other. Their lengths cover
  // words kept in the table's entries (<= 8 bytes) and in its arena.
  const pairs = [
    ['costarring', 'liquid'],
    ['declinate', 'macallums'],
    ['altarage', 'zinke'],
  ];
  const lines = readFileSync(lee, 'utf8').split('\n').slice(0, 100);
  const mixed = lines.map((line, i) => {
    const [a, b] = pairs[i % pairs.length];
    return `${line} ${a} ${i % 2 === 0 ? b : a}`;
  });
  const corpus = path.join(tmp, 'collisions.txt');
  writeFileSync(corpus, `${mixed.join('\n')}\n`);
  const options: ReferenceTrainOptions = { corpus, dim: 12, window: 4, epochs: 1, minCount: 3, seed: 5 };
  const model = await train({ ...options, threads: 1 });
  const ref = referenceTrain(options);
  for (const word of pairs.flat()) t.ok(model.vocabulary.words.includes(word), `${word} is in the vocabulary`);
  t.same(model.vocabulary.words, ref.words, 'same words in the same order');
  t.same(Array.from(model.vocabulary.counts), ref.counts, 'same counts');
  const dIn = maxAbsDiff(model.wordVectors.vectors, ref.input);
  t.ok(dIn <= 1e-4, `max |native - reference| over the input matrix is ${dIn.toExponential(2)}`);
});
