/**
 * The hogvec command, run as a child process from its TypeScript source
 * (through tsx's CommonJS hook), so that a stale dist/ never decides
 * the outcome. Each subcommand's exit codes, output and files; usage
 * mistakes; the progress bar in a pseudo-terminal (script -qec); Ctrl-C
 * (SIGINT) mid-training and while waiting for standard input; and bin/hogvec
 * itself when dist/ is up to date. Results are compared with the library's
 * own answers, never with numbers written down here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

import { generatePlanted } from '../bench/generate-corpus';
import { loadVectors, projectWords, Word2Vec, type WordVectors } from '../lib/index';
import { sharedData } from './support/shared-data';

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.ts');
// tsx's CommonJS hook alone: half the start-up time of its ESM loader, and the CLI is CommonJS.
const TSX = require.resolve('tsx/cjs', { paths: [ROOT] });
const CI = process.env.CI === 'true';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));
const work = (name: string) => path.join(WORK, name);

// A small corpus with planted topics: 40k tokens, trained in well under a second.
const CORPUS = work('planted.txt');
generatePlanted({
  out: CORPUS,
  tokens: 40_000,
  topics: 6,
  topicWords: 10,
  backgroundTypes: 400,
  backgroundExponent: 1,
  topicShare: 0.3,
  lineTokens: 20,
  seed: 5,
});
const TOPICS = (JSON.parse(fs.readFileSync(`${CORPUS}.topics.json`, 'utf8')) as { topics: string[][] }).topics;

// ------------------------------------------------------------------ helpers

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// A CommonJS entry that requires the source: a .ts entry would go to the ES module loader,
// which tap's process tracking adds to every child, and that loader knows no .ts.
const ENTRY = path.join(WORK, 'hogvec.cjs');
fs.writeFileSync(ENTRY, `require(${JSON.stringify(MAIN)}).cli();\n`);
const NODE_ARGS = ['--require', TSX, ENTRY];

/** Runs `hogvec ...args` to completion, with `input` on its standard input. */
function hogvec(args: readonly string[], input?: string | Buffer): Promise<Result> {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: WORK, stdio: ['pipe', 'pipe', 'pipe'] });
  const done = collect(child);
  child.stdin?.end(input ?? '');
  return done;
}

function collect(child: ChildProcess): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Settings that make a run repeatable bit for bit and quick. */
const QUICK = [
  '--dim',
  '16',
  '--window',
  '3',
  '--negative',
  '4',
  '--epochs',
  '2',
  '--min-count',
  '2',
  '--threads',
  '1',
  '--seed',
  '7',
];

/** The rows of a similar/analogy table: "  1  word  0.1234". */
function rows(text: string): { word: string; similarity: number }[] {
  return [...text.matchAll(/^\s+\d+\s+(\S+)\s+(-?\d+\.\d+)$/gm)].map((m) => ({ word: m[1], similarity: Number(m[2]) }));
}

function noStackTrace(t: Test, text: string): void {
  t.notMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
}

// ---------------------------------------------------------- trained inputs

const VECTORS = work('vectors.bin');
const CHECKPOINT = work('model.hogvec');
let wv: WordVectors;

t.before(async () => {
  const r = await hogvec(['train', CORPUS, '-o', VECTORS, '--checkpoint', CHECKPOINT, ...QUICK]);
  if (r.code !== 0) throw new Error(`training the shared vectors failed: ${r.stderr}`);
  wv = await loadVectors(VECTORS);
});

// ============================================================ help, version

t.test('help, version and no command', async (t) => {
  const help = await hogvec(['--help']);
  t.equal(help.code, 0);
  for (const name of ['train', 'similar', 'analogy', 'eval', 'plot', 'convert', 'info']) {
    t.match(help.stdout, new RegExp(`^  ${name}\\s`, 'm'), `lists ${name}`);
  }
  const trainHelp = await hogvec(['train', '--help']);
  t.equal(trainHelp.code, 0);
  t.match(trainHelp.stdout, /^Usage: hogvec train /);
  t.match(trainHelp.stdout, /-size N/, 'the C tool spellings are documented');

  const version = await hogvec(['--version']);
  t.equal(version.code, 0);
  t.equal(
    version.stdout.trim(),
    (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  );

  const none = await hogvec([]);
  t.equal(none.code, 2, 'no command is a usage mistake');
  t.match(none.stderr, /^Usage: hogvec <command>/);
});

// ========================================================== usage mistakes

t.test('usage mistakes: one clear line, the usage, exit code 2, no stack trace', async (t) => {
  const missing = work('no-such-file.txt');
  const cases: [string[], RegExp][] = [
    [['trian'], /^hogvec: unknown command 'trian' \(did you mean 'train'\?\)/],
    [
      ['train', CORPUS, '-o', work('x.bin'), '--dimm', '5'],
      /^hogvec train: unknown flag '--dimm' \(did you mean '--dim'\?\)/,
    ],
    [['train', missing, '-o', work('x.bin')], /^hogvec train: corpus file '.*no-such-file\.txt' does not exist/],
    [
      ['train', CORPUS, '-o', work('x.bin'), '--dim', 'abc'],
      /^hogvec train: Expected integer for --dim but received 'abc'/,
    ],
    [
      ['train', CORPUS, '-o', work('x.bin'), '--dim', '0'],
      /^hogvec train: Expected integer between 1 and 10000 for --dim but received 0/,
    ],
    [
      ['train', CORPUS, '-o', work('x.bin'), '-size', '0'],
      /^hogvec train: Expected integer between 1 and 10000 for -size but received 0/,
    ],
    [
      ['train', CORPUS, '-o', work('x.bin'), '--architecture', 'glove'],
      /^hogvec train: Expected one of 'skip-gram', 'cbow' for --architecture/,
    ],
    [['train', CORPUS, '-o', work('x.bin'), '-cbow', '2'], /^hogvec train: Expected one of 0, 1 for -cbow/],
    [
      ['train', CORPUS, '-o', work('x.bin'), '-hs', '1', '-negative', '5'],
      /^hogvec train: hogvec trains one loss: -hs 1 needs -negative 0/,
    ],
    [['train', CORPUS, '-o', work('x.bin'), '--window'], /^hogvec train: --window needs a value/],
    [['train', CORPUS], /^hogvec train: no output file: give -o FILE/],
    [['train', '-o', work('x.bin')], /^hogvec train: no corpus/],
    [
      ['train', CORPUS, '-o', work('no-such-dir/x.bin')],
      /^hogvec train: cannot write vectors '.*x\.bin': the folder '.*no-such-dir' does not exist/,
    ],
    [
      ['train', CORPUS, '-', '-o', work('x.bin')],
      /^hogvec train: '-' \(standard input\) cannot be mixed with corpus files/,
    ],
    [
      ['train', CORPUS, '-o', work('x.bin'), '--checkpoint', work('no-such-dir/model.hogvec')],
      /^hogvec train: cannot write checkpoint '.*model\.hogvec': the folder '.*no-such-dir' does not exist/,
    ],
    [['similar', missing, 'a'], /^hogvec similar: vectors file '.*' does not exist/],
    [['similar', VECTORS, 'a', '--top', '0'], /^hogvec similar: --top must be at least 1/],
    [['similar', VECTORS], /^hogvec similar: no words given/],
    [['analogy', VECTORS, 'a', 'b'], /^hogvec analogy: an analogy needs three words/],
    [['eval', VECTORS], /^hogvec eval: nothing to evaluate/],
    [['eval', VECTORS, '--pairs', missing], /^hogvec eval: word-pair file '.*' does not exist/],
    [['convert', VECTORS], /^hogvec convert: convert needs an input and an output file/],
    [['info', missing], /^hogvec info: file '.*' does not exist/],
    [['plot', VECTORS, '--words', 'a'], /^hogvec plot: a plot needs at least two words/],
    [['plot', VECTORS, '--words', 'a,b', '--width', '10'], /^hogvec plot: --width must be between 200 and 20000/],
  ];
  // Four at a time: each is a process of its own.
  const results: Result[] = [];
  for (let i = 0; i < cases.length; i += 4)
    results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => hogvec(args)))));
  for (const [k, [args, message]] of cases.entries()) {
    const r = results[k];
    const label = args.map((a) => path.basename(a)).join(' ');
    t.equal(r.code, 2, `${label}: exit code 2`);
    t.match(r.stderr, message, `${label}: the message`);
    t.equal(r.stderr.split('\n')[1], '', `${label}: one line, then the usage`);
    t.match(r.stderr, /\nUsage: hogvec /, `${label}: the usage`);
    t.equal(r.stdout, '', `${label}: nothing on stdout`);
    noStackTrace(t, r.stderr);
  }
  t.notOk(fs.existsSync(work('x.bin')), 'no usage mistake wrote a file');
});

t.test('a failure that is not a usage mistake: one line, exit code 1', async (t) => {
  const damaged = work('damaged.bin');
  fs.writeFileSync(damaged, '3 4\nword 1 2\n');
  const r = await hogvec(['info', damaged]);
  t.equal(r.code, 1);
  t.match(r.stderr, /^hogvec info: .*damaged\.bin/);
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  t.notMatch(r.stderr, /Usage:/);
  noStackTrace(t, r.stderr);
});

// ==================================================================== train

t.test('train: long flags and the C tool spellings give the same file; stdin too', async (t) => {
  const long = work('long.txt');
  const cTool = work('ctool.txt');
  const stdin = work('stdin.txt');
  const a = await hogvec([
    'train',
    CORPUS,
    '-o',
    long,
    '--format',
    'text',
    '--architecture',
    'cbow',
    '--sample',
    '0.001',
    '--alpha',
    '0.04',
    ...QUICK,
  ]);
  t.equal(a.code, 0, a.stderr);
  const b = await hogvec([
    'train',
    '-train',
    CORPUS,
    '-output',
    cTool,
    '-size',
    '16',
    '-window',
    '3',
    '-negative',
    '4',
    '-hs',
    '0',
    '-cbow',
    '1',
    '-sample',
    '0.001',
    '-min-count',
    '2',
    '-threads',
    '1',
    '-iter',
    '2',
    '-alpha',
    '0.04',
    '-binary',
    '0',
    '--seed',
    '7',
  ]);
  t.equal(b.code, 0, b.stderr);
  const c = await hogvec(
    [
      'train',
      '-',
      '-o',
      stdin,
      '--format',
      'text',
      '--architecture',
      'cbow',
      '--sample',
      '0.001',
      '--alpha',
      '0.04',
      ...QUICK,
    ],
    fs.readFileSync(CORPUS),
  );
  t.equal(c.code, 0, c.stderr);

  const text = fs.readFileSync(long, 'utf8');
  const [count, dim] = text.slice(0, text.indexOf('\n')).split(' ').map(Number);
  t.equal(dim, 16, 'text format, dim 16');
  t.ok(count > 100, 'a vocabulary');
  t.ok(fs.readFileSync(cTool).equals(fs.readFileSync(long)), 'the C tool spellings train the same model');
  t.ok(fs.readFileSync(stdin).equals(fs.readFileSync(long)), 'a corpus on stdin trains the same model as the file');

  // Not a terminal: plain lines on stderr, the result on stdout.
  t.match(
    a.stdout,
    new RegExp(
      `^Saved ${count} vectors of dim 16 to .*long\\.txt \\(text\\); cbow, negative-sampling, window 3, 2 epochs`,
    ),
  );
  t.notMatch(a.stderr, /\r|\x1b/, 'no carriage returns or escape codes off a terminal');
  t.match(a.stderr, /^epoch 1\/2: loss \d+\.\d+/m);
  t.match(a.stderr, /^\d+:\d\d {2}epoch 2\/2, 100\.0%, .* tokens\/s, loss \d+\.\d+, lr \d\.\d+, ETA 0:00$/m);
  t.match(c.stderr, /standard input/);

  // Hierarchical softmax the C tool's way; the name decides the format.
  const hs = await hogvec([
    'train',
    CORPUS,
    '-o',
    work('hs.bin'),
    '-hs',
    '1',
    '-negative',
    '0',
    '-size',
    '16',
    '-iter',
    '1',
    '-threads',
    '1',
  ]);
  t.equal(hs.code, 0, hs.stderr);
  t.match(hs.stdout, /\(binary\); skip-gram, hierarchical-softmax,/);
});

t.test('train --json: one JSON object a line on stdout', async (t) => {
  const out = work('json.bin');
  const r = await hogvec(['train', CORPUS, '-o', out, '--json', ...QUICK]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, '', 'nothing on stderr');
  const events = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  t.equal(events[0].type, 'start');
  const progress = events.filter((e) => e.type === 'progress');
  t.ok(progress.length >= 1);
  const fractions = progress.map((p) => p.fraction as number);
  t.same(
    fractions,
    [...fractions].sort((x, y) => x - y),
    'fraction never decreases',
  );
  t.equal(fractions.at(-1), 1, 'the last report is complete');
  t.same(
    events.filter((e) => e.type === 'epoch').map((e) => e.epoch),
    [1, 2],
    'one line per epoch',
  );
  const done = events.at(-1) as Record<string, unknown>;
  t.equal(done.type, 'done');
  const vectors = await loadVectors(out);
  t.equal(done.words, vectors.size);
  t.equal(done.dim, 16);
  t.equal(done.format, 'binary');
});

// ========================================================== query commands

t.test("similar: the library's answers; an unknown word is reported", async (t) => {
  const [w1, w2] = [TOPICS[0][0], TOPICS[1][0]];
  const r = await hogvec(['similar', VECTORS, w1, w2, '--top', '4']);
  t.equal(r.code, 0, r.stderr);
  const blocks = r.stdout.trim().split('\n\n');
  t.equal(blocks.length, 2);
  for (const [i, word] of [w1, w2].entries()) {
    t.equal(blocks[i].split('\n')[0], word, 'a heading per word');
    const expected = wv.mostSimilar(word, { topK: 4 });
    const got = rows(blocks[i]);
    t.same(
      got.map((g) => g.word),
      expected.map((e) => e.word),
    );
    got.forEach((g, k) => t.ok(Math.abs(g.similarity - expected[k].similarity) < 1e-4));
  }
  const json = await hogvec(['similar', VECTORS, w1, '--json', '-n', '3']);
  t.same(JSON.parse(json.stdout), [{ word: w1, similar: wv.mostSimilar(w1, { topK: 3 }) }]);

  const unknown = await hogvec(['similar', VECTORS, w1, 'zzzz']);
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /'zzzz' is not in the vocabulary/);
  t.equal(rows(unknown.stdout).length, 10, 'the known word is still answered, 10 by default');
});

t.test("analogy: the library's answers", async (t) => {
  const [a, b, c] = [TOPICS[0][0], TOPICS[0][1], TOPICS[1][0]];
  for (const method of ['3CosAdd', '3CosMul'] as const) {
    const r = await hogvec(['analogy', VECTORS, a, b, c, '--method', method]);
    t.equal(r.code, 0, r.stderr);
    t.equal(r.stdout.split('\n')[0], `${a} : ${b} :: ${c} : ?`);
    const expected = wv.analogy(a, b, c, { topK: 5, method });
    t.same(
      rows(r.stdout).map((x) => x.word),
      expected.map((x) => x.word),
      method,
    );
  }
  const unknown = await hogvec(['analogy', VECTORS, a, b, 'zzzz']);
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /not in the vocabulary of .*: 'zzzz'/);
});

t.test("eval: a table per file, the library's numbers", async (t) => {
  const pairs = work('pairs.tsv');
  const analogies = work('analogies.txt');
  // Pairs within a topic score high, across topics low; one pair is out of vocabulary.
  const pairLines = ['# word1\tword2\tscore'];
  for (let i = 0; i < 5; i++)
    pairLines.push(`${TOPICS[i][0]}\t${TOPICS[i][1]}\t9`, `${TOPICS[i][0]}\t${TOPICS[i + 1][2]}\t1.5`);
  pairLines.push('zzzz\tyyyy\t5');
  fs.writeFileSync(pairs, `${pairLines.join('\n')}\n`);
  const questions = [': topics'];
  for (let i = 0; i < 4; i++) questions.push(`${TOPICS[i][0]} ${TOPICS[i][1]} ${TOPICS[i + 1][0]} ${TOPICS[i + 1][1]}`);
  questions.push(': unknown', 'zzzz a b c');
  fs.writeFileSync(analogies, `${questions.join('\n')}\n`);

  const r = await hogvec(['eval', VECTORS, '--analogies', analogies, '--pairs', pairs, pairs]);
  t.equal(r.code, 0, r.stderr);
  const blocks = r.stdout.trim().split('\n\n');
  t.equal(blocks.length, 3, 'one table per file (the pairs file twice)');
  const expectedAnalogies = await wv.evaluateAnalogies(analogies);
  t.match(blocks[0], /^analogies\.txt \(analogies\)\n\s+section\s+correct\s+evaluated\s+skipped\s+accuracy/);
  t.match(
    blocks[0],
    new RegExp(
      `^\\s+total\\s+${expectedAnalogies.correct}\\s+4\\s+1\\s+${(expectedAnalogies.accuracy * 100).toFixed(1)}%$`,
      'm',
    ),
  );
  const expectedPairs = await wv.evaluateWordPairs(pairs);
  t.match(blocks[1], /^pairs\.tsv \(word pairs: 10 used, 1 out of vocabulary, 9\.1%\)/);
  t.match(blocks[1], new RegExp(`^\\s+spearman\\s+${expectedPairs.spearman.statistic.toFixed(4)}\\s`, 'm'));
  t.match(blocks[1], new RegExp(`^\\s+pearson\\s+${expectedPairs.pearson.statistic.toFixed(4)}\\s`, 'm'));
  t.equal(blocks[2], blocks[1]);

  const json = await hogvec(['eval', VECTORS, '--pairs', pairs, '--json']);
  t.same(
    JSON.parse(json.stdout),
    JSON.parse(JSON.stringify({ analogies: [], pairs: [{ file: pairs, result: expectedPairs }] })),
  );

  // 3CosMul with its epsilon: the library's numbers; an epsilon without 3CosMul, or below 0, is a usage mistake.
  const cosMul = await hogvec([
    'eval',
    VECTORS,
    '--analogies',
    analogies,
    '--method',
    '3CosMul',
    '--epsilon',
    '0.5',
    '--json',
  ]);
  t.equal(cosMul.code, 0, cosMul.stderr);
  const expectedCosMul = await wv.evaluateAnalogies(analogies, { method: '3CosMul', epsilon: 0.5 });
  t.same(JSON.parse(cosMul.stdout).analogies[0].result, JSON.parse(JSON.stringify(expectedCosMul)));
  const noMethod = await hogvec(['eval', VECTORS, '--analogies', analogies, '--epsilon', '0.5']);
  t.equal(noMethod.code, 2);
  t.match(noMethod.stderr, /^hogvec eval: --epsilon is 3CosMul's: add --method 3CosMul/);
  const negative = await hogvec(['eval', VECTORS, '--analogies', analogies, '--method', '3CosMul', '--epsilon', '-1']);
  t.equal(negative.code, 2);
  t.match(negative.stderr, /^hogvec eval: --epsilon must be at least 0 \(received -1\)/);
});

const EVAL_DIR = sharedData('eval');
const PRE_KV_C = sharedData('interop', 'word2vec_pre_kv_c');

t.test('eval on the standard sets with vectors gensim wrote', async (t) => {
  const files = ['questions-words.txt', 'wordsim353.tsv', 'simlex999.txt'].map((f) => path.join(EVAL_DIR, f));
  const r = await hogvec(['eval', PRE_KV_C, '--analogies', files[0], '--pairs', files[1], files[2], '--json']);
  t.equal(r.code, 0, r.stderr);
  const pre = await loadVectors(PRE_KV_C);
  const expected = {
    analogies: [{ file: files[0], result: await pre.evaluateAnalogies(files[0]) }],
    pairs: [
      { file: files[1], result: await pre.evaluateWordPairs(files[1]) },
      { file: files[2], result: await pre.evaluateWordPairs(files[2]) },
    ],
  };
  t.same(JSON.parse(r.stdout), JSON.parse(JSON.stringify(expected)));
  const table = await hogvec(['eval', PRE_KV_C, '--analogies', files[0]]);
  t.match(table.stdout, /^ {2}capital-common-countries\s+\d+\s+\d+\s+\d+\s+\d+\.\d%$/m, 'a row per section');
});

// ====================================================== convert and info

t.test('convert: binary -> text -> binary is lossless; a checkpoint converts to its vectors', async (t) => {
  const text = work('converted.vec');
  const back = work('back.bin');
  const r1 = await hogvec(['convert', VECTORS, text]);
  t.equal(r1.code, 0, r1.stderr);
  t.match(
    r1.stdout,
    new RegExp(`^Wrote ${wv.size} vectors of dim 16 from .*vectors\\.bin \\(binary\\) to .*converted\\.vec \\(text\\)`),
  );
  t.match(fs.readFileSync(text, 'utf8'), /^\d+ 16\n\S+ -?\d/, 'a text file');
  const r2 = await hogvec(['convert', text, back, '--format', 'binary']);
  t.equal(r2.code, 0, r2.stderr);
  t.ok(fs.readFileSync(back).equals(fs.readFileSync(VECTORS)), 'the same bytes after the round trip');

  const fromCheckpoint = work('from-checkpoint.bin');
  const r3 = await hogvec(['convert', CHECKPOINT, fromCheckpoint]);
  t.equal(r3.code, 0, r3.stderr);
  t.match(r3.stdout, /\(checkpoint\)/);
  t.ok(
    fs.readFileSync(fromCheckpoint).equals(fs.readFileSync(VECTORS)),
    "the last epoch's checkpoint holds the saved vectors",
  );
});

t.test('info: vectors files and checkpoints', async (t) => {
  const text = work('info.txt');
  await hogvec(['convert', VECTORS, text]);
  for (const [file, format] of [
    [VECTORS, 'binary'],
    [text, 'text'],
  ] as const) {
    const r = await hogvec(['info', file]);
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, new RegExp(`^kind\\s+word vectors, word2vec ${format} format$`, 'm'));
    t.match(r.stdout, new RegExp(`^words\\s+${wv.size.toLocaleString('en-US')}$`, 'm'));
    t.match(r.stdout, /^dim\s+16$/m);
    t.match(r.stdout, new RegExp(`^first words\\s+${wv.words.slice(0, 10).join(' ')}$`, 'm'));
    const json = JSON.parse((await hogvec(['info', file, '--json'])).stdout) as Record<string, unknown>;
    t.same([json.kind, json.format, json.words, json.dim], ['vectors', format, wv.size, 16]);
  }
  const model = await Word2Vec.load(CHECKPOINT);
  const r = await hogvec(['info', CHECKPOINT]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^kind\s+hogvec checkpoint/m);
  t.match(r.stdout, /^architecture\s+skip-gram$/m);
  t.match(r.stdout, /^loss\s+negative-sampling \(4 negatives, exponent 0\.75\)$/m);
  t.match(r.stdout, /^window\s+3$/m);
  t.match(r.stdout, /^epochs\s+2 done of 2$/m);
  t.match(r.stdout, new RegExp(`^most frequent\\s+${model.vocabulary.words[0]} \\(`, 'm'));
  const json = JSON.parse((await hogvec(['info', CHECKPOINT, '--json'])).stdout) as {
    state: unknown;
    options: { seed: number };
  };
  t.same(json.state, model.state);
  t.equal(json.options.seed, 7);
});

// ===================================================================== plot

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML parser: one root, matched tags, quoted attributes,
 * only the predefined and numeric entities. Throws on anything malformed.
 */
function parseXml(source: string): XmlElement {
  const decode = (s: string) => {
    if (/[<]/.test(s)) throw new Error(`'<' in text or attribute: ${s.slice(0, 40)}`);
    return s.replace(/&([^;]*);?/g, (m, e: string) => {
      if (!m.endsWith(';')) throw new Error(`bare '&' in ${s.slice(0, 40)}`);
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (named[e] !== undefined) return named[e];
      const code = /^#x([0-9a-f]+)$/i.exec(e)?.[1] ?? /^#(\d+)$/.exec(e)?.[1];
      if (code === undefined) throw new Error(`unknown entity &${e};`);
      return String.fromCodePoint(e.startsWith('#x') ? parseInt(code, 16) : Number(code));
    });
  };
  let rest = source.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const token = /^(?:<!--[\s\S]*?-->|<\/([\w:-]+)\s*>|<([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+))/;
  while (rest.length > 0) {
    const m = token.exec(rest);
    if (!m) throw new Error(`malformed XML at: ${rest.slice(0, 60)}`);
    rest = rest.slice(m[0].length);
    const top = stack[stack.length - 1];
    if (m[1]) {
      if (top.name !== m[1]) throw new Error(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[2]) {
      const attributes: Record<string, string> = {};
      for (const [, k, v] of m[3].matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (k in attributes) throw new Error(`duplicate attribute ${k}`);
        attributes[k] = decode(v);
      }
      const element: XmlElement = { name: m[2], attributes, children: [], text: '' };
      if (top === root && root.children.length > 0) throw new Error('more than one root element');
      top.children.push(element);
      if (!m[4]) stack.push(element);
    } else if (m[5]) {
      if (top === root && m[5].trim() !== '') throw new Error('text outside the root element');
      top.text += decode(m[5]);
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  return root.children[0];
}

function descendants(e: XmlElement): XmlElement[] {
  return e.children.flatMap((c) => [c, ...descendants(c)]);
}

t.test('plot: an SVG that parses as XML, one labelled point per word', async (t) => {
  const words = [...TOPICS[0].slice(0, 4), ...TOPICS[1].slice(0, 4), ...TOPICS[2].slice(0, 4)];
  const out = work('plot.svg');
  const r = await hogvec([
    'plot',
    VECTORS,
    '--words',
    words.slice(0, 6).join(','),
    '-w',
    words.slice(6).join(','),
    '-o',
    out,
    '--title',
    'A & B <test>',
  ]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^Wrote a plot of 12 words to /);
  const svg = parseXml(fs.readFileSync(out, 'utf8'));
  t.equal(svg.name, 'svg');
  t.equal(svg.attributes.xmlns, 'http://www.w3.org/2000/svg');
  const all = descendants(svg);
  t.ok(
    all.some((e) => e.name === 'text' && e.text === 'A & B <test>'),
    'the title, escaped',
  );
  const points = all.filter((e) => e.name === 'g' && e.attributes.class === 'point');
  t.equal(points.length, words.length, 'one point per word');
  t.same(
    points.map((p) => p.attributes['data-word']),
    words,
  );
  const projected = projectWords(wv, words);
  const xs: number[] = [];
  for (const [i, p] of points.entries()) {
    const circle = p.children.find((c) => c.name === 'circle');
    const label = p.children.find((c) => c.name === 'text');
    t.ok(circle && label, `${words[i]}: a circle and a label`);
    t.equal(label?.text, words[i]);
    xs.push(Number(circle?.attributes.cx));
    t.ok(Number.isFinite(Number(circle?.attributes.cy)));
  }
  // The picture keeps the projection's order along x.
  const byProjection = [...projected.keys()].sort((a, b) => projected[a].x - projected[b].x);
  const byPicture = [...xs.keys()].sort((a, b) => xs[a] - xs[b]);
  t.same(byPicture, byProjection);

  const stdout = await hogvec(['plot', VECTORS, '--words', words.join(',')]);
  t.equal(stdout.code, 0);
  t.equal(
    descendants(parseXml(stdout.stdout)).filter((e) => e.attributes.class === 'point').length,
    words.length,
    'to stdout without -o',
  );

  const unknown = await hogvec(['plot', VECTORS, '--words', `${words[0]},zzzz`, '-o', work('never.svg')]);
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /not in the vocabulary of .*: 'zzzz'/);
  t.notOk(fs.existsSync(work('never.svg')), 'no file');
});

// ============================================== the terminal and Ctrl-C

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript && CI) t.fail('script (util-linux) is needed for the pseudo-terminal test');

/** The lines of a terminal transcript in which the progress bar was drawn at least twice, and their frames. */
function redrawnLines(transcript: string): string[][] {
  // The terminal turns '\n' into '\r\n'; what is left of '\r' is the bar's own.
  const lines = transcript.replace(/\r\n/g, '\n').split('\n');
  return lines.map((line) => line.split('\r').filter((f) => /\d+\.\d%/.test(f))).filter((frames) => frames.length >= 2);
}

/** `hogvec train` under a pseudo-terminal (script -qec), with standard input kept open for keys. */
function trainOnTerminal(args: string[]): ChildProcess {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, ...NODE_ARGS, 'train', ...args, '--threads', '1', '--progress-interval', '10']
    .map(quote)
    .join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: WORK, stdio: ['pipe', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  return child;
}

const TTY_SKIP = { skip: hasScript ? false : 'script (util-linux) is not installed' } as const;

/** 150,000 tokens for the terminal tests, written once. */
const ttyCorpus = (() => {
  let file: string | undefined;
  return () => {
    if (file === undefined) {
      file = work('big.txt');
      generatePlanted({
        out: file,
        tokens: 150_000,
        topics: 6,
        topicWords: 10,
        backgroundTypes: 1000,
        backgroundExponent: 1,
        topicShare: 0.3,
        lineTokens: 20,
        seed: 9,
      });
    }
    return file;
  };
})();

t.test('on a terminal: the progress bar is redrawn in place', { ...TTY_SKIP, timeout: 120_000 }, async (t) => {
  // A run far longer than needed: Ctrl-C once the bar has been drawn twice on one line.
  const child = trainOnTerminal([ttyCorpus(), '-o', work('tty-long.bin'), '--epochs', '100000']);
  const done = collect(child);
  // The transcript up to its last '\r': whole frames only.
  let transcript = '';
  const whole = () => transcript.slice(0, transcript.lastIndexOf('\r'));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: string) => {
      transcript += d;
      if (redrawnLines(whole()).length > 0) resolve();
    });
    child.on('close', () => reject(new Error('the run ended before its bar was redrawn')));
  });
  const beforeKey = whole();
  child.stdin?.write('\x03');
  const r = await done;
  t.equal(r.code, 130, 'Ctrl-C on the terminal stops the run');
  t.ok(redrawnLines(beforeKey).length > 0, 'a line with the bar drawn at least twice');
  for (const frames of redrawnLines(beforeKey)) {
    t.ok(
      frames.every((f) => f.endsWith('\x1b[K')),
      'each frame erases what is left of the previous one',
      { frames },
    );
    // Counting words and training each count their own percentage.
    for (const phase of [/counting words/, /epoch/]) {
      const percents = frames.filter((f) => phase.test(f)).map((f) => Number(/(\d+\.\d)%/.exec(f)?.[1]));
      t.same(
        percents,
        [...percents].sort((a, b) => a - b),
        'the bar moves forward',
        { frames },
      );
    }
  }
});

t.test('on a terminal: a finished run ends its bar and keeps a line per epoch', TTY_SKIP, async (t) => {
  const out = work('tty.bin');
  const child = trainOnTerminal([ttyCorpus(), '-o', out, '--epochs', '3']);
  const done = collect(child);
  child.stdin?.end();
  const r = await done;
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.ok(fs.existsSync(out));
  const screen = r.stdout.replace(/\r\n/g, '\n');
  t.match(
    screen,
    /\[#+\] epoch 3\/3 +100\.0% +\S+ tokens\/s +loss \d+\.\d{4} +lr 0\.\d+ +ETA 0:00\x1b\[K\n/,
    'the full bar, then a new line',
  );
  t.match(
    screen,
    /\r\x1b\[Kepoch 1\/3: loss \d+\.\d+, [\d,]+ words trained\n/,
    'finished epochs keep a line of their own',
  );
  t.match(screen, /\nSaved [\d,]+ vectors of dim 100 to .*tty\.bin/, 'the result after the bar');
});

/** Starts a training run with --json and resolves once `ready` accepts a progress line. */
function startTraining(
  args: string[],
  ready: (event: Record<string, unknown>) => boolean,
): { child: ChildProcess; result: Promise<Result>; started: Promise<void> } {
  const child = spawn(process.execPath, [...NODE_ARGS, 'train', ...args, '--json', '--progress-interval', '10'], {
    cwd: WORK,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = collect(child);
  // A run that ignored the signal must not outlive the test.
  t.teardown(() => child.kill('SIGKILL'));
  const started = new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (d: string) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      if (lines.some((l) => ready(JSON.parse(l) as Record<string, unknown>))) resolve();
    });
    void result.then((r) => reject(new Error(`training ended before it was interrupted: ${r.stderr}`)));
  });
  return { child, result, started };
}

t.test('Ctrl-C mid-training: exit code 130, no output file, nothing removed', { timeout: 60_000 }, async (t) => {
  const out = work('interrupted.bin');
  const run = startTraining(
    [CORPUS, '-o', out, '--epochs', '100000', '--threads', '2'],
    (e) => e.type === 'progress' && e.phase === 'training' && (e.wordsDone as number) > 0,
  );
  await run.started;
  run.child.kill('SIGINT');
  const r = await run.result;
  t.equal(r.code, 130);
  t.equal(r.signal, null, 'the process exits by itself, not killed by the signal');
  t.notOk(fs.existsSync(out), 'no output file');
  t.same(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? 'null'), { type: 'aborted' });
  t.same(
    fs.readdirSync(WORK).filter((f) => f.includes('interrupted')),
    [],
    'no temporary file left behind',
  );
  noStackTrace(t, r.stderr);

  // A file that was there stays as it was.
  fs.writeFileSync(out, 'old vectors');
  const again = startTraining(
    [CORPUS, '-o', out, '--epochs', '100000', '--threads', '1'],
    (e) => e.type === 'progress' && e.phase === 'training' && (e.wordsDone as number) > 0,
  );
  await again.started;
  again.child.kill('SIGINT');
  t.equal((await again.result).code, 130);
  t.equal(fs.readFileSync(out, 'utf8'), 'old vectors', 'the earlier file is untouched');
});

t.test('Ctrl-C while waiting for standard input: exit code 130 at once', { timeout: 30_000 }, async (t) => {
  const out = work('stdin-interrupted.bin');
  // Standard input stays open and empty: the run waits for its corpus.
  const run = startTraining(['-', '-o', out], (e) => e.type === 'start');
  await run.started;
  run.child.kill('SIGINT');
  const r = await run.result;
  t.equal(r.code, 130);
  t.notOk(fs.existsSync(out));
});

// ================================================================= the bin

t.test('package.json names bin/hogvec, a node script', async (t) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
  t.equal(pkg.bin?.hogvec, 'bin/hogvec');
  const bin = fs.statSync(path.join(ROOT, 'bin', 'hogvec'));
  t.ok((bin.mode & 0o111) !== 0, 'executable');
  t.match(
    fs.readFileSync(path.join(ROOT, 'bin', 'hogvec'), 'utf8'),
    /^#!\/usr\/bin\/env node\n[\s\S]*require\('\.\.\/dist\/cli\/main\.js'\)\.cli\(\)/,
  );
});

// bin/hogvec runs dist/, which only `npm install` (prepare) or `npm run build:ts` refreshes.
const BUILT = path.join(ROOT, 'dist', 'cli', 'main.js');
const newestSource = Math.max(
  ...fs
    .readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.statSync(path.join(ROOT, 'lib', f)).mtimeMs),
);
const distFresh = fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= newestSource;
if (!distFresh && CI) t.fail('dist/ is older than lib/: the prepare script should have built it');

t.test(
  'bin/hogvec runs the compiled command',
  { skip: distFresh ? false : 'dist/ is missing or older than lib/ (npm run build:ts)' },
  async (t) => {
    const bin = path.join(ROOT, 'bin', 'hogvec');
    const viaBin = spawnSync(bin, ['info', VECTORS], { cwd: WORK, encoding: 'utf8' });
    const viaSource = await hogvec(['info', VECTORS]);
    t.equal(viaBin.status, 0, viaBin.stderr);
    t.equal(viaBin.stdout, viaSource.stdout, 'the same as the TypeScript source');
    const usage = spawnSync(bin, ['similar', VECTORS, '--bogus'], { encoding: 'utf8' });
    t.equal(usage.status, 2);
    t.match(usage.stderr, /^hogvec similar: unknown flag '--bogus'/);
  },
);
