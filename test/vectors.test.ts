/**
 * WordVectors queries (lib/vectors.ts) and the native search behind them
 * (binding/core/search.*): hand-made vectors whose answers are known, a plain
 * TypeScript brute force with gensim's formulas on random vectors, the native
 * top-k against a brute force on a matrix large enough for the threaded
 * path, and gensim's own numbers on gensim's test vectors.
 */
import * as fs from 'node:fs';
import t, { type Test } from 'tap';

import { WordVectors, type SimilarWord } from '../lib/index';
import { native } from '../lib/native';
import { prng } from './support/prng';
import { sharedData } from './support/shared-data';

// ------------------------------------------------------------------ helpers

/** rows x dim floats, uniform in [-1, 1). */
function randomMatrix(rows: number, dim: number, seed: number): Float32Array {
  const next = prng(seed);
  const m = new Float32Array(rows * dim);
  for (let i = 0; i < m.length; i++) m[i] = next() * 2 - 1;
  return m;
}

/** Each row divided by its norm, in double; zero rows stay zero. */
function unitRows(vectors: Float32Array, dim: number): Float64Array {
  const out = new Float64Array(vectors.length);
  for (let r = 0; r < vectors.length / dim; r++) {
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += vectors[r * dim + k] ** 2;
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let k = 0; k < dim; k++) out[r * dim + k] = vectors[r * dim + k] * scale;
  }
  return out;
}

type Term = string | Float32Array;

/**
 * gensim's most_similar and most_similar_cosmul, brute force in double:
 * every row scored, the input words dropped, a full sort (score desc, row asc).
 */
class BruteForce {
  readonly unit: Float64Array;
  readonly index = new Map<string, number>();

  constructor(
    readonly words: readonly string[],
    vectors: Float32Array,
    readonly dim: number,
  ) {
    this.unit = unitRows(vectors, dim);
    words.forEach((w, i) => this.index.has(w) || this.index.set(w, i));
  }

  /** A word's unit vector, or a given vector as it is (gensim uses arrays unnormalised). */
  termVector(term: Term): Float64Array {
    if (typeof term !== 'string') return Float64Array.from(term);
    const r = this.index.get(term)!;
    return this.unit.slice(r * this.dim, (r + 1) * this.dim);
  }

  dotRow(r: number, v: Float64Array): number {
    let s = 0;
    for (let k = 0; k < this.dim; k++) s += this.unit[r * this.dim + k] * v[k];
    return s;
  }

  /** Every row's score (rows >= limit absent), best first, inputs excluded. */
  rank(scores: Float64Array, terms: readonly Term[], limit: number, topK: number): SimilarWord[] {
    const banned = new Set(terms.filter((x): x is string => typeof x === 'string').map((w) => this.index.get(w)));
    const rows = [...Array(limit).keys()].filter((r) => !banned.has(r));
    rows.sort((a, b) => scores[b] - scores[a] || a - b);
    return rows.slice(0, topK).map((r) => ({ word: this.words[r], similarity: scores[r] }));
  }

  mostSimilar(positive: readonly Term[], negative: readonly Term[], topK: number, limit = this.words.length) {
    const mean = new Float64Array(this.dim);
    for (const [terms, w] of [
      [positive, 1],
      [negative, -1],
    ] as const) {
      for (const term of terms) {
        const v = this.termVector(term);
        for (let k = 0; k < this.dim; k++) mean[k] += w * v[k];
      }
    }
    const norm = Math.hypot(...mean) || 1;
    for (let k = 0; k < this.dim; k++) mean[k] /= norm;
    const scores = new Float64Array(this.words.length).map((_, r) => this.dotRow(r, mean));
    return { answers: this.rank(scores, [...positive, ...negative], limit, topK), scores };
  }

  cosMul(
    positive: readonly Term[],
    negative: readonly Term[],
    topK: number,
    epsilon: number,
    limit = this.words.length,
  ) {
    const pos = positive.map((x) => this.termVector(x));
    const neg = negative.map((x) => this.termVector(x));
    const scores = new Float64Array(this.words.length).map((_, r) => {
      let num = 1;
      let den = 1;
      for (const v of pos) num *= (1 + this.dotRow(r, v)) / 2;
      for (const v of neg) den *= (1 + this.dotRow(r, v)) / 2;
      return num / (den + epsilon);
    });
    return { answers: this.rank(scores, [...positive, ...negative], limit, topK), scores };
  }
}

/**
 * Problems between answers and a reference ranking, [] when they agree:
 * same length, similarities within tol (relative above 1) rank by rank, and the same word at
 * each rank unless two words are within tol of each other (float32 vs
 *  double may swap near-ties), which `scoreOf` (a word's reference score) decides.
 */
function rankingProblems(
  actual: readonly SimilarWord[],
  expected: readonly SimilarWord[],
  scoreOf: (word: string) => number,
  tol: number,
): string[] {
  // Relative above 1: a 3CosMul score can be large (a small denominator).
  const near = (x: number, y: number) => Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`${actual.length} answers, expected ${expected.length}`);
  if (new Set(actual.map((a) => a.word)).size !== actual.length) problems.push('a word is answered twice');
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
    const a = actual[i];
    const e = expected[i];
    if (!near(a.similarity, e.similarity)) {
      problems.push(`rank ${i}: similarity ${a.similarity}, expected ${e.similarity}`);
    }
    if (a.word !== e.word && !near(scoreOf(a.word), e.similarity)) {
      problems.push(`rank ${i}: ${a.word}, expected ${e.word}`);
    }
  }
  return problems;
}

// ------------------------------------------------------ hand-made vectors

// 2-D compass: answers are known in closed form. northeast2 points where
// northeast does (its unit vector is bit-for-bit the same), zero is zero.
const COMPASS_WORDS = ['east', 'north', 'west', 'south', 'northeast', 'northeast2', 'zero'];
const COMPASS = [1, 0, 0, 1, -1, 0, 0, -1, 1, 1, 2, 2, 0, 0];
const R2 = Math.SQRT1_2;

function compass(): WordVectors {
  return new WordVectors(COMPASS_WORDS, Float32Array.from(COMPASS), 2);
}

function simple(answers: readonly SimilarWord[]): [string, number][] {
  return answers.map((a) => [a.word, Math.round(a.similarity * 1e6) / 1e6]);
}

t.test('lookup: get is a view over the matrix, unknown words are undefined', async (t) => {
  const matrix = Float32Array.from(COMPASS);
  const wv = new WordVectors(COMPASS_WORDS, matrix, 2);
  t.equal(wv.size, 7);
  t.equal(wv.dim, 2);
  t.same(wv.words, COMPASS_WORDS);
  t.equal(wv.vectors, matrix, 'vectors is the matrix given, not a copy');
  t.equal(wv.indexOf('west'), 2);
  t.equal(wv.indexOf('xyz'), -1);
  t.ok(wv.has('north'));
  t.notOk(wv.has('xyz'));
  t.equal(wv.get('xyz'), undefined);
  const west = wv.get('west')!;
  t.same([...west], [-1, 0]);
  matrix[4] = 5;
  t.equal(west[0], 5, 'a change to the matrix shows through the view');
  west[1] = -3;
  t.equal(matrix[5], -3, 'a change through the view shows in the matrix');
  t.equal(west.buffer, matrix.buffer, 'same memory');
});

t.test('similarity is the cosine of the two vectors', async (t) => {
  const wv = compass();
  t.ok(Math.abs(wv.similarity('east', 'northeast') - R2) < 1e-7);
  t.ok(Math.abs(wv.similarity('east', 'west') + 1) < 1e-7);
  t.equal(wv.similarity('east', 'north'), 0);
  t.ok(Math.abs(wv.similarity('northeast', 'northeast2') - 1) < 1e-7, 'length does not matter');
  t.equal(wv.similarity('east', 'zero'), 0, 'a zero vector has similarity 0');
  t.equal(wv.similarity('south', 'east'), wv.similarity('east', 'south'));
});

t.test('mostSimilar on the compass', async (t) => {
  const wv = compass();
  t.same(
    simple(wv.mostSimilar('east', { topK: 5 })),
    [
      ['northeast', 0.707107],
      ['northeast2', 0.707107],
      ['north', 0],
      ['south', 0],
      ['zero', 0],
    ],
    'ties (exact) are ordered by row',
  );
  const all = wv.mostSimilar('east', { topK: 100 });
  t.equal(all.length, 6, 'every other word, when topK exceeds the vocabulary');
  t.notOk(
    all.some((a) => a.word === 'east'),
    'the query word is never an answer',
  );
  t.equal(all[5].word, 'west');
  t.ok(Math.abs(all[5].similarity + 1) < 1e-6);
  t.equal(wv.mostSimilar('east').length, 6, 'topK defaults to 10');
  t.same(
    wv.mostSimilar('east', { topK: 1 }).map((a) => a.word),
    ['northeast'],
  );

  t.same(
    simple(wv.mostSimilar({ positive: ['north'], negative: ['east'], topK: 5 })),
    [
      ['west', 0.707107],
      ['northeast', 0],
      ['northeast2', 0],
      ['zero', 0],
      ['south', -0.707107],
    ],
    'negative words subtract, and both inputs are excluded',
  );
  t.same(
    simple(wv.mostSimilar({ negative: ['east'], topK: 2 })),
    [
      ['west', 1],
      ['north', 0],
    ],
    'a negative word alone',
  );
  t.same(
    simple(wv.mostSimilar('east', { restrictVocab: 3 })),
    [
      ['north', 0],
      ['west', -1],
    ],
    'restrictVocab searches the first N words only',
  );
  t.same(
    simple(wv.mostSimilar({ positive: ['east'], topK: 1 }, { topK: 3 })),
    [['northeast', 0.707107]],
    "the query's own topK wins over the options",
  );
  t.same(
    simple(wv.mostSimilar(new Float32Array([0, 5]), { topK: 2 })),
    [
      ['north', 1],
      ['northeast', 0.707107],
    ],
    'a vector query excludes nothing',
  );
  t.same(
    simple(wv.mostSimilar({ positive: ['east', new Float32Array([0, 1])], topK: 2 })),
    [
      ['northeast', 1],
      ['northeast2', 1],
    ],
    'words and vectors mix',
  );
  t.same(
    simple(wv.mostSimilar({ positive: ['east'], negative: ['east'], topK: 3 })),
    [
      ['north', 0],
      ['west', 0],
      ['south', 0],
    ],
    'a zero mean scores every word 0, in row order',
  );
});

t.test('analogies on hand-made 3-D vectors', async (t) => {
  // royalty, gender, and a little of everything else.
  const words = ['man', 'woman', 'king', 'queen', 'apple', 'prince', 'boy'];
  const m = Float32Array.from([0, 1, 0.1, 0, -1, 0.1, 1, 1, 0, 1, -1, 0, 0, 0, 1, 0.9, 1, 0.2, 0.1, 0.9, 0.3]);
  const wv = new WordVectors(words, m, 3);
  const bf = new BruteForce(words, m, 3);
  for (const method of ['3CosAdd', '3CosMul'] as const) {
    const [best] = wv.analogy('man', 'king', 'woman', { method });
    t.equal(best.word, 'queen', `${method}: man is to king as woman is to queen`);
    const expected =
      method === '3CosAdd'
        ? bf.mostSimilar(['king', 'woman'], ['man'], 1).answers[0]
        : bf.cosMul(['king', 'woman'], ['man'], 1, 1e-6).answers[0];
    t.ok(Math.abs(best.similarity - expected.similarity) < 1e-6, `${method}: gensim's formula`);
    const top = wv.analogy('man', 'king', 'woman', { method, topK: 10 });
    t.equal(top.length, 4, `${method}: a, b and c are excluded`);
    t.notOk(top.some((a) => ['man', 'king', 'woman'].includes(a.word)));
  }
  t.same(
    wv.analogy('man', 'king', 'woman').map((a) => a.word),
    ['queen'],
    "'3CosAdd' and topK 1 by default",
  );
  t.same(
    wv.analogy('man', 'king', 'woman', { restrictVocab: 3, topK: 5 }),
    [],
    'restrictVocab 3 leaves nothing but the question',
  );
});

t.test('refreshNorms: queries see a changed matrix after it', async (t) => {
  const wv = compass();
  t.equal(wv.mostSimilar('east', { topK: 1 })[0].word, 'northeast');
  wv.get('east')!.set([-2, 0.1]);
  wv.refreshNorms();
  const [best] = wv.mostSimilar('east', { topK: 1 });
  t.equal(best.word, 'west');
  t.ok(Math.abs(best.similarity - 2 / Math.hypot(2, 0.1)) < 1e-6);
});

t.test('unknown words and bad options', async (t) => {
  const wv = compass();
  const unknown = /^The word 'xyz' is not in the vocabulary$/;
  t.throws(() => wv.similarity('east', 'xyz'), unknown);
  t.throws(() => wv.similarity('xyz', 'east'), unknown);
  t.throws(() => wv.mostSimilar('xyz'), unknown);
  t.throws(() => wv.mostSimilar({ positive: ['east'], negative: ['xyz'] }), unknown);
  t.throws(() => wv.mostSimilarCosMul({ positive: ['east', 'xyz'] }), unknown);
  for (const method of ['3CosAdd', '3CosMul'] as const) {
    t.throws(() => wv.analogy('east', 'xyz', 'north', { method }), unknown);
  }

  const expectError = (fn: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp) => {
    try {
      fn();
      t.fail(`no error, expected ${message}`);
    } catch (e) {
      t.ok(e instanceof type, `a ${type.name}: ${message}`);
      t.match((e as Error).message, message);
    }
  };
  expectError(
    () => wv.mostSimilar('east', { topK: 0 }),
    RangeError,
    /^Expected integer >= 1 for topK but received 0 of type number$/,
  );
  expectError(() => wv.mostSimilar('east', { topK: 1.5 }), RangeError, /for topK but received 1.5/);
  expectError(
    () => wv.mostSimilar('east', { topK: '3' as unknown as number }),
    TypeError,
    /for topK but received '3' of type string/,
  );
  expectError(() => wv.mostSimilar('xyz', { topK: 0 }), RangeError, /for topK/); // options before words
  expectError(() => wv.mostSimilar('east', { restrictVocab: 0 }), RangeError, /for restrictVocab but received 0/);
  expectError(() => wv.mostSimilar({}), RangeError, /at least one positive or negative word for query/);
  expectError(() => wv.mostSimilar(42 as unknown as string), TypeError, /for query but received 42/);
  expectError(
    () => wv.mostSimilar({ positive: 'east' as unknown as string[] }),
    TypeError,
    /for positive but received 'east'/,
  );
  expectError(() => wv.mostSimilar({ positive: ['east', 7 as unknown as string] }), TypeError, /for positive\[1\]/);
  expectError(
    () => wv.mostSimilar({ negative: [new Float32Array(3)] }),
    RangeError,
    /Float32Array of 2 floats for negative\[0\]/,
  );
  expectError(() => wv.mostSimilarCosMul({ negative: ['east'] }), RangeError, /at least one positive word for query/);
  expectError(() => wv.mostSimilarCosMul('east', { epsilon: -1 }), RangeError, /for epsilon but received -1/);
  expectError(() => wv.mostSimilarCosMul('east', { epsilon: NaN }), RangeError, /for epsilon/);
  expectError(
    () => wv.analogy('east', 'west', 'north', { method: '3cosadd' as '3CosAdd' }),
    RangeError,
    /^Expected one of '3CosAdd', '3CosMul' for method but received '3cosadd'/,
  );
  expectError(() => wv.analogy('east', 'west', 3 as unknown as string), TypeError, /for c but received 3/);
});

// ------------------------------------------- random vectors vs brute force

t.test('random 50 x 8: mostSimilar, 3CosAdd and 3CosMul match the brute force', async (t) => {
  const rows = 50;
  const dim = 8;
  const words = Array.from({ length: rows }, (_, i) => `w${i}`);
  const m = randomMatrix(rows, dim, 7);
  m.copyWithin(30 * dim, 10 * dim, 11 * dim); // w30 = w10: an exact tie
  m.fill(0, 44 * dim, 45 * dim); // w44 is zero
  const wv = new WordVectors(words, m, dim);
  const bf = new BruteForce(words, m, dim);
  const next = prng(11);
  const pick = () => words[Math.floor(next() * rows)];
  const tol = 1e-5;

  const problems: string[] = [];
  const check = (what: string, actual: SimilarWord[], ref: { answers: SimilarWord[]; scores: Float64Array }) => {
    for (const p of rankingProblems(actual, ref.answers, (w) => ref.scores[words.indexOf(w)], tol)) {
      problems.push(`${what}: ${p}`);
    }
  };

  for (let i = 0; i < 150; i++) {
    const positive: Term[] = Array.from({ length: 1 + Math.floor(next() * 3) }, pick);
    const negative: Term[] = Array.from({ length: Math.floor(next() * 3) }, pick);
    if (i % 10 === 0) positive.push(randomMatrix(1, dim, 100 + i)); // a raw vector term
    const topK = 1 + Math.floor(next() * 12);
    const restrictVocab = i % 3 === 0 ? 5 + Math.floor(next() * 50) : undefined;
    const limit = Math.min(rows, restrictVocab ?? rows);
    const what = `query ${i}`;
    check(
      `${what} mostSimilar`,
      wv.mostSimilar({ positive, negative, topK, restrictVocab }),
      bf.mostSimilar(positive, negative, topK, limit),
    );
    check(
      `${what} cosmul`,
      wv.mostSimilarCosMul({ positive, negative }, { topK, restrictVocab }),
      bf.cosMul(positive, negative, topK, 1e-6, limit),
    );
  }
  for (let i = 0; i < 150; i++) {
    const [a, b, c] = [pick(), pick(), pick()];
    const topK = 1 + Math.floor(next() * 5);
    const what = `analogy ${i} (${a}:${b}::${c})`;
    check(`${what} 3CosAdd`, wv.analogy(a, b, c, { topK }), bf.mostSimilar([b, c], [a], topK));
    check(`${what} 3CosMul`, wv.analogy(a, b, c, { method: '3CosMul', topK }), bf.cosMul([b, c], [a], topK, 1e-6));
    check(
      `${what} 3CosMul eps 1e-6`,
      wv.analogy(a, b, c, { method: '3CosMul', topK, epsilon: 1e-6 }),
      bf.cosMul([b, c], [a], topK, 1e-6),
    );
  }
  t.same(problems, [], '750 queries agree with the brute force');

  const tie = wv.mostSimilar('w10', { topK: 1 });
  t.equal(tie[0].word, 'w30', "a word's exact copy is its nearest neighbour");
  t.ok(Math.abs(tie[0].similarity - 1) < 1e-6);
  const both = wv.mostSimilar(m.slice(10 * dim, 11 * dim), { topK: 2 });
  t.same(
    both.map((a) => a.word),
    ['w10', 'w30'],
    'exact ties in row order',
  );
  t.equal(both[0].similarity, both[1].similarity);
  t.equal(wv.mostSimilar('w0', { topK: 49 }).find((a) => a.word === 'w44')?.similarity, 0, 'the zero row scores 0');
});

// ---------------------------------------------------------- native search

t.test('native normalizeRows: unit rows, zero rows stay zero, any thread count', async (t) => {
  const dim = 16;
  const m = randomMatrix(1000, dim, 3);
  m.fill(0, 5 * dim, 6 * dim);
  m[7 * dim] = NaN; // a NaN row becomes zero rather than poisoning answers
  const unit = native().normalizeRows(m, dim);
  t.equal(unit.length, m.length);
  t.not(unit.buffer, m.buffer, 'a new buffer');
  const ref = unitRows(m, dim);
  let worst = 0;
  for (let i = 0; i < m.length; i++) {
    const r = Math.floor(i / dim);
    if (r !== 7) worst = Math.max(worst, Math.abs(unit[i] - ref[i]));
  }
  t.ok(worst < 1e-6, `within 1e-6 of double (worst ${worst})`);
  t.same([...unit.subarray(5 * dim, 6 * dim)], new Array(dim).fill(0), 'zero row');
  t.same([...unit.subarray(7 * dim, 8 * dim)], new Array(dim).fill(0), 'NaN row');
  t.same(native().normalizeRows(m, dim, 7), unit, '7 threads give the same bits');
  t.same(native().normalizeRows(new Float32Array(0), 4), new Float32Array(0));
  t.throws(
    () => native().normalizeRows(new Float32Array(10), 3),
    /normalizeRows: the matrix holds 10 floats, not a multiple of dim 3/,
  );
  t.throws(
    () => native().normalizeRows(new Float64Array(4) as unknown as Float32Array, 2),
    /normalizeRows: expected a Float32Array/,
  );
});

t.test('native topK vs brute force on 300k x 16 (threaded), with exclusions and limit', async (t) => {
  const rows = 300_000;
  const dim = 16; // 4.8M floats: above the 4M-float threshold of the threaded path
  const m = randomMatrix(rows, dim, 5);
  // Copies of row 5 in three of the chunks of a 3-thread split: exact ties across threads.
  const copies = [100_001, 150_000, 299_999];
  for (const r of copies) m.copyWithin(r * dim, 5 * dim, 6 * dim);
  const { normalizeRows, topK, topKBatch } = native();
  const unit = normalizeRows(m, dim);
  const query = (r: number) => unit.slice(r * dim, (r + 1) * dim);

  // Brute force: every row's score in double, the best k by a full sort of the admitted rows.
  const bruteForce = (q: Float32Array, k: number, limit: number, exclude: readonly number[]) => {
    const banned = new Set(exclude);
    const scores = new Float64Array(limit);
    for (let r = 0; r < limit; r++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += unit[r * dim + j] * q[j];
      scores[r] = s;
    }
    const candidates: number[] = [];
    // Only rows near the top can be among the best k: a prefilter keeps the comparator sort small.
    const ascending = scores.slice().sort();
    const threshold = ascending[Math.max(0, limit - 1 - (k + exclude.length + 50))];
    for (let r = 0; r < limit; r++) if (scores[r] >= threshold && !banned.has(r)) candidates.push(r);
    candidates.sort((a, b) => scores[b] - scores[a] || a - b);
    return { rows: candidates.slice(0, k), scores };
  };

  const cases: { q: Float32Array; k: number; limit: number; exclude: number[]; what: string }[] = [
    { q: query(5), k: 10, limit: rows, exclude: [5], what: 'a row with copies' },
    { q: query(5), k: 10, limit: 250_000, exclude: [5], what: 'limit cuts a copy off' },
    { q: query(42), k: 25, limit: rows, exclude: [], what: 'no exclusions: the row itself first' },
    { q: randomMatrix(1, dim, 9), k: 7, limit: 123_457, exclude: [], what: 'a random vector, odd limit' },
  ];
  // Exclude the true top 3 of a random query, and some random rows.
  const q4 = randomMatrix(1, dim, 10);
  const top3 = bruteForce(q4, 3, rows, []).rows;
  cases.push({ q: q4, k: 12, limit: rows, exclude: [...top3, 17, 299_000], what: 'its own best 3 excluded' });

  for (const c of cases) {
    const ref = bruteForce(c.q, c.k, c.limit, c.exclude);
    for (const threads of [0, 1, 3, 8]) {
      const got = topK(unit, dim, c.q, c.k, c.limit, Uint32Array.from(c.exclude), threads);
      const label = `${c.what}, threads ${threads || 'auto'}`;
      t.equal(got.indices.length, c.k, `${label}: k answers`);
      const problems = rankingProblems(
        [...got.indices].map((r, i) => ({ word: String(r), similarity: got.scores[i] })),
        ref.rows.map((r) => ({ word: String(r), similarity: ref.scores[r] })),
        (w) => ref.scores[Number(w)],
        1e-6,
      );
      t.same(problems, [], `${label}: the brute force's answers`);
      t.notOk(
        [...got.indices].some((r) => c.exclude.includes(r) || r >= c.limit),
        `${label}: no excluded or out-of-limit row`,
      );
    }
  }

  const withCopies = topK(unit, dim, query(5), 3, rows, Uint32Array.of(5), 3);
  t.same([...withCopies.indices], copies, 'exact ties from three threads merge in row order');
  t.equal(new Set(withCopies.scores).size, 1, 'identical scores');
  const limited = topK(unit, dim, query(5), 3, 250_000, Uint32Array.of(5));
  t.same([...limited.indices.subarray(0, 2)], copies.slice(0, 2), 'limit drops the copy in row 299999');
  t.ok(limited.scores[2] < limited.scores[1], 'the third answer is not a copy');

  const batchQueries = new Float32Array(3 * dim);
  batchQueries.set(query(5), 0);
  batchQueries.set(query(42), dim);
  batchQueries.set(q4, 2 * dim);
  const excludes = [Uint32Array.of(5), Uint32Array.of(), Uint32Array.from(top3)];
  for (const threads of [1, 3]) {
    const batch = topKBatch(unit, dim, batchQueries, 6, rows, excludes, threads);
    t.same([...batch.counts], [6, 6, 6]);
    for (let q = 0; q < 3; q++) {
      const single = topK(unit, dim, batchQueries.subarray(q * dim, (q + 1) * dim), 6, rows, excludes[q], threads);
      t.same(
        batch.indices.subarray(q * 6, q * 6 + 6),
        single.indices,
        `batch query ${q} = single query, threads ${threads}`,
      );
      t.same(batch.scores.subarray(q * 6, q * 6 + 6), single.scores);
    }
  }
});

t.test('native topK edge cases and argument errors', async (t) => {
  const { normalizeRows, topK, topKBatch, topKCosMulBatch } = native();
  const unit = normalizeRows(Float32Array.from([1, 0, 0, 1, -1, 0, 0, -1]), 2);
  const east = Float32Array.of(1, 0);
  t.same(
    [...topK(unit, 2, east, 10, 4, Uint32Array.of(0, 0, 99)).indices],
    [1, 3, 2],
    'k > rows: all admitted rows; repeated and out-of-range exclusions are harmless',
  );
  t.same([...topK(unit, 2, east, 0, 4).indices], [], 'k 0');
  t.same([...topK(unit, 2, east, 3, 0).indices], [], 'limit 0');
  const batch = topKBatch(unit, 2, Float32Array.of(1, 0, 0, 1), 2, 4, [Uint32Array.of(0, 1, 3)]);
  t.same([...batch.counts], [1, 2], 'per-query counts when exclusions leave fewer than k');
  t.same([...batch.indices.subarray(0, 1)], [2]);
  t.same([...batch.indices.subarray(2, 4)], [1, 0]);
  t.throws(() => topK(unit, 2, Float32Array.of(1, 0, 0), 1, 4), /topK: the query holds 3 floats, expected dim 2/);
  t.throws(() => topK(unit, 2, east, 1, 5), /topK: expected an integer between 0 and 4 for limit/);
  t.throws(() => topK(unit, 2, east, -1, 4), /topK: expected an integer between 0 and 4294967295 for k/);
  t.throws(() => topK(unit, 0, east, 1, 4), /topK: expected an integer between 1 and 4294967295 for dim/);
  t.throws(() => topK(unit, 2, east, 1, 4, [0] as unknown as Uint32Array), /topK: expected a Uint32Array for exclude/);
  t.throws(
    () => topKBatch(unit, 2, east, 1, 4, [Uint32Array.of(), Uint32Array.of()]),
    /topKBatch: exclude has 2 lists for 1 queries/,
  );
  t.throws(
    () => topKCosMulBatch(unit, 2, Float32Array.of(1, 0, 0, 1), 2, 1, 1, 4, undefined, 0.001),
    /topKCosMulBatch: terms holds 2 vectors, not a multiple of positive \+ negative = 3/,
  );
  t.throws(() => topKCosMulBatch(unit, 2, east, 0, 1, 1, 4, undefined, 0.001), /for positive/);
  t.throws(() => topKCosMulBatch(unit, 2, east, 1, 0, 1, 4, undefined, -1), /epsilon/);
  // positive north, negative east, epsilon 0.5: north and west tie at exactly 1 (row order decides).
  const cm = topKCosMulBatch(unit, 2, Float32Array.of(0, 1, 1, 0), 1, 1, 4, 4, undefined, 0.5);
  const score = (cosNorth: number, cosEast: number) => (1 + cosNorth) / 2 / ((1 + cosEast) / 2 + 0.5);
  t.same([...cm.indices], [1, 2, 0, 3]);
  t.same([...cm.scores], [score(1, 0), score(0, -1), score(0, 1), score(-1, 0)].map(Math.fround));
});

// ------------------------------------------------------ gensim's numbers

/** The word2vec C text format: a "rows dim" header, then a word and dim floats a line. */
function parseWord2vecText(text: string): WordVectors {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const [rows, dim] = lines[0].trim().split(/\s+/).map(Number);
  const words: string[] = [];
  const m = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const parts = lines[r + 1].trim().split(/\s+/);
    words.push(parts[0]);
    for (let k = 0; k < dim; k++) m[r * dim + k] = Number(parts[k + 1]);
  }
  return new WordVectors(words, m, dim);
}

interface GensimCase {
  query: { positive: string[]; negative?: string[]; restrictVocab?: number };
  expected: [string, number][];
}

// Computed with Debian's gensim 4.2 (/usr/bin/python3), topn=5:
//   kv = KeyedVectors.load_word2vec_format('interop/word2vec_pre_kv_c')
//   kv.most_similar(positive, negative, topn=5, restrict_vocab=N)
//   kv.most_similar_cosmul(positive, negative, topn=5)   # its epsilon is 1e-6
// printed with '%.7f'. Cases were chosen whose neighbours are at least 1e-5 apart.
const GENSIM_MOST_SIMILAR: GensimCase[] = [
  {
    query: { positive: ['police'] },
    expected: [
      ['suicide', 0.999883],
      ['since', 0.9997988],
      ['night', 0.9997694],
      ['if', 0.9996942],
      ['from', 0.9996576],
    ],
  },
  {
    query: { positive: ['police'], restrictVocab: 100 },
    expected: [
      ['if', 0.9996942],
      ['from', 0.9996576],
      ['last', 0.9996432],
      ['against', 0.9995873],
      ['out', 0.9995586],
    ],
  },
  {
    query: { positive: ['car'] },
    expected: [
      ['allegations', 0.9976289],
      ['brisbane', 0.996707],
      ['opposition', 0.9966386],
      ['situation', 0.9963597],
      ['probably', 0.9961409],
    ],
  },
  {
    query: { positive: ['car'], restrictVocab: 100 },
    expected: [
      ['said', 0.9949614],
      ['had', 0.9945238],
      ['he', 0.9942287],
      ['say', 0.9937216],
      ['told', 0.993641],
    ],
  },
  {
    query: { positive: ['man'] },
    expected: [
      ['fighters', 0.9994462],
      ['child', 0.9992572],
      ['has', 0.9992365],
      ['break', 0.9991252],
      ['winds', 0.9990819],
    ],
  },
  {
    query: { positive: ['president', 'australia'], negative: ['government'] },
    expected: [
      ['official', 0.9996784],
      ['used', 0.9995841],
      ['make', 0.9994876],
      ['six', 0.9993675],
      ['called', 0.9992883],
    ],
  },
  {
    query: { positive: ['man', 'woman'], negative: ['people'] },
    expected: [
      ['representing', 0.99575],
      ['launceston', 0.9950823],
      ['matter', 0.9942987],
      ['volunteers', 0.9938585],
      ['innings', 0.9936737],
    ],
  },
];
const GENSIM_COSMUL: GensimCase[] = [
  {
    query: { positive: ['president', 'australia'], negative: ['government'] },
    expected: [
      ['official', 0.9999222],
      ['used', 0.999875],
      ['make', 0.9998268],
      ['six', 0.9997666],
      ['called', 0.999727],
    ],
  },
  {
    query: { positive: ['man', 'woman'], negative: ['people'] },
    expected: [
      ['representing', 1.0008655],
      ['launceston', 1.0005261],
      ['matter', 1.0001262],
      ['volunteers', 0.9999182],
      ['innings', 0.9998114],
    ],
  },
  {
    query: { positive: ['car'] },
    expected: [
      ['allegations', 0.9988134],
      ['brisbane', 0.9983525],
      ['opposition', 0.9983183],
      ['situation', 0.9981788],
      ['probably', 0.9980695],
    ],
  },
];

function expectGensim(t: Test, what: string, actual: SimilarWord[], expected: [string, number][]): void {
  t.same(
    actual.map((a) => a.word),
    expected.map(([w]) => w),
    `${what}: gensim's words`,
  );
  const off = actual.map((a, i) => Math.abs(a.similarity - expected[i][1]));
  t.ok(
    off.every((d) => d <= 1e-5),
    `${what}: similarities within 1e-5 (worst ${Math.max(...off).toExponential(1)})`,
  );
}

const GENSIM_FILE = sharedData('interop', 'word2vec_pre_kv_c');

t.test("gensim's most_similar and most_similar_cosmul on word2vec_pre_kv_c", async (t) => {
  const wv = parseWord2vecText(fs.readFileSync(GENSIM_FILE, 'utf8'));
  t.equal(wv.size, 1750);
  t.equal(wv.dim, 10);
  for (const c of GENSIM_MOST_SIMILAR) {
    expectGensim(t, `mostSimilar ${JSON.stringify(c.query)}`, wv.mostSimilar({ ...c.query, topK: 5 }), c.expected);
  }
  for (const c of GENSIM_COSMUL) {
    const got = wv.mostSimilarCosMul({ ...c.query, topK: 5 }, { epsilon: 1e-6 });
    expectGensim(t, `mostSimilarCosMul ${JSON.stringify(c.query)}`, got, c.expected);
  }
  // The same queries as analogies: government is to president as australia is to ?
  expectGensim(
    t,
    'analogy 3CosAdd',
    wv.analogy('government', 'president', 'australia', { topK: 5 }),
    GENSIM_MOST_SIMILAR[5].expected,
  );
  expectGensim(
    t,
    'analogy 3CosMul',
    wv.analogy('government', 'president', 'australia', { method: '3CosMul', topK: 5, epsilon: 1e-6 }),
    GENSIM_COSMUL[0].expected,
  );
});
