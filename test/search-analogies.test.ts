/**
 * The native bulk analogy search (binding/core/search.h topKAnalogies, the
 * engine of evaluateAnalogies): the same answers as the per-query searches
 * and as a brute force, the same on any thread count, and clear errors.
 */
import t from 'tap';

import { native } from '../lib/native';
import { prng } from './support/prng';

const ROWS = 3000;
const DIM = 8;

function setup(seed: number) {
  const random = prng(seed);
  const m = new Float32Array(ROWS * DIM);
  for (let i = 0; i < m.length; i++) m[i] = random() * 2 - 1;
  const unit = native().normalizeRows(m, DIM);
  // 60 questions over 20 words: the questions share their terms, as real analogy sets do.
  const words = Array.from({ length: 20 }, () => Math.floor(random() * ROWS));
  const pick = () => Math.floor(random() * words.length);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  while (a.length < 60) {
    const [i, j, k] = [pick(), pick(), pick()];
    if (new Set([words[i], words[j], words[k]]).size < 3) continue;
    a.push(i);
    b.push(j);
    c.push(k);
  }
  const terms = new Float32Array(words.length * DIM);
  words.forEach((row, i) => terms.set(unit.subarray(row * DIM, (row + 1) * DIM), i * DIM));
  const exclude = a.map((_, q) => Uint32Array.of(words[a[q]], words[b[q]], words[c[q]]));
  return {
    unit,
    words,
    terms,
    a: Uint32Array.from(a),
    b: Uint32Array.from(b),
    c: Uint32Array.from(c),
    exclude,
    term: (i: number) => terms.subarray(i * DIM, (i + 1) * DIM),
  };
}

t.test('3CosMul in bulk equals the per-question 3CosMul search, bit for bit', async (t) => {
  const s = setup(1);
  const { topKAnalogyBatch, topKCosMulBatch } = native();
  const k = 7;
  const bulk = topKAnalogyBatch(s.unit, DIM, s.terms, s.a, s.b, s.c, '3CosMul', 0.001, k, ROWS, s.exclude);
  for (let q = 0; q < s.a.length; q++) {
    const terms = new Float32Array(3 * DIM);
    terms.set(s.term(s.b[q]), 0);
    terms.set(s.term(s.c[q]), DIM);
    terms.set(s.term(s.a[q]), 2 * DIM);
    const one = topKCosMulBatch(s.unit, DIM, terms, 2, 1, k, ROWS, [s.exclude[q]], 0.001);
    t.equal(bulk.counts[q], k);
    t.same(bulk.indices.subarray(q * k, (q + 1) * k), one.indices, `question ${q}: the same rows`);
    t.same(bulk.scores.subarray(q * k, (q + 1) * k), one.scores, `question ${q}: the same scores`);
  }
});

t.test(
  '3CosAdd in bulk: the best rows by cos b + cos c - cos a, question rows and rows past limit excluded',
  async (t) => {
    const s = setup(2);
    const { topKAnalogyBatch } = native();
    const k = 5;
    const limit = 2500;
    const bulk = topKAnalogyBatch(s.unit, DIM, s.terms, s.a, s.b, s.c, '3CosAdd', 0, k, limit, s.exclude);
    const cos = (row: number, term: Float32Array) => {
      let d = 0;
      for (let j = 0; j < DIM; j++) d += s.unit[row * DIM + j] * term[j];
      return d;
    };
    for (let q = 0; q < s.a.length; q++) {
      const score = (row: number) => cos(row, s.term(s.b[q])) + cos(row, s.term(s.c[q])) - cos(row, s.term(s.a[q]));
      const got = [...bulk.indices.subarray(q * k, (q + 1) * k)];
      const banned = new Set(s.exclude[q]);
      t.notOk(
        got.some((r) => banned.has(r) || r >= limit),
        `question ${q}: no question row, none past limit`,
      );
      for (let i = 0; i < k; i++) {
        t.ok(Math.abs(bulk.scores[q * k + i] - score(got[i])) < 1e-5, `question ${q}: answer ${i}'s score`);
      }
      // No row left out scores better than the last answer (beyond float rounding).
      const last = score(got[k - 1]);
      let better = 0;
      for (let r = 0; r < limit; r++) if (!banned.has(r) && !got.includes(r) && score(r) > last + 1e-5) better++;
      t.equal(better, 0, `question ${q}: the ${k} best rows`);
    }
  },
);

t.test('the bulk search gives the same answers on any thread count; exact ties go to the lower row', async (t) => {
  const s = setup(3);
  const { topKAnalogyBatch } = native();
  for (const method of ['3CosAdd', '3CosMul'] as const) {
    const one = topKAnalogyBatch(s.unit, DIM, s.terms, s.a, s.b, s.c, method, 1e-6, 4, ROWS, s.exclude, 1);
    for (const threads of [2, 5]) {
      const many = topKAnalogyBatch(s.unit, DIM, s.terms, s.a, s.b, s.c, method, 1e-6, 4, ROWS, s.exclude, threads);
      t.same(many.indices, one.indices, `${method}, ${threads} threads: the same rows`);
      t.same(many.scores, one.scores, `${method}, ${threads} threads: the same scores`);
    }
  }
  // Rows 0 and 2 are the same vector: they tie exactly, and row 0 comes first.
  const unit = native().normalizeRows(Float32Array.of(1, 1, 0, 1, 1, 1, 1, 0), 2);
  const terms = Float32Array.of(1, 0, 0, 1);
  const tie = topKAnalogyBatch(
    unit,
    2,
    terms,
    Uint32Array.of(0),
    Uint32Array.of(1),
    Uint32Array.of(1),
    '3CosAdd',
    0,
    4,
    4,
    undefined,
    2,
  );
  t.same([...tie.indices.subarray(0, 2)], [1, 0], 'north first, then the tie in row order');
  t.equal(tie.indices[2], 2);
});

t.test('bulk analogy arguments that are not right are rejected clearly', async (t) => {
  const { normalizeRows, topKAnalogyBatch } = native();
  const unit = normalizeRows(Float32Array.of(1, 0, 0, 1, -1, 0), 2);
  const terms = Float32Array.of(1, 0, 0, 1);
  const one = Uint32Array.of(0);
  const two = Uint32Array.of(1);
  t.throws(
    () => topKAnalogyBatch(unit, 2, terms, one, two, Uint32Array.of(2), '3CosAdd', 0, 1, 3),
    /topKAnalogyBatch: question 0 names a term beyond the 2 terms/,
  );
  t.throws(
    () => topKAnalogyBatch(unit, 2, terms, one, two, Uint32Array.of(0, 1), '3CosAdd', 0, 1, 3),
    /topKAnalogyBatch: a, b and c must have the same length/,
  );
  t.throws(
    () => topKAnalogyBatch(unit, 2, terms, one, two, [0] as unknown as Uint32Array, '3CosAdd', 0, 1, 3),
    /topKAnalogyBatch: expected a Uint32Array for c/,
  );
  t.throws(
    () => topKAnalogyBatch(unit, 2, terms, one, two, one, 'cosine' as never, 0, 1, 3),
    /topKAnalogyBatch: expected '3CosAdd' or '3CosMul' for method/,
  );
  t.throws(
    () => topKAnalogyBatch(unit, 2, terms, one, two, one, '3CosMul', -1, 1, 3),
    /topKAnalogyBatch: expected a finite number >= 0 for epsilon/,
  );
  t.throws(
    () => topKAnalogyBatch(unit, 2, Float32Array.of(1, 0, 0), one, two, one, '3CosAdd', 0, 1, 3),
    /topKAnalogyBatch: terms holds 3 floats, not a multiple of dim 2/,
  );
  t.throws(
    () => topKAnalogyBatch(unit, 2, terms, one, two, one, '3CosAdd', 0, 1, 4),
    /topKAnalogyBatch: expected an integer between 0 and 3 for limit/,
  );
  const none = topKAnalogyBatch(
    unit,
    2,
    terms,
    new Uint32Array(0),
    new Uint32Array(0),
    new Uint32Array(0),
    '3CosAdd',
    0,
    5,
    3,
  );
  t.same([...none.counts], [], 'no questions, no answers');
});
