import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import {
  CorpusVocabulary,
  MAX_TOKEN_BYTES,
  NegativeSampler,
  Random,
  SENTENCE_END,
  VocabularyCounter,
  buildVocabulary,
  dropPartialUtf8Tail,
  hashWord,
  hierarchicalSoftmaxLossAndGradient,
  hierarchicalSoftmaxStep,
  huffmanTree,
  matrix,
  mix32,
  naiveSoftmaxLossAndGradient,
  negSamplingLossAndGradient,
  negativeSamplingStep,
  referenceTrain,
  row,
  sigmoid,
  softmaxStep,
  streamSeed,
  subsamplingKeepProbabilities,
  tokenizeCorpus,
  type Matrix,
} from '../lib/reference/index';
import { sharedData } from './support/shared-data';
import { prng } from './support/prng';

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

function randMatrix(rand: () => number, rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = 2 * rand() - 1;
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// ---------------------------------------------------------------- random.ts

// The fixtures below were printed by a throwaway C++17 program compiled with
// `g++ -std=c++17 -I binding/core main.cpp binding/core/sampling.cpp` (g++ 12,
// x86-64) that includes binding/core/random.h and sampling.h and prints, with
// printf("%u") or printf("%.17g"), exactly the calls named in each test.
t.test('random.ts is bit-exact with binding/core/random.h', async (t) => {
  // mix32(0), mix32(1), mix32(0x9e3779b9), mix32(0xffffffff)
  t.same([0, 1, 0x9e3779b9, 0xffffffff].map(mix32), [0, 1364076727, 2462723854, 2180083513]);
  // hashWord over "", "a", "the", "hogvec", "été" (UTF-8 bytes c3 a9 74 c3 a9)
  t.same(
    ['', 'a', 'the', 'hogvec', 'été'].map((w) => hashWord(utf8(w))),
    [2166136261, 3826002220, 3020861980, 2351702541, 4290086935],
  );
  // streamSeed(1, 0), streamSeed(1, 7), streamSeed(0xdeadbeef, 0xffffffff)
  t.same(
    [streamSeed(1, 0), streamSeed(1, 7), streamSeed(0xdeadbeef, 0xffffffff)],
    [1863002342, 1927802737, 1555992283],
  );
  // The training stream of thread 0 for seed 1: streamSeed(mix32(1 ^ 0x68e31da4), 0).
  const threadSeed = streamSeed(mix32((1 ^ 0x68e31da4) >>> 0), 0);
  t.equal(threadSeed, 270018841);
  const thread = new Random(threadSeed);
  t.same([thread.next(), thread.next(), thread.next()], [3641207028, 3979238371, 2752797426]);

  // Random(1): ten next() outputs.
  const r = new Random(1);
  t.same(
    Array.from({ length: 10 }, () => r.next()),
    [
      2442144158, 3238099751, 3819917871, 2104621829, 2021136066, 4223536128, 1515984730, 2298887649, 1445082595,
      3688943618,
    ],
  );
  // Random(1): five uniform() then five uniform32().
  const u = new Random(1);
  t.same(
    Array.from({ length: 5 }, () => u.uniform()),
    [0.56860595941543579, 0.75392884016036987, 0.88939392566680908, 0.49002045392990112, 0.47058236598968506],
  );
  t.same(
    Array.from({ length: 5 }, () => u.uniform32()),
    [0.9833686351776123, 0.35296770045533776, 0.53525149100460112, 0.33645951072685421, 0.85889911698177457],
  );
  // Random(42): below(n) for each n in turn, across the 2^21 switch to the split product.
  const b = new Random(42);
  t.same(
    [1, 5, 1000, 2097151, 2097152, 3000000, 123456789, 4294967295].map((n) => b.below(n)),
    [0, 0, 111, 1709051, 165896, 79050, 1877683, 1112262687],
  );
  // The initial input row of "the" for seed 1, dim 4:
  // float((Random(streamSeed(1, hashWord("the"))).uniform() - 0.5) / 4.0), printed as double.
  const init = new Random(streamSeed(1, hashWord(utf8('the'))));
  t.same(
    Array.from({ length: 4 }, () => Math.fround((init.uniform() - 0.5) / 4)),
    [-0.074176698923110962, 0.084601759910583496, -0.016152381896972656, 0.051565438508987427],
  );
});

t.test('below(n) is floor(next * n / 2^32) exactly for every n', async (t) => {
  const rand = prng(7);
  const a = new Random(99);
  const b = new Random(99);
  for (let k = 0; k < 20000; k++) {
    const n = k % 2 === 0 ? 1 + Math.floor(rand() * 4294967295) : 1 + Math.floor(rand() * 3000);
    const expected = Number((BigInt(b.next()) * BigInt(n)) >> 32n);
    const got = a.below(n);
    if (got !== expected) {
      t.fail(`below(${n}) gave ${got}, expected ${expected}`);
      return;
    }
  }
  t.pass('20000 draws agree with the BigInt product');
  t.throws(() => a.below(0), /between 1 and 4294967295/);
  t.throws(() => a.below(2 ** 32), /between 1 and 4294967295/);
});

// -------------------------------------------------------------- sampling.ts

t.test('the alias table matches sampling.cpp', async (t) => {
  // From the same C++ program: NegativeSampler({100, 40, 40, 7, 3, 1}, 0.75),
  // probability(i) for each i, then 20 draw()s and 20 drawExcept(rng, 0)s from Random(3).
  const s = new NegativeSampler([100, 40, 40, 7, 3, 1], 0.75);
  const probabilities = Array.from({ length: 6 }, (_, i) => s.probability(i));
  t.ok(
    maxAbsDiff(
      probabilities,
      [
        0.4452869230084191, 0.22396746511657489, 0.22396746511657489, 0.060598722833397504, 0.032098215035087169,
        0.014081208889946401,
      ],
    ) < 1e-15,
    `probabilities ${probabilities.join(', ')}`,
  );
  const d = new Random(3);
  t.same(
    Array.from({ length: 20 }, () => s.draw(d)),
    [0, 1, 0, 0, 3, 2, 0, 0, 0, 0, 2, 1, 0, 0, 2, 3, 1, 5, 0, 1],
  );
  const e = new Random(3);
  t.same(
    Array.from({ length: 20 }, () => s.drawExcept(e, 0)),
    [1, 3, 2, 2, 1, 2, 3, 1, 5, 1, 1, 2, 2, 1, 2, 2, 1, 2, 1, 1],
  );
});

t.test('negative draws follow count^0.75 (chi-square, p = 0.001)', async (t) => {
  const counts = [500, 230, 120, 60, 31, 12, 5, 1];
  const s = new NegativeSampler(counts, 0.75);
  const weights = counts.map((c) => Math.pow(c, 0.75));
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < counts.length; i++) {
    t.ok(Math.abs(s.probability(i) - weights[i] / total) < 1e-12, `table probability of word ${i}`);
  }
  const draws = 200_000;
  const observed = new Array<number>(counts.length).fill(0);
  const rng = new Random(12345);
  for (let k = 0; k < draws; k++) observed[s.draw(rng)]++;
  let chi2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = (draws * weights[i]) / total;
    chi2 += (observed[i] - expected) ** 2 / expected;
  }
  // Chi-square critical value for 7 degrees of freedom at p = 0.001.
  t.ok(chi2 < 24.322, `chi-square ${chi2.toFixed(3)} over ${counts.length - 1} degrees of freedom`);

  // drawExcept never returns the excluded word, and the others keep their proportions.
  for (const excluded of [0, 3, 7]) {
    const r = new Random(excluded + 1);
    let bad = 0;
    for (let k = 0; k < 20000; k++) if (s.drawExcept(r, excluded) === excluded) bad++;
    t.equal(bad, 0, `drawExcept(rng, ${excluded}) never returns ${excluded}`);
  }
});

t.test('drawExcept gives up after 1000 redraws and takes the next word', async (t) => {
  // Only one word has any weight, so every draw equals it.
  const first = new NegativeSampler([9, 0, 0], 0.75);
  const rng = new Random(5);
  t.equal(first.drawExcept(rng, 0), 1);
  const last = new NegativeSampler([0, 0, 9], 0.75);
  t.equal(last.drawExcept(rng, 2), 0, 'wraps to word 0 after the last word');
  // 1000 draws of two numbers each were spent: a fresh stream advanced by 2000 is in step.
  const check = new Random(5);
  for (let k = 0; k < 4000; k++) check.next();
  t.equal(rng.next(), check.next(), 'exactly 1000 draws (2 numbers each) per call');
});

t.test('keep probabilities follow the C formula', async (t) => {
  const counts = [100, 40, 40, 7, 3, 1];
  const keep = subsamplingKeepProbabilities(counts, 1e-3);
  const N = 191;
  const expected = counts.map((f) => ((Math.sqrt(f / (1e-3 * N)) + 1) * (1e-3 * N)) / f);
  t.ok(maxAbsDiff(keep, expected) < 1e-15);
  // The same C++ program printed subsamplingKeepProbabilities({100, 40, 40, 7, 3, 1}, 1e-3).
  t.ok(
    maxAbsDiff(
      keep,
      [
        0.045613546766824317, 0.073876374805426276, 0.073876374805426276, 0.19246959450928297, 0.31598921157034088,
        0.62803546766824314,
      ],
    ) < 1e-16,
  );
  t.same(Array.from(subsamplingKeepProbabilities(counts, 0)), [1, 1, 1, 1, 1, 1], 'sample 0 keeps all');
  // A rare word in a big corpus gets a keep probability above 1 (always kept).
  t.ok(subsamplingKeepProbabilities([1_000_000, 1], 1e-3)[1] > 1);
});

// ---------------------------------------------------------------- corpus.ts

t.test('tokenization of a tricky buffer', async (t) => {
  const x = (n: number) => 'x'.repeat(n);
  // 1022 x + "é" (2 bytes) + padding: the cut at 1024 falls after a whole character.
  const whole = x(1022) + 'é' + 'y'.repeat(2000 - 1024);
  // 1023 x + "€" (3 bytes e2 82 ac) + padding: the cut splits the euro sign, which is dropped.
  const euro = x(1023) + '€' + 'é'.repeat((2000 - 1026) / 2);
  // 1021 x + "😀" (4 bytes) + padding: the cut leaves 3 of its 4 bytes, dropped.
  const emoji = x(1021) + '😀' + 'z'.repeat(2000 - 1025);
  const exact = x(1024); // exactly the limit: not cut
  const parts: Buffer[] = [
    Buffer.from('  alpha\tbeta\r\ngamma   delta\v\fepsilon\r'),
    Buffer.from([0x0a, 0x61, 0x00, 0x62, 0x20, 0xff, 0xfe, 0x71, 0x20, 0xc3, 0x0a, 0x0a]), // "a\0b", ff fe 'q', lone c3
    Buffer.from(`${whole} ${euro}\t${emoji}\n${exact} `),
    Buffer.concat([Buffer.from(x(1023)), Buffer.from([0xff]), Buffer.from(x(10))]), // invalid byte at the cut
    Buffer.from('\nlast'),
  ];
  const tokens = tokenizeCorpus(Buffer.concat(parts));
  const shown = tokens.map((tok) => (tok === SENTENCE_END ? '<eos>' : Buffer.from(tok).toString('latin1')));
  const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  t.same(shown, [
    'alpha',
    'beta',
    '<eos>',
    'gamma',
    'delta',
    'epsilon',
    '<eos>',
    'a\u0000b',
    '\u00ff\u00feq',
    '\u00c3',
    '<eos>',
    '<eos>',
    latin1(x(1022) + 'é'),
    x(1023),
    x(1021),
    '<eos>',
    exact,
    x(1023),
    '<eos>',
    'last',
  ]);
  t.equal(MAX_TOKEN_BYTES, 1024);
  // dropPartialUtf8Tail leaves complete and non-UTF-8 tails alone.
  t.same(Array.from(dropPartialUtf8Tail(utf8('ab'))), Array.from(utf8('ab')));
  t.same(Array.from(dropPartialUtf8Tail(new Uint8Array([0x61, 0x80, 0x80]))), [0x61, 0x80, 0x80]);
  t.same(Array.from(dropPartialUtf8Tail(new Uint8Array([0x61, 0xe2, 0x82]))), [0x61]);
  t.same(Array.from(dropPartialUtf8Tail(new Uint8Array([0x80, 0x80]))), [0x80, 0x80]);
  t.same(tokenizeCorpus(new Uint8Array(0)), []);
});

t.test('vocabulary order: count descending, ties by bytes', async (t) => {
  // Ties among count 2: "a" < "ab" < "b" < "é" (c3 a9) < "～" (ef bd 9e) < "😀" (f0 9f 98 80).
  // UTF-16 order would put "😀" (a surrogate, d83d) before "～" (ff5e); bytes do not.
  const text = '😀 ～ é b ab a z z z\n😀 ～ é b ab a once q q q q\n';
  const vocab = buildVocabulary(utf8(text), { minCount: 2 });
  t.same(vocab.words, ['q', 'z', 'a', 'ab', 'b', 'é', '～', '😀']);
  t.same(vocab.counts, [4, 3, 2, 2, 2, 2, 2, 2]);
  t.equal(vocab.totalCount, 19);
  t.equal(vocab.corpusTokens, 20);
  t.equal(vocab.find(utf8('ab')), 3);
  t.equal(vocab.find(utf8('once')), -1, 'below minCount');
  // Words that differ only in invalid bytes stay distinct, though both decode to U+FFFD.
  const invalid = buildVocabulary(new Uint8Array([0xff, 0x20, 0xfe, 0x20, 0xff, 0x20, 0xfe]), { minCount: 1 });
  t.equal(invalid.size, 2);
  t.same(
    invalid.bytes.map((b) => Array.from(b)),
    [[0xfe], [0xff]],
  );
  t.same(invalid.words, ['\ufffd', '\ufffd']);
});

t.test('pruning as VocabularyCounter::prune does it', async (t) => {
  const counter = new VocabularyCounter(3);
  for (const w of 'a a a b b c d'.split(' ')) counter.add(utf8(w));
  // Adding d made 4 words: those with count <= 1 (c, d) went, minReduce became 2.
  t.equal(counter.prunings, 1);
  t.same(new CorpusVocabulary(counter, 1).words, ['a', 'b']);
  for (const w of 'c c c e'.split(' ')) counter.add(utf8(w));
  // c came back (count 3); e made 4 words: count <= 2 (b, e) went, minReduce became 3.
  t.equal(counter.prunings, 2);
  const v = new CorpusVocabulary(counter, 1);
  t.same(v.words, ['a', 'c']);
  t.same(v.counts, [3, 3]);
  t.equal(counter.totalTokens, 11);
  // Through buildVocabulary: the bound applies while counting, minCount afterwards.
  const text = 'r1 r2 r3 r4 r5 x x x y y y y r6 r7';
  const bounded = buildVocabulary(utf8(text), { maxVocabSize: 4, minCount: 1 });
  // r1..r4 fill the table; r5 makes 5 > 4: every count-1 word goes (minReduce 1 -> 2);
  // then x, y, r6, r7 are 4 words, within the bound.
  t.same(bounded.words, ['y', 'x', 'r6', 'r7']);
  const tight = buildVocabulary(utf8(text), { maxVocabSize: 3, minCount: 1 });
  // r4 makes 4 > 3: r1..r4 go (minReduce -> 2); r5, x x x, y y y y fill 3 slots; r6 makes 4:
  // count <= 2 goes (r5, r6; minReduce -> 3); r7 fits.
  t.same(tight.words, ['y', 'x', 'r7']);
  t.same(tight.counts, [4, 3, 1]);
  t.same(buildVocabulary(utf8(text), { minCount: 3 }).words, ['y', 'x'], 'minCount without pruning');
});

// ---------------------------------------------------------- trainer-steps.ts

t.test('training steps with alpha 0 agree with the pure losses', async (t) => {
  const rand = prng(11);
  const dim = 6;
  const V = 9;
  for (let trial = 0; trial < 5; trial++) {
    const U = randMatrix(rand, V, dim);
    const h = Float64Array.from({ length: dim }, () => 2 * rand() - 1);
    const target = trial % V;
    const negatives = [(target + 1) % V, (target + 3) % V, (target + 1) % V]; // a repeat

    const ns = negSamplingLossAndGradient(h, target, U, negatives);
    const copy = matrix(V, dim, Float64Array.from(U.data));
    const g = new Float64Array(dim);
    const loss = negativeSamplingStep(h, copy, target, negatives, 0, g);
    t.ok(Math.abs(loss - ns.loss) < 1e-12, `NS loss ${loss} vs ${ns.loss}`);
    t.ok(maxAbsDiff(g, ns.gradCenterVec) < 1e-12, 'NS dJ/dh');
    t.same(copy.data, U.data, 'alpha 0 leaves the rows alone');

    const sm = naiveSoftmaxLossAndGradient(h, target, U);
    const g2 = new Float64Array(dim);
    const loss2 = softmaxStep(h, matrix(V, dim, Float64Array.from(U.data)), target, 0, g2);
    t.ok(Math.abs(loss2 - sm.loss) < 1e-12, `softmax loss ${loss2} vs ${sm.loss}`);
    t.ok(maxAbsDiff(g2, sm.gradCenterVec) < 1e-12, 'softmax dJ/dh');

    const counts = Array.from({ length: V }, (_, i) => 100 - 10 * i);
    const tree = huffmanTree(counts);
    const inner = randMatrix(rand, V - 1, dim);
    const hsRef = hierarchicalSoftmaxLossAndGradient(h, tree.paths[target], tree.codes[target], inner);
    const g3 = new Float64Array(dim);
    const loss3 = hierarchicalSoftmaxStep(h, inner, tree.paths[target], tree.codes[target], 0, g3);
    t.ok(Math.abs(loss3 - hsRef.loss) < 1e-12, `HS loss ${loss3} vs ${hsRef.loss}`);
    t.ok(maxAbsDiff(g3, hsRef.gradCenterVec) < 1e-12, 'HS dJ/dh');
  }
});

t.test('training steps update rows as they visit them', async (t) => {
  const rand = prng(12);
  const dim = 5;
  const V = 7;
  const alpha = 0.3;
  const U = randMatrix(rand, V, dim);
  const h = Float64Array.from({ length: dim }, () => 2 * rand() - 1);

  // Distinct rows: the update is exactly -alpha times the pure gradient.
  const distinct = [2, 5];
  const ref = negSamplingLossAndGradient(h, 0, U, distinct);
  const A = matrix(V, dim, Float64Array.from(U.data));
  const gA = new Float64Array(dim).fill(1); // dJ/dh is added, not assigned
  negativeSamplingStep(h, A, 0, distinct, alpha, gA);
  for (let i = 0; i < U.data.length; i++) {
    if (Math.abs(A.data[i] - (U.data[i] - alpha * ref.gradOutsideVecs.data[i])) > 1e-14) {
      t.fail(`row element ${i} is not u - alpha * dJ/du`);
      return;
    }
  }
  t.ok(
    maxAbsDiff(
      gA,
      ref.gradCenterVec.map((x) => x + 1),
    ) < 1e-14,
    'dJ/dh is added into gradHidden',
  );

  // A negative drawn twice: its second visit reads the row after the first update.
  const B = matrix(V, dim, Float64Array.from(U.data));
  const gB = new Float64Array(dim);
  const lossB = negativeSamplingStep(h, B, 0, [3, 3], alpha, gB);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  const u0 = Float64Array.from(row(U, 0));
  const u3 = Float64Array.from(row(U, 3));
  const c0 = sigmoid(dot(u0, h)) - 1;
  const c1 = sigmoid(dot(u3, h));
  const u3a = u3.map((x, d) => x - alpha * c1 * h[d]);
  const c2 = sigmoid(dot(u3a, h));
  const u3b = u3a.map((x, d) => x - alpha * c2 * h[d]);
  const expectedGrad = h.map((_, d) => c0 * u0[d] + c1 * u3[d] + c2 * u3a[d]);
  const expectedLoss =
    -Math.log(sigmoid(dot(u0, h))) - Math.log(sigmoid(-dot(u3, h))) - Math.log(sigmoid(-dot(u3a, h)));
  t.ok(maxAbsDiff(row(B, 3), u3b) < 1e-14, 'the repeated row got both updates in turn');
  t.ok(maxAbsDiff(gB, expectedGrad) < 1e-14, 'the second visit read the updated row');
  t.ok(Math.abs(lossB - expectedLoss) < 1e-12);
  // And it differs from applying the batch gradient (the pure function's view).
  const batch = negSamplingLossAndGradient(h, 0, U, [3, 3]);
  t.ok(maxAbsDiff(gB, batch.gradCenterVec) > 1e-6, 'sequential is not the batch gradient');

  // Softmax: every score first, so each row moves by -alpha times the pure gradient.
  const S = matrix(V, dim, Float64Array.from(U.data));
  softmaxStep(h, S, 4, alpha, new Float64Array(dim));
  const sm = naiveSoftmaxLossAndGradient(h, 4, U);
  t.ok(
    maxAbsDiff(
      S.data,
      U.data.map((x, i) => x - alpha * sm.gradOutsideVecs.data[i]),
    ) < 1e-14,
  );

  // Hierarchical softmax: a path visits distinct nodes.
  const tree = huffmanTree([9, 8, 5, 3, 2, 1, 1]);
  const inner = randMatrix(rand, V - 1, dim);
  const H = matrix(V - 1, dim, Float64Array.from(inner.data));
  hierarchicalSoftmaxStep(h, H, tree.paths[6], tree.codes[6], alpha, new Float64Array(dim));
  const hs = hierarchicalSoftmaxLossAndGradient(h, tree.paths[6], tree.codes[6], inner);
  t.ok(
    maxAbsDiff(
      H.data,
      inner.data.map((x, i) => x - alpha * hs.gradOutsideVecs.data[i]),
    ) < 1e-14,
  );

  t.throws(() => negativeSamplingStep(h, A, V, [], alpha, gA), /between 0 and 6 for target/);
  t.throws(() => softmaxStep(h, A, 0, -1, gA), /alpha/);
});

// ---------------------------------------------------------------- trainer.ts

const tmp = mkdtempSync(path.join(tmpdir(), 'hogvec-reference-'));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

// A corpus with structure: each line talks about one of three topics.
function topicCorpus(file: string, lines: number, seed: number): string {
  const rand = prng(seed);
  const topics = [
    'cat dog pet fur paw bark meow vet leash kitten',
    'stock bond market price trade bank fund share yield broker',
    'rain snow wind storm cloud sun frost hail fog thunder',
  ].map((s) => s.split(' '));
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const topic = topics[Math.floor(rand() * topics.length)];
    const words = Array.from({ length: 6 + Math.floor(rand() * 6) }, () => topic[Math.floor(rand() * topic.length)]);
    out.push(words.join(' '));
  }
  const p = path.join(tmp, file);
  writeFileSync(p, out.join('\n') + '\n');
  return p;
}

t.test('initial input rows are the float-rounded per-word streams; output rows start at zero', async (t) => {
  // One word a line: no pair ever trains, so the rows are the initial ones.
  const p = path.join(tmp, 'single.txt');
  writeFileSync(p, 'the\nof\nthe\nand\nof\nthe\n');
  const dim = 4;
  const r = referenceTrain({ corpus: p, dim, minCount: 1, epochs: 1, sample: 0, seed: 1 });
  t.same(r.words, ['the', 'of', 'and']);
  t.same(r.counts, [3, 2, 1]);
  t.same(
    Array.from(r.input.subarray(0, dim)),
    [-0.074176698923110962, 0.084601759910583496, -0.016152381896972656, 0.051565438508987427],
  );
  for (let w = 0; w < 3; w++) {
    const rng = new Random(streamSeed(1, hashWord(utf8(r.words[w]))));
    const expected = Array.from({ length: dim }, () => Math.fround((rng.uniform() - 0.5) / dim));
    t.same(Array.from(r.input.subarray(w * dim, (w + 1) * dim)), expected, `row of ${r.words[w]}`);
  }
  t.same(Array.from(r.output), new Array<number>(3 * dim).fill(0));
  t.same(r.epochLosses, [0], 'no pairs');
});

t.test('the trainer is deterministic, seeded, and lowers the loss', async (t) => {
  const p = topicCorpus('topics.txt', 400, 3);
  for (const architecture of ['skip-gram', 'cbow'] as const) {
    for (const loss of ['negative-sampling', 'hierarchical-softmax', 'softmax'] as const) {
      const opts = { corpus: p, architecture, loss, dim: 12, window: 3, epochs: 4, minCount: 1, sample: 1e-2 };
      const a = referenceTrain(opts);
      const b = referenceTrain(opts);
      const c = referenceTrain({ ...opts, seed: 2 });
      const name = `${architecture} ${loss}`;
      t.equal(a.words.length, 30, name);
      t.equal(a.output.length, (loss === 'hierarchical-softmax' ? 29 : 30) * 12, `${name} output rows`);
      t.same(a.input, b.input, `${name} repeatable (input)`);
      t.same(a.output, b.output, `${name} repeatable (output)`);
      t.same(a.epochLosses, b.epochLosses, `${name} repeatable (losses)`);
      t.ok(maxAbsDiff(a.input, c.input) > 1e-3, `${name} depends on the seed`);
      const [first] = a.epochLosses;
      const last = a.epochLosses[a.epochLosses.length - 1];
      t.ok(last < first, `${name} loss ${a.epochLosses.map((x) => x.toFixed(4)).join(' -> ')}`);
    }
  }
});

t.test('the trainer errors clearly', async (t) => {
  const p = path.join(tmp, 'tiny.txt');
  writeFileSync(p, 'a b c\nd e\n');
  t.throws(
    () => referenceTrain({ corpus: p, minCount: 2 }),
    /vocabulary .* is empty: no word occurs at least minCount \(2\)/,
  );
  const one = path.join(tmp, 'one.txt');
  writeFileSync(one, 'a a a b\n');
  t.throws(() => referenceTrain({ corpus: one, minCount: 2 }), /has only 1 word \('a'\); training needs at least 2/);
  const empty = path.join(tmp, 'empty.txt');
  writeFileSync(empty, ' \n\n');
  t.throws(() => referenceTrain({ corpus: empty, minCount: 1 }), /is empty/);
  t.throws(() => referenceTrain({ corpus: path.join(tmp, 'missing.txt') }), /Cannot read corpus file '.*missing\.txt'/);
  t.throws(() => referenceTrain({ corpus: p, dim: 0 }), /Expected integer between 1 and 10000 for dim but received 0/);
});

const lee = sharedData('corpora', 'lee_background.cor');

t.test('lee_background: the loss goes down over epochs', async (t) => {
  const r = referenceTrain({ corpus: lee, dim: 20, epochs: 3, minCount: 5 });
  t.equal(r.words[0], 'the');
  t.ok(r.words.length > 1000, `${r.words.length} words`);
  t.equal(r.input.length, r.words.length * 20);
  t.ok(
    r.epochLosses[2] < r.epochLosses[1] && r.epochLosses[1] < r.epochLosses[0],
    `losses ${r.epochLosses.join(' -> ')}`,
  );
  for (const x of r.input) if (!Number.isFinite(x)) t.fail('non-finite weight');
});
