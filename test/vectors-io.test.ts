/**
 * The word2vec vector formats (binding/core/vectors_io.h through
 * lib/vectors-io.ts): files other tools wrote (test/fixtures/gensim/interop) load
 * with the right shape and values, damaged files are rejected with errors
 * naming the file and the place, saves round-trip bit for bit and are atomic.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

import { loadVectors, WordVectors, type SaveVectorsOptions } from '../lib/index';
import { sharedData } from './support/shared-data';
import { scratchIn } from './support/scratch';

/** Saves as WordVectors.save does (a model's vectors write through the same method). */
const saveVectors = (wv: WordVectors, file: string, options?: SaveVectorsOptions): Promise<void> =>
  wv.save(file, options);

const INTEROP = sharedData('interop');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'vectors-io-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

// ------------------------------------------------------------------ helpers

const { path: scratch, write: writeScratch } = scratchIn(WORK);

function bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

/** An independent reader of small binary files (the oracle for the native one). */
function readBinaryOracle(file: string): { words: string[]; values: Float32Array; dim: number } {
  const buf = fs.readFileSync(file);
  let pos = buf.indexOf(0x0a) + 1;
  const [count, dim] = buf.subarray(0, pos).toString('latin1').trim().split(/\s+/).map(Number);
  const words: string[] = [];
  const values = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    while (buf[pos] === 0x0a) pos++;
    const space = buf.indexOf(0x20, pos);
    words.push(buf.subarray(pos, space).toString('utf8'));
    pos = space + 1;
    for (let k = 0; k < dim; k++, pos += 4) values[i * dim + k] = buf.readFloatLE(pos);
  }
  return { words, values, dim };
}

/** An independent reader of small text files: float32 of each decimal via Math.fround. */
function readTextOracle(file: string): { words: string[]; values: Float32Array; dim: number } {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const [count, dim] = lines[0].trim().split(/\s+/).map(Number);
  const words: string[] = [];
  const values = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const parts = lines[i + 1].trim().split(/\s+/);
    words.push(parts[0]);
    for (let k = 0; k < dim; k++) values[i * dim + k] = Math.fround(Number(parts[k + 1]));
  }
  return { words, values, dim };
}

/** Asserts a promise rejects with an Error whose message names `file` and matches `pattern`. */
async function rejectsNaming(t: Test, promise: Promise<unknown>, file: string, pattern: RegExp, what: string) {
  try {
    await promise;
    t.fail(`${what}: expected a rejection`);
  } catch (err) {
    t.type(err, Error, `${what}: an Error`);
    const message = (err as Error).message;
    t.ok(message.includes(file), `${what}: the message names the file (${message})`);
    t.match(message, pattern, `${what}: the message says what is wrong`);
  }
}

/** Deterministic vectors over a wide range: tiny, denormal, huge, negative zero. */
function randomVectors(n: number, dim: number, seed: number): Float32Array {
  const v = new Float32Array(n * dim);
  let s = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const mantissa = s / 2 ** 32 - 0.5;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = mantissa * 10 ** ((s % 17) - 8);
  }
  v.set([3.4028234663852886e38, -1e-45, -0, 1.1754943508222875e-38, 0.1, 1 / 3], 0);
  return v;
}

function randomWords(n: number): string[] {
  const scripts = ['w', 'слово', '日本語', 'ü', '🙂', 'a_b-c.d'];
  return Array.from({ length: n }, (_, i) => `${scripts[i % scripts.length]}${i}`);
}

// ---------------------------------------------- files other tools wrote

t.test('files other tools wrote', async (t) => {
  const file = (name: string) => path.join(INTEROP, name);

  const textFiles: [string, number, number][] = [
    ['word2vec_pre_kv_c', 1750, 10],
    ['toy-model.vec', 22, 5],
    ['lee_fasttext.vec', 1762, 10],
    ['crime-and-punishment.vec', 291, 5],
    ['high_precision.kv.txt', 2, 2],
  ];
  for (const [name, count, dim] of textFiles) {
    const wv = await loadVectors(file(name));
    t.equal(wv.size, count, `${name}: ${count} words`);
    t.equal(wv.dim, dim, `${name}: dim ${dim}`);
    const oracle = readTextOracle(file(name));
    t.strictSame(wv.words, oracle.words, `${name}: the words`);
    t.ok(
      bits(wv.vectors).every((b, i) => b === bits(oracle.values)[i]),
      `${name}: every value is the float32 of its decimal`,
    );
  }

  const pre = await loadVectors(file('word2vec_pre_kv_c'));
  t.equal(pre.words[0], 'the');
  t.equal(pre.get('the')?.[0], Math.fround(-0.561106), 'spot value: the[0]');
  t.equal(pre.get('to')?.[9], Math.fround(-1.576732), 'spot value: to[9]');

  const crime = await loadVectors(file('crime-and-punishment.vec'));
  t.equal(crime.words[0], 'и', 'Cyrillic words decode as UTF-8');
  t.equal(crime.get('в')?.[3], Math.fround(0.23478), 'spot value: в[3]');

  const toy = await loadVectors(file('toy-model.vec'));
  t.equal(toy.get('of')?.[4], Math.fround(-0.073243), 'the trailing space of .vec lines is no value');

  const euclid = await loadVectors(file('euclidean_vectors.bin'));
  t.equal(euclid.size, 2747, 'euclidean_vectors.bin: 2747 words');
  t.equal(euclid.dim, 10, 'euclidean_vectors.bin: dim 10');
  const euclidOracle = readBinaryOracle(file('euclidean_vectors.bin'));
  t.strictSame(euclid.words, euclidOracle.words, 'euclidean_vectors.bin: the words');
  t.ok(
    bits(euclid.vectors).every((b, i) => b === bits(euclidOracle.values)[i]),
    'euclidean_vectors.bin: every float bit for bit',
  );
  t.equal(
    euclid.get('the')?.[0],
    fs.readFileSync(file('euclidean_vectors.bin')).readFloatLE('2747 10\nthe '.length),
    'spot value: the[0]',
  );
});

t.test('high_precision.kv: binary round trip and text/binary agreement', async (t) => {
  const binFile = path.join(INTEROP, 'high_precision.kv.bin');
  const bin = await loadVectors(binFile);
  const txt = await loadVectors(path.join(INTEROP, 'high_precision.kv.txt'));
  t.strictSame(bin.words, ['kangaroo.n.01', 'horse.n.01']);
  t.strictSame(txt.words, bin.words, 'the same words in the same order');
  // Bit patterns as gensim 4.2 loads them (KeyedVectors.load_word2vec_format).
  t.strictSame(
    Array.from(bits(bin.vectors)),
    [3124830208, 3098370048, 3126853632, 977911808],
    "binary: gensim's floats",
  );
  t.strictSame(
    Array.from(bits(txt.vectors)),
    [3124833833, 3098373909, 3126855969, 977908356],
    'text: the float32 nearest to each decimal, as gensim reads them',
  );
  // The pair is not bit-identical: the .bin holds the same numbers rounded
  // to 11 significant bits (the low 13 mantissa bits are zero).
  t.ok(
    bits(bin.vectors).every((b) => (b & 0x1fff) === 0),
    'the .bin floats have float16 precision',
  );
  t.ok(
    bin.vectors.every((b, i) => Math.abs(b - txt.vectors[i]) <= Math.abs(txt.vectors[i]) * 2 ** -11),
    'text and binary agree to that precision',
  );

  // load -> save -> the same floats, byte for byte.
  const original = fs.readFileSync(binFile);
  const out = scratch('high_precision.bin');
  await saveVectors(bin, out, { format: 'binary' });
  const expected = Buffer.concat([
    Buffer.from('2 2\n'),
    Buffer.from('kangaroo.n.01 '),
    original.subarray(18, 26),
    Buffer.from('\n'),
    Buffer.from('horse.n.01 '),
    original.subarray(37, 45),
    Buffer.from('\n'),
  ]);
  t.ok(
    fs.readFileSync(out).equals(expected),
    'saved as the C tool writes: same float bytes, each vector ending in \\n',
  );
  const again = await loadVectors(out);
  t.strictSame(Array.from(bits(again.vectors)), Array.from(bits(bin.vectors)), 'and loads back bit for bit');
});

t.test('pretrained.vec (header promises 3, holds 1) is rejected', async (t) => {
  const file = path.join(INTEROP, 'pretrained.vec');
  await rejectsNaming(t, loadVectors(file), file, /promises 3 words but the file holds only 1/, 'pretrained.vec');
  const one = await loadVectors(file, { limit: 1 });
  t.equal(one.size, 1, 'with limit 1 the one word it holds loads (as gensim with limit=1)');
});

t.test('limit loads the first N words', async (t) => {
  for (const name of ['word2vec_pre_kv_c', 'euclidean_vectors.bin']) {
    const full = await loadVectors(path.join(INTEROP, name));
    const some = await loadVectors(path.join(INTEROP, name), { limit: 100 });
    t.equal(some.size, 100, `${name}: 100 words`);
    t.strictSame(some.words, full.words.slice(0, 100), `${name}: the first 100 words`);
    t.strictSame(
      Array.from(some.vectors),
      Array.from(full.vectors.subarray(0, 100 * full.dim)),
      `${name}: their vectors`,
    );
    const all = await loadVectors(path.join(INTEROP, name), { limit: 1e9 });
    t.equal(all.size, full.size, `${name}: a limit above the count loads every word`);
  }
});

t.test('an explicit format overrides detection', async (t) => {
  const bin = path.join(INTEROP, 'euclidean_vectors.bin');
  await rejectsNaming(
    t,
    loadVectors(bin, { format: 'text' }),
    bin,
    /line 2 \('the'\): value 1, .* is not a float32 number/,
    'a binary file read as text',
  );
  const wv = await loadVectors(bin, { format: 'binary' });
  t.equal(wv.size, 2747, 'format binary on a binary file');
});

// ------------------------------------------------------ hand-made files

t.test('text variants: \\r\\n, tabs, trailing spaces, blank lines, exponents', async (t) => {
  const file = writeScratch('variants.txt', '3 3\r\na 1 -2.5e-3 +3\r\n\r\nb\t0.1\t1E+2  .5 \r\nc inf -0 7e-46\r\n');
  const wv = await loadVectors(file);
  t.strictSame(wv.words, ['a', 'b', 'c']);
  t.strictSame(Array.from(wv.vectors.subarray(0, 6)), [1, Math.fround(-2.5e-3), 3, Math.fround(0.1), 100, 0.5]);
  t.equal(wv.vectors[6], Infinity, 'inf');
  t.ok(Object.is(wv.vectors[7], -0), '-0 keeps its sign');
  t.equal(wv.vectors[8], 0, 'a decimal below the smallest denormal rounds to 0');
});

t.test('binary variants: with and without the newline after each vector', async (t) => {
  const vec = (xs: number[]) => Buffer.from(new Float32Array(xs).buffer);
  const c = Buffer.concat([Buffer.from('2 2\nab '), vec([1, 2]), Buffer.from('\ncd '), vec([3, 4]), Buffer.from('\n')]);
  const gensim = Buffer.concat([Buffer.from('2 2\nab '), vec([1, 2]), Buffer.from('cd '), vec([3, 4])]);
  for (const [name, content] of [
    ['C tool', c],
    ['gensim', gensim],
  ] as const) {
    const wv = await loadVectors(writeScratch(`${name}.bin`, content));
    t.strictSame(wv.words, ['ab', 'cd'], `${name}: words`);
    t.strictSame(Array.from(wv.vectors), [1, 2, 3, 4], `${name}: values`);
  }
});

t.test('words: invalid UTF-8 becomes U+FFFD, an empty binary word is kept', async (t) => {
  const vec = (x: number) => Buffer.from(new Float32Array([x]).buffer);
  const content = Buffer.concat([
    Buffer.from('3 1\n'),
    Buffer.from([0xc3, 0x20]),
    vec(1),
    Buffer.from(' '),
    vec(2),
    Buffer.from('ok '),
    vec(3),
  ]);
  const wv = await loadVectors(writeScratch('odd-words.bin', content), { format: 'binary' });
  t.strictSame(wv.words, ['\ufffd', '', 'ok'], 'a cut UTF-8 sequence, an empty word, a plain word');
  t.strictSame(Array.from(wv.vectors), [1, 2, 3]);
});

t.test('duplicate words keep their rows; the first wins for lookup', async (t) => {
  const wv = await loadVectors(writeScratch('dup.txt', '3 2\na 1 2\nb 3 4\na 5 6\n'));
  t.equal(wv.size, 3, 'three rows');
  t.strictSame(Array.from(wv.get('a') ?? []), [1, 2], 'get() finds the first a');
  t.strictSame(Array.from(wv.vectors.subarray(4, 6)), [5, 6], 'the second a keeps its row');
});

t.test('an empty set of vectors round-trips', async (t) => {
  for (const format of ['binary', 'text'] as const) {
    const file = scratch(`empty.${format}`);
    await saveVectors(new WordVectors([], new Float32Array(0), 4), file, { format });
    t.equal(fs.readFileSync(file, 'utf8'), '0 4\n', `${format}: just the header`);
    const wv = await loadVectors(file);
    t.equal(wv.size, 0);
    t.equal(wv.dim, 4);
  }
});

t.test('damaged files are rejected with an Error naming the file and the place', async (t) => {
  const good = new WordVectors(['alpha', 'beta', 'gamma'], randomVectors(3, 4, 7), 4);
  const goodBin = scratch('good.bin');
  const goodText = scratch('good.txt');
  await saveVectors(good, goodBin, { format: 'binary' });
  await saveVectors(good, goodText, { format: 'text' });

  const binBytes = fs.readFileSync(goodBin);
  const truncatedBin = writeScratch('truncated.bin', binBytes.subarray(0, binBytes.length - 6));
  await rejectsNaming(
    t,
    loadVectors(truncatedBin),
    truncatedBin,
    /entry 3 \(byte offset \d+\): the file is truncated: the vector of 'gamma' has 11 of its 16 bytes/,
    'truncated binary',
  );
  const cutInWord = writeScratch('cut-word.bin', binBytes.subarray(0, binBytes.indexOf('gamma') + 3));
  await rejectsNaming(
    t,
    loadVectors(cutInWord, { format: 'binary' }),
    cutInWord,
    /header claims more data than the file holds/,
    'binary cut inside a word (fails the size check)',
  );

  const textContent = fs.readFileSync(goodText, 'utf8');
  const cutMidLine = writeScratch('truncated-mid.txt', textContent.slice(0, textContent.lastIndexOf(' ')));
  await rejectsNaming(
    t,
    loadVectors(cutMidLine),
    cutMidLine,
    /line 4 \('gamma'\): expected 4 values after the word but found 3/,
    'text cut in the middle of a line',
  );
  const cutAfterLine = writeScratch('truncated-line.txt', textContent.slice(0, textContent.indexOf('gamma')));
  await rejectsNaming(
    t,
    loadVectors(cutAfterLine),
    cutAfterLine,
    /promises 3 words but the file holds only 2/,
    'text cut after a line',
  );

  const cases: [string, string | Buffer, RegExp][] = [
    ['huge-count.txt', '1000000000000 3\na 1 2 3\n', /header claims more data than the file holds/],
    [
      'huge-count.bin',
      Buffer.concat([Buffer.from('1000000000000 3\na '), Buffer.alloc(12)]),
      /header claims more data than the file holds/,
    ],
    ['abc.txt', 'abc\na 1 2 3\n', /the first line must be the header 'count dim' \(two integers\), but it is 'abc'/],
    ['one-number.txt', '3\na 1 2 3\n', /header 'count dim'/],
    ['negative.txt', '-1 3\na 1 2 3\n', /header 'count dim'/],
    ['dim0.txt', '1 0\na\n', /dim is 0; expected an integer between 1 and 100000/],
    ['dim-huge.txt', '1 100001\na 1\n', /dim is 100001/],
    ['non-numeric.txt', '2 3\na 1 2 3\nb 1 abc 3\n', /line 3 \('b'\): value 2, 'abc', is not a float32 number/],
    ['two-points.txt', '2 3\na 1 2 3\nb 1 1.2.3 3\n', /line 3 \('b'\): value 2, '1\.2\.3', is not a float32 number/],
    ['overflow.txt', '1 2\na 1 1e39\n', /value 2, '1e39', is not a float32 number/],
    ['hex.txt', '1 2\na 1 0x10\n', /value 2, '0x10', is not a float32 number/],
    ['too-few.txt', '2 3\na 1.0 2.0 3.0\nb 1.0 2.0\n', /line 3 \('b'\): expected 3 values after the word but found 2/],
    ['too-many.txt', '2 3\na 1 2 3\nb 1 2 3 4\n', /line 3 \('b'\): expected 3 values after the word but found 4/],
    ['word-only.txt', '2 3\na 1.000 2.000 3.000\nb\n', /line 3 \('b'\): expected 3 values after the word but found 0/],
    [
      'huge-word.bin',
      Buffer.concat([Buffer.from('1 2\n'), Buffer.alloc(1.5 * 2 ** 20, 'x'), Buffer.from(' '), Buffer.alloc(8)]),
      /entry 1 \(byte offset 4\): the word is longer than 1048576 bytes/,
    ],
    ['empty.txt', '', /the file is empty/],
  ];
  for (const [name, content, pattern] of cases) {
    const file = writeScratch(name, content);
    await rejectsNaming(t, loadVectors(file), file, pattern, name);
  }
  const hugeText = writeScratch('huge-word.txt', `1 2\n${'y'.repeat(1.5 * 2 ** 20)} 1 2\n`);
  await rejectsNaming(
    t,
    loadVectors(hugeText, { format: 'text' }),
    hugeText,
    /line 2: the word is longer than 1048576 bytes/,
    'a huge word in text',
  );

  const missing = path.join(WORK, 'no-such-file.bin');
  await rejectsNaming(t, loadVectors(missing), missing, /no such file/, 'a missing file');
  await rejectsNaming(t, loadVectors(WORK), WORK, /is a directory/, 'a directory');

  const wv = await loadVectors(goodBin);
  t.equal(wv.size, 3, 'the process survives and loads the next file');
});

t.test('options are validated before any native work', async (t) => {
  const file = path.join(WORK, 'never-read.bin');
  await t.rejects(loadVectors(file, { limit: 0 }), {
    name: 'RangeError',
    message: /Expected integer >= 1 for limit but received 0/,
  });
  await t.rejects(loadVectors(file, { limit: 2.5 }), { name: 'RangeError', message: /for limit/ });
  await t.rejects(loadVectors(file, { limit: '5' as unknown as number }), {
    name: 'TypeError',
    message: /for limit but received '5'/,
  });
  await t.rejects(loadVectors(file, { format: 'csv' as 'text' }), {
    name: 'RangeError',
    message: /one of 'auto', 'binary', 'text' for format/,
  });
  await t.rejects(loadVectors(file, { binary: true } as never), {
    name: 'TypeError',
    message: /Unknown option 'binary'.*limit, format/,
  });
  await t.rejects(loadVectors(''), { name: 'RangeError', message: /for file/ });
  await t.rejects(loadVectors(5 as unknown as string), {
    name: 'TypeError',
    message: /for file but received 5 of type number/,
  });
  const wv = new WordVectors(['a'], new Float32Array([1, 2]), 2);
  await t.rejects(saveVectors(wv, file, { format: 'bin' as 'binary' }), {
    name: 'RangeError',
    message: /one of 'binary', 'text' for format/,
  });
  t.notOk(fs.existsSync(file), 'nothing was written');
});

// ------------------------------------------------------------ saving

t.test('save -> load round-trips bit for bit in both formats', async (t) => {
  const n = 300;
  const dim = 17;
  const wv = new WordVectors(randomWords(n), randomVectors(n, dim, 42), dim);
  const files = { binary: scratch('round-trip.bin'), text: scratch('round-trip.txt') };
  for (const format of ['binary', 'text'] as const) {
    await wv.save(files[format], { format });
    const back = await loadVectors(files[format]);
    t.strictSame(back.words, wv.words, `${format}: the words, UTF-8 intact`);
    t.equal(back.dim, dim, `${format}: dim`);
    t.ok(
      bits(back.vectors).every((b, i) => b === bits(wv.vectors)[i]),
      `${format}: every float bit for bit`,
    );
  }
  const firstLine = fs.readFileSync(files.text, 'utf8').split('\n')[1].split(' ');
  t.strictSame(
    firstLine.slice(0, 7),
    ['w0', '3.4028235e+38', '-1e-45', '-0', '1.1754944e-38', '0.1', '0.33333334'],
    'text values are the shortest decimals that read back as the same float32',
  );
  t.equal(firstLine.length, dim + 1, 'no trailing space');

  const bin = fs.readFileSync(files.binary);
  const header = `${n} ${dim}\n`;
  t.equal(bin.subarray(0, header.length).toString(), header, 'binary header');
  const first = Buffer.concat([Buffer.from('w0 '), Buffer.from(wv.vectors.slice(0, dim).buffer), Buffer.from('\n')]);
  t.ok(
    bin.subarray(header.length, header.length + first.length).equals(first),
    'binary entry: word, space, float32 LE, newline',
  );
});

t.test('loading does not block the event loop', async (t) => {
  const file = scratch('async.bin');
  await saveVectors(new WordVectors(randomWords(2000), randomVectors(2000, 50, 3), 50), file);
  // A synchronous loader would settle its promise before any macrotask ran.
  let immediateRan = false;
  setImmediate(() => {
    immediateRan = true;
  });
  const wv = await loadVectors(file);
  t.ok(immediateRan, 'a setImmediate callback ran while the file was read');
  t.equal(wv.size, 2000);
});

t.test('saving is atomic', async (t) => {
  const wv = new WordVectors(['a', 'b'], new Float32Array([1, 2, 3, 4]), 2);

  const missingFolder = path.join(WORK, 'missing-folder');
  const target = path.join(missingFolder, 'x.bin');
  await rejectsNaming(
    t,
    saveVectors(wv, target),
    target,
    /the folder '.*missing-folder' does not exist/,
    'a missing folder',
  );
  t.notOk(fs.existsSync(missingFolder), 'nothing was created');

  const dir = fs.mkdtempSync(path.join(WORK, 'atomic-'));
  for (const format of ['binary', 'text'] as const) {
    const file = path.join(dir, `vectors.${format}`);
    await saveVectors(wv, file, { format });
    const before = fs.readFileSync(file);
    const bad: [string, RegExp][] = [
      ['bad word', /word 3, 'bad word', contains whitespace/],
      ['bad\nword', /word 3, 'bad\\x0Aword', contains whitespace/],
      ['', /word 3 is empty/],
    ];
    for (const [word, pattern] of bad) {
      const words = ['one', 'two', 'three', word, 'five'];
      const broken = new WordVectors(words, new Float32Array(words.length * 2).fill(0.5), 2);
      await rejectsNaming(
        t,
        saveVectors(broken, file, { format }),
        file,
        pattern,
        `${format}: ${JSON.stringify(word)} after good words`,
      );
      t.ok(fs.readFileSync(file).equals(before), `${format}: the previous file is byte-identical`);
      t.strictSame(
        fs.readdirSync(dir).sort(),
        format === 'binary' ? ['vectors.binary'] : ['vectors.binary', 'vectors.text'],
        `${format}: no temporary file is left behind`,
      );
    }
  }
  await rejectsNaming(t, saveVectors(wv, dir), dir, /is a directory/, 'a directory as the target');
});
