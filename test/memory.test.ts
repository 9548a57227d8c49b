/**
 * Memory bounds, measured in child processes (a fresh heap each, nothing
 * else running there):
 *   - a corpus where every token is unique: with maxVocabSize the counting
 *     table stays small (its peak RSS growth is bounded), while without the
 *     bound the same pass grows by far more, which shows the measurement
 *     would catch a table that ignored the bound;
 *   - a long loop of train / use / drop / collect: RSS stops growing, because
 *     native memory (matrices, normalised copies, loaded vectors and
 *     checkpoints) is released with its JS owner; a control that keeps its
 *     models does grow, which shows a leak would be seen.
 * Peak RSS is the kernel's (VmHWM, reset through /proc/self/clear_refs just
 * before the pass), so this runs on Linux. AddressSanitizer's quarantine
 * holds freed memory on purpose, so the bounds are not checked under it.
 * Every bound is relative to its control, or derived from the data's size,
 * never a fixed number of megabytes: allocators and machines differ.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

const ROOT = path.resolve(__dirname, '..');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

const SKIP =
  process.platform !== 'linux'
    ? 'peak RSS is read from /proc (Linux)'
    : /asan/.test(process.env.LD_PRELOAD ?? '')
      ? 'AddressSanitizer keeps freed memory in quarantine'
      : false;

const MiB = 1024 * 1024;

function runChild(
  script: string,
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lastJson<T>(stdout: string): T | undefined {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
  } catch {
    return undefined;
  }
}

const LIB = JSON.stringify(path.join(ROOT, 'lib', 'index'));

// ======================================================= every token unique

const UNIQUE_CHILD = path.join(WORK, 'unique-child.ts');
fs.writeFileSync(
  UNIQUE_CHILD,
  `
import * as fs from 'node:fs';
import { train } from ${LIB};
const status = (key: string) => Number(new RegExp(key + ':\\\\s+(\\\\d+)').exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
async function main(): Promise<void> {
  const [corpus, maxVocabSize, minCount] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a))) as [string, number, number];
  fs.writeFileSync('/proc/self/clear_refs', '5');  // VmHWM := VmRSS
  const before = status('VmRSS');
  let size = 0;
  let error = '';
  try {
    const model = await train({ corpus, maxVocabSize, minCount, dim: 8, epochs: 1, threads: 2 });
    size = model.vocabulary.size;
  } catch (err) {
    error = (err as Error).message;
  }
  console.log(JSON.stringify({ growth: status('VmHWM') - before, size, error }));
}
void main();
`,
);

t.test("every token unique: the vocabulary pass stays within maxVocabSize's bound", { skip: SKIP }, async (t) => {
  // 3,000,000 distinct tokens (~20 MB), 1,000 to a line.
  const corpus = path.join(WORK, 'unique.txt');
  const fd = fs.openSync(corpus, 'w');
  for (let block = 0; block < 300; block++) {
    const lines: string[] = [];
    for (let line = 0; line < 10; line++) {
      const base = (block * 10 + line) * 1000;
      lines.push(Array.from({ length: 1000 }, (_, i) => `u${(base + i).toString(36)}`).join(' '));
    }
    fs.writeSync(fd, `${lines.join('\n')}\n`);
  }
  fs.closeSync(fd);

  interface Result {
    growth: number;
    size: number;
    error: string;
  }
  const bounded = await runChild(UNIQUE_CHILD, [corpus, '1000', '1']);
  const b = lastJson<Result>(bounded.stdout);
  t.equal(bounded.code, 0, 'the bounded run exits normally', { stderr: bounded.stderr.slice(0, 2000) });
  t.equal(b?.error, '', 'the bounded run trains');
  t.ok(b !== undefined && b.size > 0 && b.size <= 1000, `its vocabulary holds at most maxVocabSize words (${b?.size})`);

  // Control: the same pass with the default bound (10 million) holds every token.
  const unbounded = await runChild(UNIQUE_CHILD, [corpus, '10000000', '2']);
  const u = lastJson<Result>(unbounded.stdout);
  t.equal(unbounded.code, 0, 'the unbounded run exits normally', { stderr: unbounded.stderr.slice(0, 2000) });
  t.equal(
    u?.error,
    'No word occurs at least minCount (2) times in the 3000000 tokens of the corpus; lower minCount',
    'the unbounded run counted every token (and none twice)',
  );
  // A table of 3,000,000 words holds at least an 8-byte count for each.
  const table = 3_000_000 * 8;
  t.ok(
    u !== undefined && u.growth > table,
    `control: without the bound, the pass grows by ${((u?.growth ?? NaN) / MiB).toFixed(1)} MiB, more than the ${(table / MiB).toFixed(1)} MiB of counts alone`,
  );
  t.ok(
    b !== undefined && u !== undefined && b.growth < u.growth / 4,
    `with the bound, the peak RSS grows by ${((b?.growth ?? NaN) / MiB).toFixed(1)} MiB, under a quarter of the unbounded pass's growth`,
  );
});

// ================================================= train / drop / collect

const LOOP_CHILD = path.join(WORK, 'loop-child.ts');
fs.writeFileSync(
  LOOP_CHILD,
  `
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadVectors, train, Word2Vec } from ${LIB};
const gc = (globalThis as { gc?: () => void }).gc!;
async function collect(): Promise<void> {
  // Finalizers of native objects may run a turn after the collection.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}
async function main(): Promise<void> {
  const [corpus, dir, iterationsArg, keepArg] = process.argv.slice(2);
  const iterations = Number(iterationsArg);
  const kept: unknown[] = [];
  const rss: number[] = [];
  const options = { corpus, dim: 300, epochs: 1, minCount: 1, window: 2, negative: 2, threads: 2 };
  const vectorsFile = path.join(dir, 'loop.bin');
  await (await train(options)).wordVectors.save(vectorsFile);
  for (let i = 0; i < iterations; i++) {
    const model = await train({ ...options, seed: i + 1 });
    const wv = model.wordVectors;
    wv.mostSimilar(wv.words[0], { topK: 10 });               // a native normalised copy
    const file = path.join(dir, 'loop-' + (i % 2) + '.hogvec');
    await model.save(file);
    const loaded = await Word2Vec.load(file);                 // native matrices again
    loaded.wordVectors.mostSimilar(wv.words[1], { topK: 10 });
    const vectors = await loadVectors(vectorsFile);           // a native buffer
    vectors.mostSimilar(wv.words[2], { topK: 10 });
    if (keepArg === 'keep') kept.push(model, loaded, vectors);
    await collect();
    rss.push(process.memoryUsage.rss());
  }
  console.log(JSON.stringify({ rss, kept: kept.length }));
}
void main();
`,
);

t.test('a long loop of train / drop / collect does not grow RSS', { skip: SKIP }, async (t) => {
  // 4,000 words, 5 times each: every model holds 2 x 4,000 x 300 floats (9.6 MB).
  const corpus = path.join(WORK, 'loop.txt');
  const words = Array.from({ length: 4000 }, (_, i) => `word${i}`);
  fs.writeFileSync(
    corpus,
    Array.from({ length: 5 }, (_, r) => words.map((_, i) => words[(i * 7 + r * 13) % 4000]).join(' ')).join('\n'),
  );

  // Control: the same loop keeping its objects grows by their native memory each iteration.
  const keep = await runChild(LOOP_CHILD, [corpus, WORK, '12', 'keep'], ['--expose-gc']);
  t.equal(keep.code, 0, 'the control exits normally', { stderr: keep.stderr.slice(0, 2000) });
  const k = lastJson<{ rss: number[] }>(keep.stdout)?.rss ?? [];
  const perIteration = (k[k.length - 1] - k[5]) / (k.length - 6);
  // Each iteration keeps five 4,000 x 300 float matrices (model, loaded model, vectors).
  const matrices = 5 * 4000 * 300 * 4;
  t.ok(
    perIteration > matrices / 2,
    `control: keeping the objects, RSS grows ${(perIteration / MiB).toFixed(1)} MiB an iteration (their matrices alone are ${(matrices / MiB).toFixed(1)} MiB)`,
  );

  const iterations = 30;
  const loop = await runChild(LOOP_CHILD, [corpus, WORK, String(iterations), 'drop'], ['--expose-gc']);
  t.equal(loop.code, 0, 'the loop exits normally', { stderr: loop.stderr.slice(0, 2000) });
  const r = lastJson<{ rss: number[] }>(loop.stdout);
  const rss = r?.rss ?? [];
  t.equal(rss.length, iterations, `${iterations} iterations`);
  const warm = rss[5];
  const growth = rss[rss.length - 1] - warm;
  t.ok(
    growth < perIteration,
    `dropping them, RSS after iteration 6: ${(warm / MiB).toFixed(0)} MiB, after ${iterations}: ${(rss[rss.length - 1] / MiB).toFixed(0)} MiB ` +
      `(grew ${(growth / MiB).toFixed(1)} MiB in ${iterations - 6} iterations, less than one kept iteration)`,
  );
});
