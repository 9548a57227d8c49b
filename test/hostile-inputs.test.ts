/**
 * Hostile and broken inputs, table-driven. Every row gives a bad option, a
 * bad file or a write that cannot succeed, and checks the exact Error it
 * must produce (its class and its full message), then that the process lives
 * on: after each row the addon still samples and loads a file correctly.
 * Writes that fail (missing or unwritable folder, a disk that fills up
 * half-way) must leave the previous file byte-identical and no temporary
 * file behind. The inputs that once crashed a fuzz target (fuzz/regressions/)
 * are replayed here through the public API.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

import { loadVectors, train, Word2Vec, WordVectors, type SaveVectorsOptions, type TrainOptions } from '../lib/index';
import { native } from '../lib/native';
import { scratchIn } from './support/scratch';

/** Saves as WordVectors.save does (a model's vectors write through the same method). */
const saveVectors = (wv: WordVectors, file: string, options?: SaveVectorsOptions): Promise<void> =>
  wv.save(file, options);

const ROOT = path.resolve(__dirname, '..');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

// ------------------------------------------------------------------ helpers

const { path: scratch, write: writeScratch } = scratchIn(WORK);

/** Deterministic bytes (xorshift32). */
function randomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}

const CORPUS_SPACE = new Set([0x20, 0x0a, 0x09, 0x0d, 0x0b, 0x0c]);

/** The corpus reader's tokens of a buffer (runs of non-whitespace bytes), as latin1 keys. */
function oracleTokens(bytes: Buffer): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const space = i === bytes.length || CORPUS_SPACE.has(bytes[i]);
    if (!space && start < 0) start = i;
    if (space && start >= 0) {
      tokens.push(bytes.subarray(start, i).toString('latin1'));
      start = -1;
    }
  }
  return tokens;
}

// CRC-32C (Castagnoli), as binding/core/crc32c.h: the checkpoint checksum.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A checkpoint with both checksums recomputed after an edit (a forgery, not damage). */
function withValidChecksums(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32LE(crc32c(out.subarray(0, 80)), 80);
  out.writeUInt32LE(crc32c(out.subarray(0, out.length - 4)), out.length - 4);
  return out;
}

/** Where the sections of a checkpoint start (binding/core/checkpoint.h). */
function checkpointLayout(bytes: Buffer) {
  const words = Number(bytes.readBigUInt64LE(48));
  const optionsBytes = Number(bytes.readBigUInt64LE(64));
  const vocabularyBytes = Number(bytes.readBigUInt64LE(72));
  const options = 84;
  const vocabulary = options + optionsBytes;
  const input = vocabulary + vocabularyBytes;
  return { words, optionsBytes, options, vocabulary, input, trailer: bytes.length - 4 };
}

// The probe run after every row: native code still works and gives right answers.
const PROBE = path.join(WORK, 'probe.bin');

async function addonWorks(): Promise<boolean> {
  const draws = native().sampleNegatives(new Float64Array([1, 3]), 0.75, 64, 7);
  const wv = await loadVectors(PROBE);
  return draws.length === 64 && draws.every((d) => d === 0 || d === 1) && wv.size === 2 && wv.get('b')?.[1] === 4;
}

interface Expected {
  name: 'Error' | 'TypeError' | 'RangeError';
  /** The full message; a RegExp (anchored) only where it holds a random temporary file name. */
  message: string | RegExp;
}

interface Row {
  name: string;
  run: () => unknown;
  error: Expected;
  /** Option errors are thrown synchronously, before any work starts. */
  sync?: boolean;
}

/** Runs one row: the exact error, then the probe. */
async function checkRow(t: Test, row: Row): Promise<void> {
  let error: unknown;
  let threwSync = false;
  let settled = false;
  try {
    const result = row.run();
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      await result;
    }
    settled = true;
  } catch (err) {
    error = err;
  }
  if (row.sync) {
    try {
      row.run();
    } catch {
      threwSync = true;
    }
  }
  if (settled) {
    t.fail(`${row.name}: expected ${row.error.name}, but it succeeded`);
  } else if (!(error instanceof Error)) {
    t.fail(`${row.name}: expected an Error, got ${String(error)}`);
  } else {
    t.equal(error.name, row.error.name, `${row.name}: a ${row.error.name}`);
    if (typeof row.error.message === 'string') t.equal(error.message, row.error.message, `${row.name}: the message`);
    else t.match(error.message, row.error.message, `${row.name}: the message`);
    t.match(error.stack ?? '', /\n\s+at /, `${row.name}: with a JS stack`);
    if (row.sync) t.ok(threwSync, `${row.name}: thrown synchronously`);
  }
  t.ok(await addonWorks(), `${row.name}: the process lives on and the addon still works`);
}

async function checkTable(t: Test, rows: readonly Row[]): Promise<void> {
  for (const row of rows) await checkRow(t, row);
}

/** Runs `node --import tsx <script> ...args` (under `sh -c` with a prefix such as a ulimit), collecting its output. */
function runNode(
  script: string,
  args: string[],
  options: { shellPrefix?: string; shell?: string; uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
  const node = [process.execPath, '--import', 'tsx', script, ...args];
  const [command, argv] = options.shellPrefix
    ? [options.shell ?? '/bin/sh', ['-c', `${options.shellPrefix} && exec "$@"`, 'sh', ...node]]
    : [node[0], node.slice(1)];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, env, uid: options.uid, gid: options.gid });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The temporary name AtomicFile (binding/core/file_util.h) gives a target. */
function temporaryOf(target: string): string {
  return `${escapeRegExp(path.join(path.dirname(target), `.${path.basename(target)}`))}\\.[0-9a-f]{16}\\.tmp`;
}

function temporaryFiles(folder: string): string[] {
  return fs.readdirSync(folder).filter((name) => name.endsWith('.tmp'));
}

// ------------------------------------------------------------------ fixtures

const CORPUS = path.join(WORK, 'corpus.txt');
const VALID_OPTIONS =
  'corpus, architecture, loss, dim, window, negative, epochs, minCount, maxVocabSize, sample, alpha, minAlpha, ' +
  'threads, seed, progressInterval, signal, checkpoint, nsExponent, cbowMean, sharedNegatives, hotRowBuffer, alignRows';

t.before(async () => {
  await saveVectors(new WordVectors(['a', 'b'], new Float32Array([1, 2, 3, 4]), 2), PROBE);
  const topics = [
    ['king', 'queen', 'prince', 'crown'],
    ['cat', 'dog', 'mouse', 'pet'],
    ['sun', 'moon', 'star', 'sky'],
  ];
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const topic = topics[i % 3];
    lines.push(Array.from({ length: 8 }, (_, j) => topic[(i * 7 + j * 3) % 4]).join(' '));
  }
  fs.writeFileSync(CORPUS, `${lines.join('\n')}\n`);
});

/** A small trained model (hierarchical softmax, so Huffman paths are in play). */
async function smallModel(): Promise<Word2Vec> {
  return train({ corpus: CORPUS, loss: 'hierarchical-softmax', dim: 8, epochs: 1, minCount: 1, threads: 1 });
}

// =================================================================== options

t.test('every bad option: the exact Error, thrown before any work', async (t) => {
  const bad = (options: Record<string, unknown>) => () =>
    train({ corpus: CORPUS, ...options } as unknown as TrainOptions);
  const range = (message: string): Expected => ({ name: 'RangeError', message });
  const type = (message: string): Expected => ({ name: 'TypeError', message });
  const rows: Row[] = [
    {
      name: 'dim 0',
      run: bad({ dim: 0 }),
      error: range('Expected integer between 1 and 10000 for dim but received 0 of type number'),
    },
    {
      name: 'dim -1',
      run: bad({ dim: -1 }),
      error: range('Expected integer between 1 and 10000 for dim but received -1 of type number'),
    },
    {
      name: 'dim 1.5',
      run: bad({ dim: 1.5 }),
      error: range('Expected integer between 1 and 10000 for dim but received 1.5 of type number'),
    },
    {
      name: 'dim 10001',
      run: bad({ dim: 10001 }),
      error: range('Expected integer between 1 and 10000 for dim but received 10001 of type number'),
    },
    {
      name: "dim '100'",
      run: bad({ dim: '100' }),
      error: type("Expected integer between 1 and 10000 for dim but received '100' of type string"),
    },
    {
      name: 'negative -1',
      run: bad({ negative: -1 }),
      error: range('Expected integer between 1 and 1000 for negative but received -1 of type number'),
    },
    {
      name: 'window 0',
      run: bad({ window: 0 }),
      error: range('Expected integer between 1 and 1000 for window but received 0 of type number'),
    },
    {
      name: 'epochs 0',
      run: bad({ epochs: 0 }),
      error: range('Expected integer between 1 and 100000 for epochs but received 0 of type number'),
    },
    {
      name: 'alpha NaN',
      run: bad({ alpha: NaN }),
      error: range('Expected finite number > 0 and <= 10 for alpha but received NaN of type number'),
    },
    {
      name: 'alpha Infinity',
      run: bad({ alpha: Infinity }),
      error: range('Expected finite number > 0 and <= 10 for alpha but received Infinity of type number'),
    },
    {
      name: 'alpha 0',
      run: bad({ alpha: 0 }),
      error: range('Expected finite number > 0 and <= 10 for alpha but received 0 of type number'),
    },
    {
      name: "alpha '0.1'",
      run: bad({ alpha: '0.1' }),
      error: type("Expected finite number > 0 and <= 10 for alpha but received '0.1' of type string"),
    },
    {
      name: 'minAlpha above alpha',
      run: bad({ minAlpha: 0.5 }),
      error: range('Expected finite number >= 0 and <= alpha (0.025) for minAlpha but received 0.5 of type number'),
    },
    {
      name: 'sample 1',
      run: bad({ sample: 1 }),
      error: range('Expected finite number >= 0 and < 1 for sample but received 1 of type number'),
    },
    {
      name: 'sample -0.1',
      run: bad({ sample: -0.1 }),
      error: range('Expected finite number >= 0 and < 1 for sample but received -0.1 of type number'),
    },
    {
      name: 'threads 0',
      run: bad({ threads: 0 }),
      error: range('Expected integer between 1 and 1024 for threads but received 0 of type number'),
    },
    {
      name: 'threads 100000',
      run: bad({ threads: 100000 }),
      error: range('Expected integer between 1 and 1024 for threads but received 100000 of type number'),
    },
    {
      name: 'threads NaN',
      run: bad({ threads: NaN }),
      error: range('Expected integer between 1 and 1024 for threads but received NaN of type number'),
    },
    {
      name: 'minCount 0',
      run: bad({ minCount: 0 }),
      error: range('Expected integer between 1 and 2147483647 for minCount but received 0 of type number'),
    },
    {
      name: 'maxVocabSize 999',
      run: bad({ maxVocabSize: 999 }),
      error: range('Expected integer between 1000 and 2147483647 for maxVocabSize but received 999 of type number'),
    },
    {
      name: 'seed -1',
      run: bad({ seed: -1 }),
      error: range('Expected integer between 0 and 4294967295 for seed but received -1 of type number'),
    },
    {
      name: 'seed 2^32',
      run: bad({ seed: 2 ** 32 }),
      error: range('Expected integer between 0 and 4294967295 for seed but received 4294967296 of type number'),
    },
    {
      name: 'progressInterval 0',
      run: bad({ progressInterval: 0 }),
      error: range('Expected integer between 10 and 3600000 for progressInterval but received 0 of type number'),
    },
    {
      name: 'nsExponent 11',
      run: bad({ nsExponent: 11 }),
      error: range('Expected finite number between -10 and 10 for nsExponent but received 11 of type number'),
    },
    {
      name: 'cbowMean 1',
      run: bad({ cbowMean: 1 }),
      error: type('Expected boolean for cbowMean but received 1 of type number'),
    },
    {
      name: "architecture 'skipgram'",
      run: bad({ architecture: 'skipgram' }),
      error: range("Expected one of 'skip-gram', 'cbow' for architecture but received 'skipgram' of type string"),
    },
    {
      name: 'architecture 1',
      run: bad({ architecture: 1 }),
      error: type("Expected one of 'skip-gram', 'cbow' for architecture but received 1 of type number"),
    },
    {
      name: "loss 'ns'",
      run: bad({ loss: 'ns' }),
      error: range(
        "Expected one of 'negative-sampling', 'hierarchical-softmax', 'softmax' for loss but received 'ns' of type string",
      ),
    },
    {
      name: 'unknown option size',
      run: bad({ size: 100 }),
      error: type(`Unknown option 'size' (did you mean 'dim'?); valid options are: ${VALID_OPTIONS}`),
    },
    {
      name: 'unknown options fooBar and iter',
      run: bad({ fooBar: 1, iter: 5 }),
      error: type(`Unknown options 'fooBar', 'iter' (did you mean 'epochs'?); valid options are: ${VALID_OPTIONS}`),
    },
    {
      name: 'signal {}',
      run: bad({ signal: {} }),
      error: type('Expected AbortSignal for signal but received {} of type object'),
    },
    {
      name: "checkpoint ''",
      run: bad({ checkpoint: '' }),
      error: range("Expected non-empty string (a file path) for checkpoint but received '' of type string"),
    },
    {
      name: 'corpus 42',
      run: bad({ corpus: 42 }),
      error: type(
        'Expected path, non-empty array of paths, or (async) iterable of token arrays for corpus but received 42 of type number',
      ),
    },
    {
      name: 'no corpus',
      run: () => train({} as TrainOptions),
      error: type(
        'Expected path, non-empty array of paths, or (async) iterable of token arrays for corpus but received undefined of type undefined',
      ),
    },
    {
      name: 'corpus []',
      run: bad({ corpus: [] }),
      error: type(
        'Expected path, non-empty array of paths, or (async) iterable of token arrays for corpus but received [] of type object',
      ),
    },
    {
      name: 'options null',
      run: () => train(null as unknown as TrainOptions),
      error: type('Expected plain object for options but received null of type object'),
    },
  ];
  for (const row of rows) row.sync = true;
  await checkTable(t, rows);
});

t.test('bad sentences of an in-memory corpus reject the run', async (t) => {
  await checkTable(t, [
    {
      name: 'a token holding a space',
      run: () =>
        train({
          corpus: [
            ['a', 'b'],
            ['c', 'b c'],
          ],
        }),
      error: {
        name: 'RangeError',
        message:
          "Expected a non-empty string without whitespace for corpus sentence 1 token 1 but received 'b c' of type string",
      },
    },
    {
      name: 'a token that is a number',
      run: () => train({ corpus: [['a', 5 as unknown as string]] }),
      error: {
        name: 'TypeError',
        message:
          'Expected a non-empty string without whitespace for corpus sentence 0 token 1 but received 5 of type number',
      },
    },
    {
      name: 'a sentence that is a string',
      run: () =>
        train({
          corpus: (function* () {
            yield ['a'];
            yield 'b c' as unknown as string[];
          })(),
        }),
      error: {
        name: 'TypeError',
        message: "Expected an array of token strings for corpus sentence 1 but received 'b c' of type string",
      },
    },
  ]);
});

// ==================================================================== corpora

t.test('bad corpus files: the exact Error, and the process lives on', async (t) => {
  const missing = path.join(WORK, 'no-such-corpus.txt');
  const folder = fs.mkdtempSync(path.join(WORK, 'folder-'));
  const empty = writeScratch('empty.txt', '');
  const blank = writeScratch('blank.txt', ' \n\t\r\n\v\f\n');
  const few = writeScratch('few.txt', 'a b c d\na b c\n');
  const single = writeScratch('single.txt', 'only only only only only\n');
  const hugeLine = writeScratch('huge-line.txt', Buffer.alloc(8 * 2 ** 20, 'a'));

  // Random bytes: whitespace bytes are frequent enough to cut them into ~6,000 tokens, none repeated 5 times.
  const noise = randomBytes(256 * 1024, 12345);
  const noiseFile = writeScratch('random.bin', noise);
  const noiseTokens = oracleTokens(noise);
  const noiseCounts = new Map<string, number>();
  for (const token of noiseTokens) noiseCounts.set(token, (noiseCounts.get(token) ?? 0) + 1);
  t.ok(Math.max(...noiseCounts.values()) < 5, 'precondition: no random token occurs 5 times');

  const error = (message: string): Expected => ({ name: 'Error', message });
  await checkTable(t, [
    {
      name: 'a missing file',
      run: () => train({ corpus: missing }),
      error: error(`Cannot read corpus file '${missing}': no such file`),
    },
    {
      name: 'a missing second file',
      run: () => train({ corpus: [CORPUS, missing] }),
      error: error(`Cannot read corpus file '${missing}': no such file`),
    },
    {
      name: 'a directory',
      run: () => train({ corpus: folder }),
      error: error(`Expected a corpus file but '${folder}' is a directory`),
    },
    {
      name: '/dev/null',
      run: () => train({ corpus: '/dev/null' }),
      error: error("Expected a regular corpus file but '/dev/null' is not one"),
    },
    {
      name: 'an empty file',
      run: () => train({ corpus: empty }),
      error: error('The corpus is empty: it holds no tokens'),
    },
    {
      name: 'only whitespace',
      run: () => train({ corpus: blank }),
      error: error('The corpus is empty: it holds no tokens'),
    },
    {
      name: 'an empty iterable',
      run: () => train({ corpus: (function* (): Generator<string[]> {})() }),
      error: error('The corpus is empty: it holds no tokens'),
    },
    {
      name: 'no word reaches minCount',
      run: () => train({ corpus: few }),
      error: error('No word occurs at least minCount (5) times in the 7 tokens of the corpus; lower minCount'),
    },
    {
      name: 'a single word reaches minCount',
      run: () => train({ corpus: single, minCount: 5 }),
      error: error("Only one word ('only') occurs at least minCount (5) times; training needs at least 2 words"),
    },
    {
      name: 'random bytes',
      run: () => train({ corpus: noiseFile }),
      error: error(
        `No word occurs at least minCount (5) times in the ${noiseTokens.length} tokens of the corpus; lower minCount`,
      ),
    },
    {
      name: 'one 8 MB line without spaces',
      run: () => train({ corpus: hugeLine }),
      error: error('No word occurs at least minCount (5) times in the 1 token of the corpus; lower minCount'),
    },
    {
      name: 'one 8 MB line without spaces, minCount 1',
      run: () => train({ corpus: hugeLine, minCount: 1 }),
      error: error(
        `Only one word ('${'a'.repeat(40)}...') occurs at least minCount (1) times; training needs at least 2 words`,
      ),
    },
  ]);
});

t.test('random bytes with minCount 1 train a vocabulary of the byte runs', async (t) => {
  const noise = randomBytes(64 * 1024, 777);
  const model = await train({
    corpus: writeScratch('random-train.bin', noise),
    minCount: 1,
    dim: 8,
    epochs: 1,
    threads: 2,
  });
  t.equal(
    model.vocabulary.size,
    new Set(oracleTokens(noise)).size,
    'one word per distinct run of non-whitespace bytes',
  );
  t.ok(model.wordVectors.vectors.every(Number.isFinite), 'finite vectors');
  t.ok(await addonWorks(), 'the addon still works');
});

t.test('a word longer than 1 MB is cut to 1024 bytes, in files and in iterables', async (t) => {
  const long = 'x'.repeat(1.5 * 2 ** 20);
  const lines = [`${long} b c`, `b ${long} c`, `c b ${long}`, 'b c d'];
  const fromFile = await train({
    corpus: writeScratch('long-word.txt', `${lines.join('\n')}\n`),
    minCount: 1,
    dim: 4,
    epochs: 1,
  });
  const fromIterable = await train({ corpus: lines.map((l) => l.split(' ')), minCount: 1, dim: 4, epochs: 1 });
  for (const [name, model] of [
    ['file', fromFile],
    ['iterable', fromIterable],
  ] as const) {
    t.strictSame(
      [...model.vocabulary.words].sort(),
      ['b', 'c', 'd', 'x'.repeat(1024)],
      `${name}: the long word is its first 1024 bytes`,
    );
    t.equal(model.vocabulary.counts[model.vocabulary.words.indexOf('x'.repeat(1024))], 3, `${name}: counted 3 times`);
  }
  // Cut at a character boundary: 1023 ASCII bytes and a 3-byte character leave 1023 bytes.
  const cut = await train({
    corpus: [
      [`${'y'.repeat(1023)}日本語`, 'z'],
      [`${'y'.repeat(1023)}日`, 'z'],
    ],
    minCount: 1,
    dim: 4,
    epochs: 1,
  });
  t.strictSame([...cut.vocabulary.words].sort(), ['y'.repeat(1023), 'z'], 'a cut never splits a UTF-8 character');
});

// ============================================================ vectors files

t.test('bad vectors files: the exact Error, and the process lives on', async (t) => {
  const good = new WordVectors(
    ['alpha', 'beta', 'gamma'],
    new Float32Array([0.5, 1, 1.5, 2, -1, -2, -3, -4, 0.25, 0.125, 8, 16]),
    4,
  );
  const goodBin = scratch('good.bin');
  const goodText = scratch('good.txt');
  await saveVectors(good, goodBin, { format: 'binary' });
  await saveVectors(good, goodText, { format: 'text' });
  const bin = fs.readFileSync(goodBin);
  const text = fs.readFileSync(goodText, 'utf8');

  const truncatedBin = writeScratch('truncated.bin', bin.subarray(0, bin.length - 6));
  const gammaOffset = bin.indexOf('gamma');
  const truncatedText = writeScratch('truncated.txt', text.slice(0, text.lastIndexOf(' ')));
  const truncatedTextLine = writeScratch('truncated-line.txt', text.slice(0, text.indexOf('gamma')));
  const hugeText = writeScratch('huge-count.txt', '1000000000000 3\na 1 2 3\n');
  const hugeBin = writeScratch('huge-count.bin', Buffer.concat([Buffer.from('1000000000000 3\na '), Buffer.alloc(12)]));
  const hugeDim = writeScratch('huge-dim.txt', '1 100001\na 1\n');
  const longWordBin = writeScratch(
    'long-word.bin',
    Buffer.concat([Buffer.from('1 2\n'), Buffer.alloc(1.5 * 2 ** 20, 'w'), Buffer.from(' '), Buffer.alloc(8)]),
  );
  const longWordText = writeScratch('long-word.txt', `1 2\n${'w'.repeat(1.5 * 2 ** 20)} 1 2\n`);
  const noise = randomBytes(64 * 1024, 99);
  for (let i = 0; i < 300; i++) if (noise[i] === 0x0a) noise[i] = 0x41; // no newline in the first 300 bytes
  const noiseFile = writeScratch('random.vec', noise);
  const empty = writeScratch('empty.vec', '');
  const missing = path.join(WORK, 'no-such-vectors.bin');
  const folder = fs.mkdtempSync(path.join(WORK, 'vectors-folder-'));
  const checkpoint = scratch('model.hogvec');
  await (await smallModel()).save(checkpoint);

  const cannot = (file: string, reason: string): Expected => ({
    name: 'Error',
    message: `Cannot load word vectors from '${file}': ${reason}`,
  });
  await checkTable(t, [
    { name: 'a missing file', run: () => loadVectors(missing), error: cannot(missing, 'no such file') },
    { name: 'a directory', run: () => loadVectors(folder), error: cannot(folder, 'it is a directory') },
    { name: 'an empty file', run: () => loadVectors(empty), error: cannot(empty, 'the file is empty') },
    {
      name: 'text: a header claiming 10^12 words',
      run: () => loadVectors(hugeText),
      error: cannot(
        hugeText,
        'the header claims more data than the file holds: 1000000000000 words of 3 values take at least 8 bytes each ' +
          'in the text format, and the file has 8 bytes after the header (is it truncated?)',
      ),
    },
    {
      name: 'binary: a header claiming 10^12 words',
      run: () => loadVectors(hugeBin),
      error: cannot(
        hugeBin,
        'the header claims more data than the file holds: 1000000000000 words of 3 values take at least 13 bytes each ' +
          'in the binary format, and the file has 14 bytes after the header (is it truncated?)',
      ),
    },
    {
      name: 'a header claiming dim 100001',
      run: () => loadVectors(hugeDim),
      error: cannot(hugeDim, "the header's dim is 100001; expected an integer between 1 and 100000"),
    },
    {
      name: 'truncated binary',
      run: () => loadVectors(truncatedBin),
      error: cannot(
        truncatedBin,
        `entry 3 (byte offset ${gammaOffset}): the file is truncated: the vector of 'gamma' has 11 of its 16 bytes`,
      ),
    },
    {
      name: 'truncated text, mid-line',
      run: () => loadVectors(truncatedText),
      error: cannot(truncatedText, "line 4 ('gamma'): expected 4 values after the word but found 3"),
    },
    {
      name: 'truncated text, after a line',
      run: () => loadVectors(truncatedTextLine),
      error: cannot(truncatedTextLine, 'the header promises 3 words but the file holds only 2 (it ends at line 4)'),
    },
    {
      name: 'binary: a word longer than 1 MB',
      run: () => loadVectors(longWordBin),
      error: cannot(
        longWordBin,
        'entry 1 (byte offset 4): the word is longer than 1048576 bytes (is this really a binary word2vec file?)',
      ),
    },
    {
      name: 'text: a word longer than 1 MB',
      run: () => loadVectors(longWordText, { format: 'text' }),
      error: cannot(longWordText, 'line 2: the word is longer than 1048576 bytes'),
    },
    {
      name: 'random bytes',
      run: () => loadVectors(noiseFile),
      error: cannot(
        noiseFile,
        "the first line must be the header 'count dim', but it is longer than 256 bytes (not a word2vec vectors file?)",
      ),
    },
    {
      name: 'a checkpoint',
      run: () => loadVectors(checkpoint),
      error: cannot(
        checkpoint,
        "the first line must be the header 'count dim', but it is longer than 256 bytes (not a word2vec vectors file?)",
      ),
    },
    {
      name: 'limit 0',
      run: () => loadVectors(goodBin, { limit: 0 }),
      error: { name: 'RangeError', message: 'Expected integer >= 1 for limit but received 0 of type number' },
    },
    {
      name: "format 'csv'",
      run: () => loadVectors(goodBin, { format: 'csv' as 'text' }),
      error: {
        name: 'RangeError',
        message: "Expected one of 'auto', 'binary', 'text' for format but received 'csv' of type string",
      },
    },
  ]);
});

// ================================================================ checkpoints

t.test('damaged and forged checkpoints: the exact Error, and the process lives on', async (t) => {
  const model = await smallModel();
  const good = scratch('good.hogvec');
  await model.save(good);
  const bytes = fs.readFileSync(good);
  const layout = checkpointLayout(bytes);

  const variant = (name: string, edit: (b: Buffer) => Buffer): string => writeScratch(name, edit(Buffer.from(bytes)));
  const flip = (offset: number) => (b: Buffer) => {
    b[offset] ^= 0x10;
    return b;
  };
  const flippedMagic = variant('flipped-magic.hogvec', flip(0));
  const flippedVersion = variant('flipped-version.hogvec', flip(8));
  const flippedHeader = variant('flipped-header.hogvec', flip(12));
  const flippedMatrix = variant('flipped-matrix.hogvec', flip(layout.input + 5));
  const flippedTrailer = variant('flipped-trailer.hogvec', flip(layout.trailer + 1));
  const crcOf = (file: string) => {
    const b = fs.readFileSync(file);
    const hex = (x: number) => x.toString(16).padStart(8, '0');
    return `stored ${hex(b.readUInt32LE(b.length - 4))}, computed ${hex(crc32c(b.subarray(0, b.length - 4)))}`;
  };
  const shorter = variant('shorter.hogvec', (b) => b.subarray(0, b.length - 1));
  const tiny = variant('tiny.hogvec', (b) => b.subarray(0, 50));
  const empty = writeScratch('empty.hogvec', '');
  const missing = path.join(WORK, 'no-such.hogvec');
  const folder = fs.mkdtempSync(path.join(WORK, 'checkpoint-folder-'));
  const vectors = scratch('vectors.bin');
  await model.wordVectors.save(vectors);

  // Forgeries: consistent checksums around values that must still be refused.
  const hugeCount = variant('count-2^63.hogvec', (b) => {
    b.writeBigUInt64LE(2n ** 63n, layout.vocabulary + 4 + b.readUInt32LE(layout.vocabulary));
    return withValidChecksums(b);
  });
  const zeroCount = variant('count-0.hogvec', (b) => {
    b.writeBigUInt64LE(0n, layout.vocabulary + 4 + b.readUInt32LE(layout.vocabulary));
    return withValidChecksums(b);
  });
  const hugeWords = variant('words-10^12.hogvec', (b) => {
    b.writeBigUInt64LE(10n ** 12n, 48);
    return withValidChecksums(b);
  });
  const options = bytes.subarray(layout.options, layout.vocabulary).toString('utf8');
  t.ok(options.includes('"dim":8'), 'precondition: the options section holds "dim":8');
  const optionsEdit = (from: string, to: string) => (b: Buffer) => {
    b.write(options.replace(from, to), layout.options, 'utf8');
    return withValidChecksums(b);
  };
  const dimZero = variant('options-dim-0.hogvec', optionsEdit('"dim":8', '"dim":0'));
  const dimOther = variant('options-dim-9.hogvec', optionsEdit('"dim":8', '"dim":9'));
  const notJson = variant('options-not-json.hogvec', optionsEdit('{', '['));

  const corrupt = (file: string, what: string): Expected => ({
    name: 'Error',
    message: `Checkpoint '${file}' is corrupt: ${what}`,
  });
  const plain = (message: string): Expected => ({ name: 'Error', message });
  const size = bytes.length;
  await checkTable(t, [
    {
      name: 'a missing file',
      run: () => Word2Vec.load(missing),
      error: plain(`Cannot read checkpoint '${missing}': No such file or directory`),
    },
    {
      name: 'a directory',
      run: () => Word2Vec.load(folder),
      error: plain(`Cannot read checkpoint '${folder}': it is a directory`),
    },
    {
      name: 'an empty file',
      run: () => Word2Vec.load(empty),
      error: plain(`'${empty}' is not a hogvec checkpoint: it is 0 bytes long, shorter than the checkpoint signature`),
    },
    {
      name: 'a vectors file',
      run: () => Word2Vec.load(vectors),
      error: plain(`'${vectors}' is not a hogvec checkpoint: it does not start with the checkpoint signature`),
    },
    {
      name: 'a flipped byte in the signature',
      run: () => Word2Vec.load(flippedMagic),
      error: plain(`'${flippedMagic}' is not a hogvec checkpoint: it does not start with the checkpoint signature`),
    },
    {
      name: 'a flipped byte in the version',
      run: () => Word2Vec.load(flippedVersion),
      error: plain(
        `Checkpoint '${flippedVersion}' has format version 17; this version of hogvec reads format version 1 (a newer hogvec wrote it, or it is damaged)`,
      ),
    },
    {
      name: 'a flipped byte in the header',
      run: () => Word2Vec.load(flippedHeader),
      error: corrupt(flippedHeader, "its header's checksum does not match"),
    },
    {
      name: 'a flipped byte in a matrix',
      run: () => Word2Vec.load(flippedMatrix),
      error: corrupt(flippedMatrix, `its checksum does not match (${crcOf(flippedMatrix)})`),
    },
    {
      name: 'a flipped byte in the checksum',
      run: () => Word2Vec.load(flippedTrailer),
      error: corrupt(flippedTrailer, `its checksum does not match (${crcOf(flippedTrailer)})`),
    },
    {
      name: 'one byte short',
      run: () => Word2Vec.load(shorter),
      error: plain(
        `Checkpoint '${shorter}' is corrupt or truncated: its header describes ${size} bytes but the file is ${size - 1} bytes (size does not match)`,
      ),
    },
    {
      name: 'cut to 50 bytes',
      run: () => Word2Vec.load(tiny),
      error: plain(
        `Checkpoint '${tiny}' is truncated: it is 50 bytes long, shorter than a checkpoint header (size does not match)`,
      ),
    },
    {
      name: 'forged: a header claiming 10^12 words',
      run: () => Word2Vec.load(hugeWords),
      error: corrupt(
        hugeWords,
        `its header claims 1000000000000 words in ${layout.input - layout.vocabulary} bytes, more than the file holds (size does not match: the file is ${size} bytes)`,
      ),
    },
    {
      name: 'forged: a word count of 2^63',
      run: () => Word2Vec.load(hugeCount),
      error: corrupt(
        hugeCount,
        'word 0 has count 9223372036854775808; counts must be at least 1 and sum to less than 2^53',
      ),
    },
    {
      name: 'forged: a word count of 0',
      run: () => Word2Vec.load(zeroCount),
      error: corrupt(zeroCount, 'word 0 has count 0; counts must be at least 1 and sum to less than 2^53'),
    },
    {
      name: 'forged: options with dim 0',
      run: () => Word2Vec.load(dimZero),
      error: plain(
        `Checkpoint '${dimZero}' holds invalid options: Expected integer between 1 and 10000 for dim but received 0 of type number`,
      ),
    },
    {
      name: 'forged: options with another dim',
      run: () => Word2Vec.load(dimOther),
      error: corrupt(
        dimOther,
        "its options say dim 9 and loss 'hierarchical-softmax' but its matrices are dim 8 for loss 'hierarchical-softmax'",
      ),
    },
    {
      name: 'forged: options that are not an object',
      run: () => Word2Vec.load(notJson),
      error: { name: 'Error', message: new RegExp(`^Checkpoint '${escapeRegExp(notJson)}' holds invalid options: `) },
    },
  ]);
});

t.test('a model whose weights are NaN loads and trains without undefined behaviour', async (t) => {
  // The fast exp once converted a NaN score to an integer (UB; found by the checkpoint fuzz target).
  for (const loss of ['hierarchical-softmax', 'negative-sampling', 'softmax'] as const) {
    const model = await train({ corpus: CORPUS, loss, dim: 8, epochs: 1, minCount: 1, threads: 1 });
    const file = scratch(`nan-${loss}.hogvec`);
    await model.save(file);
    const b = fs.readFileSync(file);
    const { input, trailer } = checkpointLayout(b);
    for (let at = input; at + 4 <= trailer; at += 4) b.writeFloatLE(NaN, at);
    fs.writeFileSync(file, withValidChecksums(b));
    const nan = await Word2Vec.load(file);
    t.ok(nan.wordVectors.vectors.every(Number.isNaN), `${loss}: the loaded vectors are NaN`);
    await nan.train({ corpus: CORPUS, epochs: 1, threads: 2 });
    t.equal(nan.state.epochsDone, 2, `${loss}: it trained one more epoch`);
    t.ok(await addonWorks(), `${loss}: the addon still works`);
  }
});

t.test('the inputs that once crashed a fuzz target are handled', async (t) => {
  const dir = path.join(ROOT, 'fuzz', 'regressions', 'checkpoint');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  t.ok(files.length >= 2, `fuzz/regressions/checkpoint holds the crashes found so far (${files.join(', ')})`);
  for (const name of files) {
    // As the fuzz target does: the input with its checksums made consistent.
    const file = writeScratch(`regression-${name}`, withValidChecksums(fs.readFileSync(path.join(dir, name))));
    let model: Word2Vec | undefined;
    try {
      model = await Word2Vec.load(file);
    } catch (err) {
      t.type(err, Error, `${name}: refused with an Error`);
      t.ok((err as Error).message.includes(file), `${name}: naming the file (${(err as Error).message})`);
    }
    if (model) {
      const words = model.vocabulary.words.filter((w) => w !== '' && !/\s/.test(w));
      const corpus = writeScratch(`regression-${name}.txt`, `${words.join(' ')}\n`.repeat(4));
      await model.train({ corpus, epochs: 1, threads: 1 });
      t.equal(model.state.epochsDone, 2, `${name}: loaded and trained one epoch`);
    }
    t.ok(await addonWorks(), `${name}: the addon still works`);
  }
});

t.test(
  'more threads than the system grants: a clear Error, and the process trains on',
  {
    skip:
      process.platform !== 'linux'
        ? 'RLIMIT_NPROC as on Linux'
        : process.getuid?.() !== 0
          ? 'needs root, to run the child as nobody under its own process limit'
          : !fs.existsSync('/bin/bash')
            ? 'needs /bin/bash for ulimit -u'
            : false,
  },
  async (t) => {
    // Root ignores RLIMIT_NPROC; nobody under `ulimit -u 80` gets EAGAIN from
    // the 60-odd-th thread. Once, that destroyed joinable std::threads: abort.
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-threads-'));
    t.teardown(() => fs.rmSync(base, { recursive: true, force: true }));
    fs.chmodSync(base, 0o777);
    const corpus = path.join(base, 'corpus.txt');
    fs.writeFileSync(corpus, 'a b c d e f g\n'.repeat(2000));
    const script = path.join(base, 'threads-child.ts');
    fs.writeFileSync(
      script,
      `
import { train } from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))};
async function main(): Promise<void> {
  const corpus = process.argv[2];
  let refused = 'trained';
  try {
    await train({ corpus, threads: 500, minCount: 1, epochs: 1, dim: 8 });
  } catch (err) {
    refused = (err as Error).message;
  }
  const model = await train({ corpus, threads: 2, minCount: 1, epochs: 1, dim: 8 });
  console.log(JSON.stringify({ refused, after: model.vocabulary.size }));
}
void main();
`,
    );
    fs.chmodSync(corpus, 0o644);
    fs.chmodSync(script, 0o644);
    const child = await runNode(script, [corpus], {
      shell: '/bin/bash',
      shellPrefix: 'ulimit -u 80',
      uid: 65534,
      gid: 65534,
      env: { HOME: base, TMPDIR: base },
    });
    t.equal(child.code, 0, `the child process exits normally (signal ${String(child.signal)})`, {
      stderr: child.stderr.slice(0, 2000),
    });
    const result = lastJsonLine(child.stdout) as { refused?: string; after?: number };
    t.match(
      result.refused ?? '',
      /^Cannot start training thread \d+ of 500: Resource temporarily unavailable; use fewer threads$/,
      'the run rejects, naming the thread it could not start and the remedy',
    );
    t.equal(result.after, 7, 'the same process then trains with 2 threads');
  },
);

// ===================================================================== writes

t.test('writes that cannot succeed: a clear Error, and the previous file intact', async (t) => {
  const model = await smallModel();
  const wv = model.wordVectors;
  const missingFolder = path.join(WORK, 'no-such-folder');
  const folder = fs.mkdtempSync(path.join(WORK, 'writes-'));
  const asFolder = path.join(folder, 'a-folder');
  fs.mkdirSync(path.join(asFolder, 'inside'), { recursive: true });
  const pattern = path.join(missingFolder, 'model-{epoch}.hogvec');
  const checkpointInMissing = path.join(missingFolder, 'model.hogvec');

  await checkTable(t, [
    {
      name: 'vectors into a missing folder',
      run: () => wv.save(path.join(missingFolder, 'v.bin')),
      error: {
        name: 'Error',
        message: `Cannot save word vectors to '${path.join(missingFolder, 'v.bin')}': the folder '${missingFolder}' does not exist`,
      },
    },
    {
      name: 'a checkpoint into a missing folder',
      run: () => model.save(checkpointInMissing),
      error: {
        name: 'Error',
        message: `Cannot write checkpoint '${checkpointInMissing}': cannot create a temporary file in '${missingFolder}': No such file or directory`,
      },
    },
    {
      name: 'the checkpoint option into a missing folder',
      run: () => train({ corpus: CORPUS, minCount: 1, checkpoint: path.join(missingFolder, 'm.hogvec') }),
      error: {
        name: 'Error',
        message: `Cannot write checkpoint '${path.join(missingFolder, 'm.hogvec')}': the folder '${missingFolder}' does not exist`,
      },
    },
    {
      name: 'the checkpoint option, a pattern whose folder is missing',
      run: () =>
        train({
          corpus: CORPUS,
          minCount: 1,
          epochs: 1,
          checkpoint: pattern.replace('no-such-folder', 'no-such-{epoch}'),
        }),
      error: {
        name: 'Error',
        message: `Cannot write checkpoint '${path.join(WORK, 'no-such-1', 'model-1.hogvec')}': cannot create a temporary file in '${path.join(WORK, 'no-such-1')}': No such file or directory`,
      },
    },
    {
      name: 'vectors over a folder',
      run: () => wv.save(asFolder),
      error: { name: 'Error', message: `Cannot save word vectors to '${asFolder}': it is a directory` },
    },
    {
      name: 'a checkpoint over a folder',
      run: () => model.save(asFolder),
      error: {
        name: 'Error',
        message: new RegExp(
          `^Cannot write checkpoint '${escapeRegExp(asFolder)}': renaming '${temporaryOf(asFolder)}' over it failed: Is a directory$`,
        ),
      },
    },
  ]);
  t.ok(fs.statSync(path.join(asFolder, 'inside')).isDirectory(), 'the folder written over is untouched');
  t.notOk(fs.existsSync(missingFolder), 'no folder was created');
  t.strictSame(temporaryFiles(folder), [], 'no temporary file is left');
});

t.test(
  'a folder that is not writable: a clear Error, nothing changed',
  { skip: process.platform === 'win32' && 'POSIX permissions' },
  async (t) => {
    // Root ignores permissions: then the scenario runs in a child process as nobody.
    const asRoot = process.getuid?.() === 0;
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-readonly-'));
    t.teardown(() => fs.rmSync(base, { recursive: true, force: true }));
    fs.chmodSync(base, 0o777);
    const folder = path.join(base, 'read-only');
    fs.mkdirSync(folder);
    const previous = path.join(folder, 'model.hogvec');
    const source = path.join(base, 'source.hogvec');
    const model = await smallModel();
    await model.save(source);
    await model.save(previous);
    fs.chmodSync(source, 0o644);
    fs.chmodSync(previous, 0o644);
    const before = fs.readFileSync(previous);
    fs.chmodSync(folder, 0o555);
    if (asRoot) fs.chownSync(folder, 65534, 65534);

    const script = path.join(base, 'read-only-child.ts');
    fs.writeFileSync(
      script,
      `
import { Word2Vec } from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))};
async function attempt(fn: () => Promise<unknown>) {
  try { await fn(); return 'saved'; } catch (err) { return (err as Error).message; }
}
async function main(): Promise<void> {
  const [source, folder] = process.argv.slice(2);
  const model = await Word2Vec.load(source);
  const checkpoint = await attempt(() => model.save(folder + '/model.hogvec'));
  const vectors = await attempt(() => model.wordVectors.save(folder + '/vectors.bin'));
  console.log(JSON.stringify({ checkpoint, vectors }));
}
void main();
`,
    );
    fs.chmodSync(script, 0o644);
    const child = await runNode(
      script,
      [source, folder],
      asRoot ? { uid: 65534, gid: 65534, env: { HOME: base, TMPDIR: base } } : {},
    );
    t.equal(child.code, 0, 'the child process exits normally', { stderr: child.stderr.slice(0, 2000) });
    t.strictSame(
      lastJsonLine(child.stdout),
      {
        checkpoint: `Cannot write checkpoint '${previous}': cannot create a temporary file in '${folder}': Permission denied`,
        vectors: `Cannot save word vectors to '${path.join(folder, 'vectors.bin')}': cannot create a temporary file in '${folder}': Permission denied`,
      },
      'both saves reject, naming the file, the folder and the reason',
    );
    t.ok(fs.readFileSync(previous).equals(before), 'the previous checkpoint is byte-identical');
    t.strictSame(fs.readdirSync(folder), ['model.hogvec'], 'nothing else appeared in the folder');
    fs.chmodSync(folder, 0o755);
  },
);

t.test(
  'a save that fails half-way (the file-size limit is hit) leaves the previous file intact',
  { skip: process.platform === 'win32' && 'ulimit' },
  async (t) => {
    const folder = fs.mkdtempSync(path.join(WORK, 'half-way-'));
    const big = await train({ corpus: CORPUS, dim: 2000, epochs: 1, minCount: 1, threads: 1 });
    const source = path.join(WORK, 'half-way-source.hogvec');
    await big.save(source);
    const targets = {
      checkpoint: path.join(folder, 'model.hogvec'),
      binary: path.join(folder, 'vectors.bin'),
      text: path.join(folder, 'vectors.txt'),
    };
    for (const [kind, file] of Object.entries(targets)) fs.writeFileSync(file, `the previous ${kind} file`);
    t.ok(fs.statSync(source).size > 64 * 1024, 'each new file would be larger than the limit');

    const script = path.join(WORK, 'half-way-child.ts');
    // The limit raises SIGXFSZ, which would end the child (a full disk gives
    // ENOSPC and no signal): a listener turns it into the EFBIG write error.
    fs.writeFileSync(
      script,
      `
import { Word2Vec } from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))};

process.on('SIGXFSZ', () => undefined);
async function attempt(fn: () => Promise<unknown>) {
  try { await fn(); return 'saved'; } catch (err) { return (err as Error).message; }
}
async function main(): Promise<void> {
  const [source, checkpoint, binary, text] = process.argv.slice(2);
  const model = await Word2Vec.load(source);
  console.log(JSON.stringify({
    checkpoint: await attempt(() => model.save(checkpoint)),
    binary: await attempt(() => model.wordVectors.save(binary, { format: 'binary' })),
    text: await attempt(() => model.wordVectors.save(text, { format: 'text' })),
  }));
}
void main();
`,
    );
    // ulimit -f counts blocks of 512 or 1024 bytes: 64 blocks is at most 64 KiB.
    const child = await runNode(script, [source, targets.checkpoint, targets.binary, targets.text], {
      shellPrefix: 'ulimit -f 64',
    });
    t.equal(child.code, 0, `the child process exits normally (signal ${String(child.signal)})`, {
      stderr: child.stderr.slice(0, 2000),
    });
    const result = lastJsonLine(child.stdout) as Record<string, string>;
    t.equal(
      result.checkpoint,
      `Cannot write checkpoint '${targets.checkpoint}': File too large`,
      'the checkpoint save fails with the reason',
    );
    for (const kind of ['binary', 'text'] as const) {
      t.match(
        result[kind],
        new RegExp(
          `^Cannot save word vectors to '${escapeRegExp(targets[kind])}': writing '${temporaryOf(targets[kind])}' failed: File too large$`,
        ),
        `the ${kind} vectors save fails with the reason`,
      );
    }
    for (const [kind, file] of Object.entries(targets)) {
      t.equal(fs.readFileSync(file, 'utf8'), `the previous ${kind} file`, `${kind}: the previous file is intact`);
    }
    t.strictSame(temporaryFiles(folder), [], 'no temporary file is left');
    t.ok(await addonWorks(), 'the addon still works here');
  },
);
