/**
 * The Embedding Projector's files (saveProjectorFiles and `hogvec convert
 * --format projector`): one row of tab-separated numbers per word that
 * read back as the same float32, the words in the same order, shortest
 * numbers, words a TSV cannot hold refused without touching earlier files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';

import { float32Text } from '../lib/projector';
import { saveProjectorFiles, WordVectors } from '../lib/index';
import { prng } from './support/prng';
import { rejection } from './support/rejection';
import { scratchIn } from './support/scratch';
import { exploreVectors } from './support/explore-vectors';

const ROOT = path.resolve(__dirname, '..');
const scratch = scratchIn(t.testdir());

function readTsv(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  t.ok(text.endsWith('\n'), `${path.basename(file)} ends with a line break`);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split('\t'));
}

t.test('float32Text: the shortest decimal that reads back as the same float32', async (t) => {
  const random = prng(3);
  for (let i = 0; i < 20000; i++) {
    const exponent = Math.floor(random() * 40) - 20;
    const value = Math.fround((random() * 2 - 1) * 10 ** exponent);
    const text = float32Text(value);
    if (Math.fround(Number(text)) !== value) t.fail(`${value} -> ${text} does not read back`);
    const digits = text
      .replace(/^-/, '')
      .replace(/e.*$/, '')
      .replace('.', '')
      .replace(/^0+/, '')
      .replace(/0+$/, '').length;
    if (digits > 1) {
      // One digit fewer must not round-trip, else the text was not the shortest.
      const shorter = value.toPrecision(digits - 1);
      if (Math.fround(Number(shorter)) === value) t.fail(`${value} -> ${text}, but ${shorter} is shorter`);
    }
  }
  t.equal(float32Text(Math.fround(0.1)), '0.1');
  t.equal(float32Text(Math.fround(-2.5)), '-2.5');
  t.equal(float32Text(0), '0');
  t.equal(float32Text(Math.fround(1e-7)), '1e-7');
  t.equal(float32Text(Math.fround(1 / 3)), '0.33333334');
});

t.test('writes PREFIX_tensor.tsv and PREFIX_metadata.tsv, row for row', async (t) => {
  const wv = exploreVectors();
  const prefix = scratch.path('fixture');
  const files = await saveProjectorFiles(wv, prefix);
  t.same(files, { tensor: `${prefix}_tensor.tsv`, metadata: `${prefix}_metadata.tsv` });
  const rows = readTsv(files.tensor);
  const words = readTsv(files.metadata);
  t.equal(rows.length, wv.size, 'one vector row per word');
  t.same(
    words.map((w) => w.length),
    new Array(wv.size).fill(1),
    'one column of metadata, no header',
  );
  t.same(
    words.map((w) => w[0]),
    wv.words,
    'the words, in row order (markup included)',
  );
  let exact = true;
  rows.forEach((row, i) => {
    if (row.length !== wv.dim) exact = false;
    row.forEach((cell, k) => {
      if (Math.fround(Number(cell)) !== wv.vectors[i * wv.dim + k]) exact = false;
    });
  });
  t.ok(exact, 'every number reads back as the same float32');
  t.same(
    fs.readdirSync(path.dirname(prefix)).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file left',
  );
});

t.test('a word a TSV cannot hold is refused, and earlier files stay as they were', async (t) => {
  const prefix = scratch.path('kept');
  fs.writeFileSync(`${prefix}_tensor.tsv`, 'old vectors\n');
  fs.writeFileSync(`${prefix}_metadata.tsv`, 'old words\n');
  for (const [word, name] of [
    ['a\tb', 'a tab'],
    ['a\nb', 'a line break'],
    ['a\rb', 'a carriage return'],
    ['', 'empty'],
  ]) {
    const wv = new WordVectors(['fine', word], new Float32Array([1, 2, 3, 4]), 2);
    const err = await rejection(t, saveProjectorFiles(wv, prefix));
    t.match(
      err.message,
      /^The word .* \(row 1\) cannot be written to a TSV file: it is empty or holds a tab or line break$/,
      name,
    );
  }
  t.equal(fs.readFileSync(`${prefix}_tensor.tsv`, 'utf8'), 'old vectors\n');
  t.equal(fs.readFileSync(`${prefix}_metadata.tsv`, 'utf8'), 'old words\n');
  const folder = scratch.path('no-such-folder');
  const missing = await rejection(t, saveProjectorFiles(exploreVectors(), path.join(folder, 'x')));
  t.match(missing.message, /ENOENT/, 'a missing folder is an error');
  await t.rejects(saveProjectorFiles(exploreVectors(), ''), {
    message: /^Expected non-empty string \(a path\) for prefix/,
  });
});

t.test('hogvec convert --format projector', async (t) => {
  const wv = exploreVectors();
  const vectors = scratch.path('in.bin');
  await wv.save(vectors);
  const prefix = scratch.path('out');
  const tsx = require.resolve('tsx/cjs', { paths: [ROOT] });
  const entry = scratch.write(
    'hogvec.cjs',
    `require(${JSON.stringify(path.join(ROOT, 'lib', 'cli', 'main.ts'))}).cli();\n`,
  );
  const run = (args: string[]) => spawnSync(process.execPath, ['--require', tsx, entry, ...args], { encoding: 'utf8' });
  const r = run(['convert', vectors, prefix, '--format', 'projector']);
  t.equal(r.status, 0, r.stderr);
  t.equal(
    r.stdout,
    `Wrote 176 vectors of dim 32 from ${vectors} (binary) to ${prefix}_tensor.tsv and their words to ${prefix}_metadata.tsv\n`,
  );
  t.same(
    readTsv(`${prefix}_metadata.tsv`).map((w) => w[0]),
    wv.words,
  );
  t.equal(readTsv(`${prefix}_tensor.tsv`)[0].length, wv.dim);

  const noFolder = run(['convert', vectors, path.join(prefix, 'sub', 'x'), '--format', 'projector']);
  t.equal(noFolder.status, 2);
  t.match(
    noFolder.stderr,
    /^hogvec convert: cannot write projector vectors '.*x_tensor\.tsv': the folder '.*sub' does not exist/,
  );
  const badFormat = run(['convert', vectors, prefix, '--format', 'tsv']);
  t.equal(badFormat.status, 2);
  t.match(
    badFormat.stderr,
    /^hogvec convert: Expected one of 'binary', 'text', 'projector' for --format but received 'tsv'/,
  );
});
