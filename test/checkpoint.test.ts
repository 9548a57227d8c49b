/**
 * Checkpoints and continued training: the file format as documented in
 * binding/core/checkpoint.h, bit-exact save/load, resuming a schedule (bit for
 * bit with threads 1), continuing a finished model, damaged files, atomic
 * saves, and the `checkpoint` train option.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

import { reference, train, Word2Vec, type TrainOptions } from '../lib/index';
import { rejection } from './support/rejection';

const ROOT = path.resolve(__dirname, '..');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

// ------------------------------------------------------------------ helpers

/** A corpus of `lines` lines: Zipf-like background words plus a few topics, from a seeded generator. */
function writeCorpus(name: string, lines: number, seed: number, vocabulary = 300): string {
  const rng = new reference.Random(seed);
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    const topic = rng.below(4);
    const tokens: string[] = [];
    for (let i = 0; i < 15; i++) {
      if (rng.uniform() < 0.3) tokens.push(`t${topic}_${rng.below(8)}`);
      else tokens.push(`w${Math.floor(vocabulary * rng.uniform() ** 2)}`);
    }
    out.push(tokens.join(' '));
  }
  const file = path.join(WORK, name);
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return file;
}

const CORPUS = writeCorpus('corpus.txt', 1500, 7);
const OTHER = writeCorpus('other.txt', 600, 8, 500); // other words too: unknown ones are skipped

function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && bytesOf(a).equals(bytesOf(b));
}

function sum(xs: Float64Array): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** CRC-32C, bit by bit: an independent check of the native table-driven one. */
function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Mean over words of the cosine between a word's vectors in two models. */
function meanCosine(a: Word2Vec, b: Word2Vec): number {
  const dim = a.dim;
  const va = a.wordVectors.vectors;
  const vb = b.wordVectors.vectors;
  let total = 0;
  for (let w = 0; w < a.vocabulary.size; w++) {
    let dot = 0,
      na = 0,
      nb = 0;
    for (let k = 0; k < dim; k++) {
      const x = va[w * dim + k],
        y = vb[w * dim + k];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    total += dot / Math.sqrt(na * nb);
  }
  return total / a.vocabulary.size;
}

const SG_NS: TrainOptions = { corpus: CORPUS, dim: 20, epochs: 4, minCount: 3, window: 4, threads: 1, seed: 11 };
const CBOW_HS: TrainOptions = { ...SG_NS, architecture: 'cbow', loss: 'hierarchical-softmax', seed: 12 };

// ================================================================ the format

t.test('the file is laid out as binding/core/checkpoint.h documents', async (t) => {
  const model = await train({ ...SG_NS, epochs: 2 });
  const file = path.join(WORK, 'layout.hogvec');
  await model.save(file);
  const b = fs.readFileSync(file);

  t.equal(crc32c(Buffer.from('123456789')), 0xe3069283, 'the test CRC-32C is the standard one');
  t.ok(b.subarray(0, 8).equals(Buffer.from([0x48, 0x4f, 0x47, 0x56, 0x45, 0x43, 0, 1])), "magic 'HOGVEC\\0\\1'");
  t.equal(b.readUInt32LE(8), 1, 'format version 1');
  t.equal(b.readUInt32LE(12), 20, 'dim');
  t.equal(b.readUInt32LE(16), 0, 'loss code 0: negative sampling');
  t.equal(b.readUInt32LE(20), 2, 'epochsDone');
  t.equal(b.readUInt32LE(24), 2, 'epochsPlanned');
  const n = sum(model.vocabulary.counts);
  t.equal(Number(b.readBigUInt64LE(32)), 2 * n, 'scheduleDone: 2 epochs of the in-vocabulary words');
  t.equal(Number(b.readBigUInt64LE(40)), 2 * n, 'scheduleTotal');
  const V = Number(b.readBigUInt64LE(48));
  const R = Number(b.readBigUInt64LE(56));
  const J = Number(b.readBigUInt64LE(64));
  const B = Number(b.readBigUInt64LE(72));
  t.equal(b.readUInt32LE(80), crc32c(b.subarray(0, 80)), "the header's own CRC-32C");
  t.equal(V, model.vocabulary.size, 'V');
  t.equal(R, V, 'R = V for negative sampling');
  t.strictSame(JSON.parse(b.subarray(84, 84 + J).toString('utf8')), { ...model.options }, 'options JSON');

  let at = 84 + J;
  const words: string[] = [];
  const counts: number[] = [];
  for (let w = 0; w < V; w++) {
    const length = b.readUInt32LE(at);
    words.push(b.subarray(at + 4, at + 4 + length).toString('utf8'));
    counts.push(Number(b.readBigUInt64LE(at + 4 + length)));
    at += 12 + length;
  }
  t.equal(at, 84 + J + B, 'the vocabulary section is B bytes');
  t.strictSame(words, model.vocabulary.words, 'words in order');
  t.strictSame(counts, [...model.vocabulary.counts], 'counts');
  const matrix = 4 * V * 20;
  t.ok(b.subarray(at, at + matrix).equals(bytesOf(model.wordVectors.vectors)), 'input matrix, float32 LE');
  t.ok(b.subarray(at + matrix, at + 2 * matrix).equals(bytesOf(model.outputVectors)), 'output matrix');
  t.equal(b.length, 84 + J + B + 4 * (V + R) * 20 + 4, 'total size');
  t.equal(b.readUInt32LE(b.length - 4), crc32c(b.subarray(0, b.length - 4)), 'trailer: CRC-32C of all before it');
});

t.test('save and load round trip bit-exact, for every loss', async (t) => {
  const cases: TrainOptions[] = [
    { ...SG_NS, epochs: 1 },
    { ...CBOW_HS, epochs: 1, cbowMean: false, sample: 0, alpha: 0.04, minAlpha: 0.001 },
    { ...SG_NS, epochs: 1, loss: 'softmax', nsExponent: 0.5, window: 2, dim: 7 },
  ];
  for (const options of cases) {
    const model = await train(options);
    const file = path.join(WORK, `roundtrip-${options.loss ?? 'ns'}.hogvec`);
    await model.save(file);
    const back = await Word2Vec.load(file);
    const what = `${model.architecture} ${model.loss}`;
    t.strictSame(back.vocabulary.words, model.vocabulary.words, `${what}: words`);
    t.strictSame(back.vocabulary.counts, model.vocabulary.counts, `${what}: counts`);
    t.equal(back.dim, model.dim, `${what}: dim`);
    t.ok(sameBits(back.wordVectors.vectors, model.wordVectors.vectors), `${what}: input matrix bit-exact`);
    t.ok(sameBits(back.outputVectors, model.outputVectors), `${what}: output matrix bit-exact`);
    t.equal(
      back.outputVectors.length,
      (model.loss === 'hierarchical-softmax' ? back.vocabulary.size - 1 : back.vocabulary.size) * back.dim,
      `${what}: output rows`,
    );
    t.strictSame(back.options, model.options, `${what}: options`);
    t.strictSame(back.state, model.state, `${what}: state`);
    t.strictSame(back.epochLosses, [], `${what}: a loaded model has trained no epochs in this process`);
    // The writer is deterministic: saving the loaded model gives the same bytes.
    const again = path.join(WORK, 'roundtrip-again.hogvec');
    await back.save(again);
    t.ok(fs.readFileSync(again).equals(fs.readFileSync(file)), `${what}: re-saved file is byte-identical`);
  }
  t.strictSame(
    fs.readdirSync(WORK).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file is left',
  );
});

// ====================================================== continuing training

/** An uninterrupted run, and a run with per-epoch checkpoints; returns both and the pattern. */
async function checkpointedRuns(options: TrainOptions, tag: string) {
  const pattern = path.join(WORK, `${tag}-{epoch}.hogvec`);
  const uninterrupted = await train(options);
  const checkpointed = await train({ ...options, checkpoint: pattern });
  const at = (epoch: number) => pattern.replace('{epoch}', String(epoch));
  return { uninterrupted, checkpointed, at };
}

for (const [name, options] of [
  ['skip-gram NS', SG_NS],
  ['CBOW HS', CBOW_HS],
] as const) {
  t.test(`${name}, threads 1: resuming at epoch 2 gives the uninterrupted vectors bit for bit`, async (t) => {
    const tag = name.replace(/ /g, '-');
    const { uninterrupted, checkpointed, at } = await checkpointedRuns(options, tag);
    t.ok(
      sameBits(checkpointed.wordVectors.vectors, uninterrupted.wordVectors.vectors),
      'writing checkpoints does not change training',
    );

    const resumed = await Word2Vec.load(at(2));
    const n = sum(resumed.vocabulary.counts);
    t.strictSame(
      resumed.state,
      { epochsDone: 2, epochsPlanned: 4, scheduleDone: 2 * n, scheduleTotal: 4 * n },
      'the epoch-2 checkpoint holds the state at the end of epoch 2',
    );
    const epochs: number[] = [];
    const modelEpochs: number[] = [];
    const run = resumed.train({ corpus: CORPUS });
    run.on('epoch', (e) => {
      epochs.push(e.epoch);
      modelEpochs.push(e.modelEpoch);
    });
    const result = await run;
    t.equal(result, resumed, 'the run resolves with the same model, trained in place');
    t.strictSame(epochs, [1, 2], 'the remaining 2 epochs ran');
    t.strictSame(modelEpochs, [3, 4], "they are the model's epochs 3 and 4, as its checkpoints name them");
    t.ok(sameBits(resumed.wordVectors.vectors, uninterrupted.wordVectors.vectors), 'input vectors bit-identical');
    t.ok(sameBits(resumed.outputVectors, uninterrupted.outputVectors), 'output vectors bit-identical');
    t.strictSame(resumed.state, uninterrupted.state, "the state is the uninterrupted run's");
    t.equal(resumed.epochLosses.length, 2, 'two epoch losses recorded');
    t.equal(resumed.epochLosses[1], uninterrupted.epochLosses[3], "the last epoch's loss is the same");

    // Two steps (an explicit epochs within the schedule, then the rest), with checkpoints of their own.
    const stepwise = await Word2Vec.load(at(1));
    await stepwise.train({ corpus: CORPUS, epochs: 1 });
    t.strictSame(
      stepwise.state,
      { epochsDone: 2, epochsPlanned: 4, scheduleDone: 2 * n, scheduleTotal: 4 * n },
      'one epoch of the schedule later',
    );
    const resumedPattern = path.join(WORK, `${tag}-resumed-{epoch}.hogvec`);
    await stepwise.train({ corpus: CORPUS, checkpoint: resumedPattern });
    t.ok(sameBits(stepwise.wordVectors.vectors, uninterrupted.wordVectors.vectors), 'stepwise: bit-identical');
    t.notOk(fs.existsSync(resumedPattern.replace('{epoch}', '2')), 'a continued run names its files by the life epoch');
    t.ok(
      fs.readFileSync(resumedPattern.replace('{epoch}', '4')).equals(fs.readFileSync(at(4))),
      "its epoch-4 checkpoint is byte-identical to the uninterrupted run's",
    );
  });
}

t.test('threads 2: a resumed run stays close to an uninterrupted one', async (t) => {
  const options: TrainOptions = { ...SG_NS, threads: 2, seed: 21 };
  const { uninterrupted, at } = await checkpointedRuns(options, 'threads2');
  const resumed = await Word2Vec.load(at(2));
  t.equal(resumed.options.threads, 2, 'the model remembers its thread count');
  await resumed.train({ corpus: CORPUS });
  t.equal(resumed.state.epochsDone, 4, '4 epochs done');
  const fresh = await Word2Vec.load(at(2));
  const start = meanCosine(fresh, uninterrupted);
  const end = meanCosine(resumed, uninterrupted);
  t.ok(end > 0.9, `mean cosine of each word's vectors ${end.toFixed(4)} > 0.9`);
  t.ok(end > start, `closer than the epoch-2 vectors were (${start.toFixed(4)})`);
});

t.test('continuing a finished model starts a new schedule and trains further', async (t) => {
  const model = await train({ ...SG_NS, epochs: 2 });
  const n = sum(model.vocabulary.counts);
  t.strictSame(model.state, { epochsDone: 2, epochsPlanned: 2, scheduleDone: 2 * n, scheduleTotal: 2 * n }, 'finished');
  const file = path.join(WORK, 'finished.hogvec');
  await model.save(file);
  const before = Float32Array.from(model.wordVectors.vectors);
  const wv = model.wordVectors;
  const similarityBefore = wv.similarity('t0_0', 't0_1');

  const epochs: number[] = [];
  const run = model.train({ corpus: CORPUS, epochs: 3 });
  run.on('epoch', (e) => epochs.push(e.epoch));
  await run;
  t.strictSame(epochs, [1, 2, 3], '3 new epochs');
  t.strictSame(
    model.state,
    { epochsDone: 5, epochsPlanned: 5, scheduleDone: 3 * n, scheduleTotal: 3 * n },
    'a new schedule over 3 epochs, finished',
  );
  t.equal(model.options.epochs, 3, "the model remembers the new schedule's length");
  t.notOk(sameBits(model.wordVectors.vectors, before), 'the vectors changed');
  t.equal(model.epochLosses.length, 5, 'losses of all 5 epochs trained by this object');
  t.ok(model.epochLosses.every(Number.isFinite), 'finite losses');
  t.not(model.wordVectors, wv, 'a fresh WordVectors after the run');
  t.not(model.wordVectors.similarity('t0_0', 't0_1'), similarityBefore, 'similarities see the new vectors');

  // The same continuation of a loaded copy, with a corpus holding unknown words.
  const a = await Word2Vec.load(file);
  const b = await Word2Vec.load(file);
  await a.train({ corpus: OTHER, epochs: 1, alpha: 0.01 });
  await b.train({ corpus: OTHER, epochs: 1, alpha: 0.01 });
  t.ok(sameBits(a.wordVectors.vectors, b.wordVectors.vectors), 'threads 1: a continuation is repeatable');
  t.strictSame(a.vocabulary.words, model.vocabulary.words, 'the vocabulary never changes');
  t.equal(a.options.alpha, 0.01, 'the new alpha is remembered');
  t.equal(a.state.epochsDone, 3, "epochs count over the model's life");
  const known = new Set(model.vocabulary.words);
  const otherKnown = fs
    .readFileSync(OTHER, 'utf8')
    .split(/\s+/)
    .filter((w) => known.has(w)).length;
  t.ok(otherKnown > 0 && otherKnown < n, `the other corpus holds ${otherKnown} known words, fewer than ${n}`);
  t.strictSame(
    [a.state.scheduleDone, a.state.scheduleTotal],
    [otherKnown, otherKnown],
    "the new schedule is sized by the corpus given, not by the vocabulary's counts, and runs to its end",
  );

  // A corpus without a known word cannot size a schedule.
  const unknownOnly = path.join(WORK, 'unknown-only.txt');
  fs.writeFileSync(unknownOnly, 'zzz yyy xxx\nwww vvv\n');
  await t.rejects(
    Word2Vec.load(file).then((m) => m.train({ corpus: unknownOnly })),
    {
      message: /None of the corpus's tokens is in the model's vocabulary/,
    },
  );

  // The new schedule starts from alpha: the vectors move far more than at
  // the finished schedule's last rate (minAlpha), which a schedule that did
  // not restart would keep.
  const atMinAlpha = await Word2Vec.load(file);
  const restarted = await Word2Vec.load(file);
  await atMinAlpha.train({ corpus: CORPUS, epochs: 1, alpha: atMinAlpha.options.minAlpha });
  await restarted.train({ corpus: CORPUS, epochs: 1 });
  const start = (await Word2Vec.load(file)).wordVectors.vectors;
  const moved = (m: Word2Vec) => {
    let squares = 0;
    m.wordVectors.vectors.forEach((x, i) => (squares += (x - start[i]) ** 2));
    return Math.sqrt(squares);
  };
  t.ok(
    moved(restarted) > 10 * moved(atMinAlpha),
    `moved ${moved(restarted).toExponential(2)} from alpha vs ${moved(atMinAlpha).toExponential(2)} at minAlpha`,
  );
});

t.test('Word2Vec.train: option errors and exclusivity', async (t) => {
  const model = await train({ ...SG_NS, epochs: 1 });
  const file = path.join(WORK, 'errors.hogvec');
  await model.save(file);
  t.throws(() => model.train({ corpus: CORPUS, dim: 10 } as never), {
    name: 'TypeError',
    message: /'dim' belongs to the model/,
  });
  t.throws(() => model.train({ corpus: CORPUS, epoch: 1 } as never), {
    name: 'TypeError',
    message: /Unknown option 'epoch'/,
  });
  t.throws(() => model.train({ corpus: CORPUS, threads: 0 }), { name: 'RangeError', message: /threads/ });
  t.throws(() => model.train(undefined as never), { name: 'TypeError', message: /options/ });

  const unfinished = await train({
    ...SG_NS,
    epochs: 3,
    checkpoint: path.join(WORK, 'unfinished-{epoch}.hogvec'),
  }).then(() => Word2Vec.load(path.join(WORK, 'unfinished-1.hogvec')));
  t.throws(() => unfinished.train({ corpus: CORPUS, epochs: 3 }), {
    name: 'RangeError',
    message: /Expected integer between 1 and 2 \(the epochs left/,
  });

  const run = model.train({ corpus: CORPUS });
  t.throws(() => model.train({ corpus: CORPUS }), { message: /is training/ }, 'one run at a time');
  const saveError = await rejection(t, model.save(path.join(WORK, 'during.hogvec')));
  t.match(saveError.message, /while it trains/, 'no save while training');
  t.throws(() => model.wordVectors, { message: /read its vectors while the model trains/ }, 'no reads while training');
  t.throws(() => model.outputVectors, { message: /while the model trains/ }, 'nor of the output vectors');
  await run;
  t.ok(model.wordVectors.vectors.every(Number.isFinite), 'the vectors read again once the run is over');
  await model.save(path.join(WORK, 'after.hogvec'));
  t.ok(fs.existsSync(path.join(WORK, 'after.hogvec')), 'saving works once the run is over');
  const saving = model.save(path.join(WORK, 'after2.hogvec'));
  t.throws(() => model.train({ corpus: CORPUS }), { message: /being saved/ }, 'no training while saving');
  await saving;

  const missing = await rejection(t, model.train({ corpus: path.join(WORK, 'nope.txt') }));
  t.match(missing.message, /nope\.txt/, 'a failed continuation rejects');
  t.equal(model.state.epochsDone, 2, 'and leaves the state as it was');
  await model.train({ corpus: CORPUS, epochs: 1 });
  t.equal(model.state.epochsDone, 3, 'the model can train again after a failed run');
});

// ========================================================== damaged files

t.test('damaged or foreign files are rejected with clear errors', async (t) => {
  // A tiny model, so that every single byte can be flipped.
  const tiny = writeCorpus('tiny.txt', 40, 3, 6);
  const model = await train({ corpus: tiny, dim: 3, epochs: 1, minCount: 1, threads: 1, loss: 'hierarchical-softmax' });
  const good = path.join(WORK, 'tiny.hogvec');
  await model.save(good);
  const bytes = fs.readFileSync(good);
  const bad = path.join(WORK, 'bad.hogvec');
  const expectError = async (content: Buffer, pattern: RegExp, what: string) => {
    fs.writeFileSync(bad, content);
    const error = await rejection(t, Word2Vec.load(bad));
    t.ok(error.message.includes(bad), `${what}: the message names the file`);
    t.match(error.message, pattern, `${what}: ${error.message}`);
  };

  let unexplained = 0;
  for (let i = 0; i < bytes.length; i++) {
    const flipped = Buffer.from(bytes);
    flipped[i] ^= 0x10;
    fs.writeFileSync(bad, flipped);
    try {
      await Word2Vec.load(bad);
      unexplained++;
    } catch (err) {
      const message = (err as Error).message;
      if (
        !message.includes(bad) ||
        !/checksum does not match|size does not match|not a hogvec checkpoint|format version/.test(message)
      ) {
        unexplained++;
        t.comment(`byte ${i}: ${message}`);
      }
    }
  }
  t.equal(unexplained, 0, `each of the ${bytes.length} single-byte flips is rejected, naming the file and the reason`);

  // The same in a larger model, in each section.
  const model2 = await train({ ...SG_NS, epochs: 1 });
  const file2 = path.join(WORK, 'sections.hogvec');
  await model2.save(file2);
  const b = fs.readFileSync(file2);
  const J = Number(b.readBigUInt64LE(64));
  const B = Number(b.readBigUInt64LE(72));
  const flip = (at: number) => {
    const copy = Buffer.from(b);
    copy[at] ^= 0x01;
    return copy;
  };
  const inputStart = 84 + J + B;
  await expectError(
    flip(inputStart + Math.floor((b.length - inputStart) / 4)),
    /checksum does not match/,
    'a flip in the input matrix',
  );
  await expectError(flip(b.length - 100), /checksum does not match/, 'a flip in the output matrix');
  await expectError(flip(33), /header's checksum does not match/, 'a flip in the header (scheduleDone)');
  await expectError(flip(12), /header's checksum does not match/, 'a flip in the header (dim)');
  await expectError(flip(81), /header's checksum does not match/, "a flip in the header's checksum");
  await expectError(flip(84 + 10), /checksum does not match/, 'a flip in the options');
  await expectError(flip(84 + J + 5), /checksum does not match/, 'a flip in a word of the vocabulary');
  await expectError(flip(84 + J + 1), /size does not match/, 'a flip in a word length of the vocabulary');
  await expectError(flip(b.length - 1), /checksum does not match/, 'a flip in the checksum');
  await expectError(b.subarray(0, b.length - 1), /size does not match/, 'the last byte cut off');
  await expectError(b.subarray(0, Math.floor(b.length / 2)), /size does not match/, 'truncated to half');
  await expectError(b.subarray(0, 50), /truncated.*size does not match/, 'truncated inside the header');
  await expectError(Buffer.concat([b, Buffer.from([0])]), /size does not match/, 'a byte appended');
  await expectError(Buffer.alloc(0), /not a hogvec checkpoint: it is 0 bytes long/, 'an empty file');
  await expectError(fs.readFileSync(CORPUS), /not a hogvec checkpoint/, 'a text file');
  const version = Buffer.from(b);
  version.writeUInt32LE(2, 8);
  await expectError(
    version,
    /format version 2; this version of hogvec reads format version 1/,
    'a later format version',
  );

  // Headers that are consistent (their checksum is right) but claim huge
  // sizes are refused before anything is allocated.
  const forged = (edit: (header: Buffer) => void) => {
    const copy = Buffer.from(b);
    edit(copy);
    copy.writeUInt32LE(crc32c(copy.subarray(0, 80)), 80);
    return copy;
  };
  await expectError(
    forged((h) => {
      h.writeBigUInt64LE(10n ** 12n, 48);
      h.writeBigUInt64LE(10n ** 12n, 56);
    }),
    /claims 1000000000000 words.*size does not match/,
    'a header claiming 10^12 words',
  );
  await expectError(
    forged((h) => h.writeUInt32LE(0xffffffff, 12)),
    /size does not match/,
    'a header claiming dim 2^32 - 1',
  );
  await expectError(
    forged((h) => h.writeBigUInt64LE(2n ** 62n, 64)),
    /size does not match/,
    'a header claiming 2^62 option bytes',
  );
  await expectError(
    forged((h) => h.writeBigUInt64LE(2n ** 64n - 1n, 72)),
    /size does not match/,
    'a header claiming 2^64 - 1 vocabulary bytes',
  );
  await expectError(
    forged((h) => h.writeUInt32LE(7, 16)),
    /loss code 7/,
    'a header naming an unknown loss',
  );

  const missing = await rejection(t, Word2Vec.load(path.join(WORK, 'missing.hogvec')));
  t.match(missing.message, /Cannot read checkpoint '.*missing\.hogvec': No such file/, 'a missing file');
  const folder = await rejection(t, Word2Vec.load(WORK));
  t.match(folder.message, /is a directory/, 'a folder');
  const typeError = await rejection(t, Word2Vec.load(42 as never));
  t.match(typeError.message, /Expected non-empty string \(a file path\) for path/, 'a path that is not a string');
  t.ok(typeError instanceof TypeError, 'a TypeError');

  // Still alive, and the good file still loads.
  const back = await Word2Vec.load(good);
  t.ok(sameBits(back.wordVectors.vectors, model.wordVectors.vectors), 'the process survives; good files still load');
});

// ============================================================= atomic saves

t.test('saves are atomic', async (t) => {
  const model = await train({ ...SG_NS, epochs: 1, dim: 50 });
  const folder = fs.mkdtempSync(path.join(WORK, 'atomic-'));
  const target = path.join(folder, 'model.hogvec');
  fs.writeFileSync(target, 'the previous file');

  const missing = await rejection(t, model.save(path.join(WORK, 'no-such-folder', 'model.hogvec')));
  t.match(
    missing.message,
    /Cannot write checkpoint '.*no-such-folder.model\.hogvec': cannot create a temporary file in '.*no-such-folder': No such file or directory/,
    'saving into a missing folder rejects, naming the file',
  );

  const overFolder = path.join(folder, 'a-folder');
  fs.mkdirSync(path.join(overFolder, 'inside'), { recursive: true });
  const isFolder = await rejection(t, model.save(overFolder));
  t.match(isFolder.message, /Cannot write checkpoint '.*a-folder'/, 'saving over a folder rejects');
  t.ok(fs.statSync(path.join(overFolder, 'inside')).isDirectory(), 'the folder is untouched');

  if (process.platform !== 'win32') {
    // A child process whose file-size limit (ulimit -f, in blocks of 512 or 1024 bytes) stops the write midway.
    const source = path.join(folder, 'source.hogvec');
    await model.save(source);
    t.ok(fs.statSync(source).size > 64 * 1024, 'the checkpoint is larger than the limit');
    // The write raises SIGXFSZ; a listener keeps it from ending the child (the write then fails with EFBIG).
    const script = `
      process.on('SIGXFSZ', () => undefined);
      const b = require('node-gyp-build')(${JSON.stringify(ROOT)});
      b.loadCheckpoint(${JSON.stringify(source)})
        .then((c) => b.saveCheckpoint(c.model, ${JSON.stringify(target)}, c.options, c.state))
        .then(() => console.log(JSON.stringify({ ok: true })), (e) => console.log(JSON.stringify({ ok: false, message: e.message })));`;
    const child = spawn('/bin/sh', ['-c', 'ulimit -f 64 && exec "$0" -e "$1"', process.execPath, script], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    t.equal(code, 0, 'the child process exits normally', { stderr: err });
    const result = JSON.parse(out.trim()) as { ok: boolean; message?: string };
    t.equal(result.ok, false, 'the save failed');
    t.match(
      result.message ?? '',
      /Cannot write checkpoint '.*model\.hogvec': File too large/,
      "with the system's reason",
    );
    t.equal(fs.readFileSync(target, 'utf8'), 'the previous file', 'the previous file is intact');
  }
  t.strictSame(
    fs.readdirSync(folder).filter((f) => f.includes('.tmp')),
    [],
    'no temporary file is left',
  );

  await model.save(target);
  const back = await Word2Vec.load(target);
  t.ok(sameBits(back.wordVectors.vectors, model.wordVectors.vectors), 'a later save replaces the file');
  t.strictSame(
    fs.readdirSync(folder).filter((f) => f.includes('.tmp')),
    [],
    'still no temporary file',
  );
});

// ============================================== the checkpoint train option

t.test('the checkpoint option writes a loadable file at every epoch', async (t) => {
  const single = path.join(WORK, 'latest.hogvec');
  const seen: { epoch: number; epochsDone: number }[] = [];
  const run = train({ ...SG_NS, epochs: 3, threads: 2, checkpoint: single });
  const pending: Promise<void>[] = [];
  run.on('epoch', (e) => {
    // The file is written before the epoch is reported.
    pending.push(
      Word2Vec.load(single).then((m) => {
        seen.push({ epoch: e.epoch, epochsDone: m.state.epochsDone });
      }),
    );
  });
  const model = await run;
  await Promise.all(pending);
  t.equal(seen.length, 3, 'a loadable file at each epoch event');
  t.ok(
    seen.every((s) => s.epochsDone >= s.epoch),
    'holding that epoch or a later one',
  );
  const last = await Word2Vec.load(single);
  t.strictSame(last.state, model.state, 'the file holds the final state');
  t.ok(sameBits(last.wordVectors.vectors, model.wordVectors.vectors), 'and the final vectors');

  const templated = path.join(WORK, 'every-{epoch}.hogvec');
  const model3 = await train({ ...SG_NS, epochs: 3, checkpoint: templated });
  const n = sum(model3.vocabulary.counts);
  for (const epoch of [1, 2, 3]) {
    const m = await Word2Vec.load(templated.replace('{epoch}', String(epoch)));
    t.strictSame(
      m.state,
      { epochsDone: epoch, epochsPlanned: 3, scheduleDone: epoch * n, scheduleTotal: 3 * n },
      `epoch ${epoch}: its state`,
    );
    t.strictSame(m.options, model3.options, `epoch ${epoch}: the options`);
  }

  t.throws(() => train({ ...SG_NS, checkpoint: 5 as never }), {
    name: 'TypeError',
    message: 'Expected non-empty string (a file path) for checkpoint but received 5 of type number',
  });
  t.throws(() => train({ ...SG_NS, checkpoint: '' }), { name: 'RangeError', message: /for checkpoint/ });

  const early = await rejection(t, train({ ...SG_NS, checkpoint: path.join(WORK, 'missing', 'm.hogvec') }));
  t.match(
    early.message,
    /Cannot write checkpoint '.*m\.hogvec': the folder '.*missing' does not exist/,
    'a missing folder fails before training',
  );

  // A folder named per epoch is only found missing when the first epoch ends: the run rejects with the write error.
  const epochs: number[] = [];
  const failing = train({ ...SG_NS, threads: 2, checkpoint: path.join(WORK, 'run-{epoch}', 'm.hogvec') });
  failing.on('epoch', (e) => epochs.push(e.epoch));
  const late = await rejection(t, failing);
  t.match(
    late.message,
    /Cannot write checkpoint '.*run-1.m\.hogvec': cannot create a temporary file in '.*': No such file or directory/,
    'the write error',
  );
  t.strictSame(epochs, [], 'the epoch that could not be saved is not reported');
});
