/**
 * projectWords (2-D PCA of chosen words) and plotSvg, through the public
 * API; and the CS224n SST example, which uses both, on the excerpt of the
 * SST sentences in test/fixtures/sst (and on the whole treebank when the
 * SST_SENTENCES environment variable names its datasetSentences.txt). The
 * projection is checked against properties that define PCA, not against
 * numbers written down here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';

import {
  SENTENCES_ENV,
  sentencesFile,
  sstSentences,
  trainSst,
  VISUALIZE_WORDS,
  wordPlot,
} from '../examples/cs224n-sst/run';
import { plotSvg, projectWords, WordVectors, type ProjectedWord } from '../lib/index';

/** A deterministic generator of numbers in [-1, 1). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/** Word vectors whose rows are given, named w0, w1, ... */
function vectorsOf(rows: number[][]): WordVectors {
  const dim = rows[0].length;
  return new WordVectors(
    rows.map((_, i) => `w${i}`),
    Float32Array.from(rows.flat()),
    dim,
  );
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.sqrt(a.reduce((sum, x, k) => sum + (x - b[k]) ** 2, 0));
}

function rowOf(wv: WordVectors, word: string): number[] {
  return Array.from(wv.get(word) as Float32Array);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

t.test('points in a plane keep their distances (n < dim and n > dim)', async (t) => {
  for (const [n, dim] of [
    [6, 10],
    [40, 8],
  ]) {
    const rand = lcg(n * 100 + dim);
    // Two random directions and an offset: the points span a 2-D affine plane.
    const u = Array.from({ length: dim }, rand);
    const v = Array.from({ length: dim }, rand);
    const offset = Array.from({ length: dim }, () => 5 * rand());
    const rows = Array.from({ length: n }, () => {
      const [a, b] = [3 * rand(), rand()];
      return offset.map((o, k) => o + a * u[k] + b * v[k]);
    });
    const wv = vectorsOf(rows);
    const words = wv.words.slice();
    const points = projectWords(wv, words);
    t.same(
      points.map((p) => p.word),
      words,
      `${n} x ${dim}: one point per word, in order`,
    );
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const original = distance(rowOf(wv, words[i]), rowOf(wv, words[j]));
        const projected = distance([points[i].x, points[i].y], [points[j].x, points[j].y]);
        worst = Math.max(worst, Math.abs(original - projected) / Math.max(1, original));
      }
    }
    t.ok(worst < 1e-4, `${n} x ${dim}: distances kept (worst relative error ${worst})`);
  }
});

t.test('the axes are the principal ones: centred, uncorrelated, x spread first', async (t) => {
  for (const [n, dim] of [
    [12, 30],
    [60, 5],
  ]) {
    const rand = lcg(7 + n);
    // Anisotropic data: coordinate k has scale 1/(k+1), then a random rotation-free shuffle of signs.
    const rows = Array.from({ length: n }, () => Array.from({ length: dim }, (_, k) => (rand() * 4) / (k + 1) + 2));
    const points = projectWords(
      vectorsOf(rows),
      rows.map((_, i) => `w${i}`),
    );
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    t.ok(Math.abs(mean(xs)) < 1e-5 && Math.abs(mean(ys)) < 1e-5, `${n} x ${dim}: mean 0`);
    const cov = mean(xs.map((x, i) => x * ys[i]));
    const varX = mean(xs.map((x) => x * x));
    const varY = mean(ys.map((y) => y * y));
    t.ok(Math.abs(cov) < 1e-5 * varX, `${n} x ${dim}: x and y uncorrelated`);
    t.ok(varX >= varY, `${n} x ${dim}: x has the larger spread`);

    // No unit direction spreads the centred data more than x does (checked on random directions).
    const centred = rows.map((r) => r.map((v, k) => v - mean(rows.map((q) => q[k]))));
    for (let trial = 0; trial < 50; trial++) {
      const dir = Array.from({ length: dim }, rand);
      const norm = Math.hypot(...dir);
      const spread = mean(centred.map((r) => (r.reduce((s, v, k) => s + v * dir[k], 0) / norm) ** 2));
      if (spread > varX * (1 + 1e-4)) t.fail(`direction ${trial} spreads more than x`);
    }
  }
});

t.test('the same picture every time: the largest coordinate of each axis is positive', async (t) => {
  const rand = lcg(99);
  const rows = Array.from({ length: 9 }, () => Array.from({ length: 7 }, rand));
  const words = rows.map((_, i) => `w${i}`);
  const a = projectWords(vectorsOf(rows), words);
  const b = projectWords(vectorsOf(rows), words);
  t.same(a, b);
  for (const axis of ['x', 'y'] as const) {
    const largest = a.reduce((best, p) => (Math.abs(p[axis]) > Math.abs(best) ? p[axis] : best), 0);
    t.ok(largest > 0, `${axis}: oriented`);
  }
  // A copy of the vectors flipped through the origin gives the same picture.
  const flipped = projectWords(vectorsOf(rows.map((r) => r.map((v) => -v))), words);
  flipped.forEach((p, i) => t.ok(Math.abs(p.x - a[i].x) < 1e-5 && Math.abs(p.y - a[i].y) < 1e-5));
});

t.test('edge cases and errors', async (t) => {
  const wv = vectorsOf([
    [1, 2, 3],
    [1, 2, 3],
    [4, 5, 6],
  ]);
  t.throws(() => projectWords(wv, ['w0', 'nope', 'zip']), /Not in the vocabulary: 'nope', 'zip'/);
  t.throws(() => projectWords(wv, []), /Expected non-empty array of words for words/);
  const same = projectWords(wv, ['w0', 'w1']);
  t.same(
    same.map((p) => [p.x, p.y]),
    [
      [0, 0],
      [0, 0],
    ],
    'identical vectors land on the origin',
  );
  const line = projectWords(vectorsOf([[0], [1], [3]]), ['w0', 'w1', 'w2']);
  t.same(
    line.map((p) => p.y),
    [0, 0, 0],
    'one dimension: y is 0',
  );
  t.same(
    line.map((p) => Number(p.x.toFixed(6))),
    [-4 / 3, -1 / 3, 5 / 3].map((x) => Number(x.toFixed(6))),
  );

  t.throws(() => plotSvg([{ word: 'a', x: Number.NaN, y: 0 }]), /points\[0\]/);
  t.throws(() => plotSvg([], { width: 50 }), /width/);
});

t.test('plotSvg: labelled points inside the picture, text escaped', async (t) => {
  const points: ProjectedWord[] = [
    { word: 'a<b', x: -1, y: 2 },
    { word: 'c&d', x: 3, y: -1 },
    { word: '"q"', x: 0, y: 0 },
  ];
  const svg = plotSvg(points, { width: 400, height: 300, title: 'T & U', xLabel: 'first', yLabel: 'second' });
  t.match(
    svg,
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="400" height="300"/,
  );
  t.notMatch(svg.replace(/<[^>]*>/g, ''), /[<>]|&(?!#\d+;)/, 'no raw < > or & in text');
  t.match(svg, />T &#38; U</);
  t.match(svg, />first</);
  t.match(svg, />second</);
  const circles = [...svg.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  t.equal(circles.length, 3);
  for (const [cx, cy] of circles) t.ok(cx > 0 && cx < 400 && cy > 0 && cy < 300, 'inside the picture');
  // x grows to the right, y grows upwards.
  t.ok(circles[1][0] > circles[2][0] && circles[2][0] > circles[0][0]);
  t.ok(circles[0][1] < circles[2][1] && circles[2][1] < circles[1][1]);
  t.equal([...svg.matchAll(/<g class="point" data-word="([^"]*)">/g)].length, 3);
});

t.test('plotSvg: labels of crowded points do not cover each other', async (t) => {
  const points: ProjectedWord[] = [
    { word: 'alpha', x: 0, y: 0 },
    { word: 'beta', x: 0.001, y: 0.001 },
    { word: 'gamma', x: -0.001, y: 0 },
    { word: 'delta', x: 1, y: 1 },
    { word: 'epsilon', x: -1, y: -1 },
  ];
  const svg = plotSvg(points);
  const labels = [
    ...svg.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)"( text-anchor="end")? fill="#111111">([^<]*)<\/text>/g),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), end: m[3] !== undefined, word: m[4] }));
  t.same(
    labels.map((l) => l.word),
    points.map((p) => p.word),
    'a label per point',
  );
  // Boxes as the layout estimates them: 7.2 px a character, 12 px high.
  const boxes = labels.map((l) => {
    const width = 7.2 * l.word.length;
    const left = l.end ? l.x - width : l.x;
    return { left, right: left + width, top: l.y - 10, bottom: l.y + 2 };
  });
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      t.notOk(
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom,
        `${labels[i].word} and ${labels[j].word} apart`,
      );
    }
  }
});

/** The first 400 sentences of the SST, as datasetSentences.txt has them but with '|' for the tab. */
const SST_EXCERPT = path.resolve(__dirname, 'fixtures', 'sst', 'datasetSentences-excerpt.csv');
const ROOT = path.resolve(__dirname, '..');
const RUN_TS = path.join(ROOT, 'examples', 'cs224n-sst', 'run.ts');

function plottedWords(svg: string): string[] {
  return [...svg.matchAll(/<g class="point" data-word="([^"]*)">/g)].map((m) => m[1]);
}

t.test('the CS224n SST example: where the sentences file comes from', async (t) => {
  t.equal(sentencesFile(SST_EXCERPT, {}), SST_EXCERPT, 'the argument');
  t.equal(sentencesFile(undefined, { [SENTENCES_ENV]: SST_EXCERPT }), SST_EXCERPT, 'else the environment variable');
  t.equal(sentencesFile(SST_EXCERPT, { [SENTENCES_ENV]: '/nonexistent' }), SST_EXCERPT, 'the argument first');
  for (const [given, env, what] of [
    [undefined, {}, /No SST sentences file given/],
    [undefined, { [SENTENCES_ENV]: '' }, /No SST sentences file given/],
    ['/nonexistent/datasetSentences.txt', {}, /No SST sentences file at \/nonexistent\/datasetSentences\.txt/],
  ] as const) {
    t.throws(() => sentencesFile(given, env), { message: what });
    t.throws(() => sentencesFile(given, env), {
      message: /https:\/\/nlp\.stanford\.edu\/sentiment\/.*utils\/datasets\/stanfordSentimentTreebank.*SST_SENTENCES/s,
    });
  }

  const env = { ...process.env };
  delete env[SENTENCES_ENV];
  const run = spawnSync(process.execPath, ['--import', 'tsx', RUN_TS], { cwd: ROOT, env, encoding: 'utf8' });
  t.equal(run.status, 2, 'run.ts without a sentences file exits with 2');
  t.match(
    run.stderr,
    /No SST sentences file given\.\nThe Stanford Sentiment Treebank is at https:\/\/nlp\.stanford\.edu\/sentiment\//,
  );
});

t.test('the CS224n SST example on an excerpt of the sentences', async (t) => {
  const sentences = [...sstSentences(SST_EXCERPT)];
  t.equal(sentences.length, 400, 'every sentence, the header skipped');
  t.same(sentences[2], ['effective', 'but', 'too-tepid', 'biopic'], 'the index dropped, lowercased');

  // datasetSentences.txt as the treebank has it: a tab after the index.
  const tabbed = path.join(t.testdir(), 'datasetSentences.txt');
  fs.writeFileSync(tabbed, fs.readFileSync(SST_EXCERPT, 'utf8').replace(/^(\w+)\|/gm, '$1\t'));
  t.same([...sstSentences(tabbed)], sentences, 'the tab-separated original reads the same');

  const model = await trainSst(SST_EXCERPT);
  t.equal(model.dim, 10);
  t.same([model.options.window, model.options.negative, model.options.minCount], [5, 10, 1]);
  const known = VISUALIZE_WORDS.filter((w) => model.wordVectors.has(w));
  t.ok(known.length >= 10, `${known.length} of run.py's words are in the excerpt`);
  t.same(plottedWords(wordPlot(model)), known, 'every word of run.py that the model knows is plotted');

  const svg = path.join(t.testdir(), 'word_vectors.svg');
  const run = spawnSync(process.execPath, ['--import', 'tsx', RUN_TS, SST_EXCERPT, '-o', svg], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  t.equal(run.status, 0, `run.ts exits with 0${run.status === 0 ? '' : `: ${run.stderr}`}`);
  t.match(run.stdout, /^\d+ words, final loss [\d.]+; wrote /);
  t.same(plottedWords(fs.readFileSync(svg, 'utf8')), known, 'run.ts draws the same words');
});

const fullSst = process.env[SENTENCES_ENV] || undefined;

t.test(
  'the CS224n SST example on the whole treebank',
  { skip: fullSst === undefined ? `${SENTENCES_ENV} does not name the SST's datasetSentences.txt` : false },
  async (t) => {
    const file = sentencesFile(fullSst);
    const sentences = [...sstSentences(file)];
    t.equal(sentences.length, 11855, 'every sentence, the header skipped');
    t.same(sentences[2], ['effective', 'but', 'too-tepid', 'biopic'], 'the index dropped, lowercased');
    const model = await trainSst(file);
    t.equal(model.dim, 10);
    t.same(plottedWords(wordPlot(model)), VISUALIZE_WORDS, 'every word of run.py is plotted');
  },
);
