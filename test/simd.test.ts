// The SIMD kernel paths (scalar, and AVX2+FMA and AVX-512 on x86-64 or NEON
// on arm64) are chosen at run time; HOGVEC_SIMD forces one. HOGVEC_SIMD is read once, when the addon first
// dispatches, so each path runs in its own child process: there the kernels
// must match a double-precision reference (every tail length 0..70), the paths
// must agree with each other, and single-threaded training must give the same
// vectors within 1e-4 whichever path computed them.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { simdInfo, type SimdPath } from '../lib/index';
import { native } from '../lib/native';
import { ALL_SIMD_PATHS, KERNEL_CASES, kernelGap, kernelMisses, seededFloats as floats } from './support/simd-kernels';

const ROOT = path.resolve(__dirname, '..');

/** binding/addon/simd.cpp's test hook. */
interface KernelCheckResult {
  path: SimdPath;
  dot: number;
  axpy: Float32Array;
  scal: Float32Array;
  addRows: Float32Array;
  axpyRows: Float32Array;
}
type KernelCheck = (path: SimdPath | 'active', x: Float32Array, y: Float32Array, a: number) => KernelCheckResult;
const kernelCheck = (native() as unknown as { kernelCheck: KernelCheck }).kernelCheck;
const CASES = KERNEL_CASES;

/** A small corpus with structure: two topics whose words co-occur. */
function writeCorpus(file: string): void {
  const topics = [
    ['king', 'queen', 'prince', 'castle', 'crown', 'throne', 'royal', 'palace'],
    ['cat', 'dog', 'mouse', 'tail', 'paw', 'fur', 'pet', 'bark'],
  ];
  const filler = ['the', 'a', 'and', 'of', 'with', 'near'];
  const pick = floats(20_000, 99);
  let p = 0;
  const next = (list: string[]) => list[Math.floor(((pick[p++ % pick.length] + 1) / 2) * list.length)];
  const lines: string[] = [];
  for (let s = 0; s < 400; s++) {
    const topic = topics[s % 2];
    lines.push(Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? next(filler) : next(topic))).join(' '));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

// Runs in the child: reports the active path, the active kernels' results and a training run.
const CHILD = `
const { train, simdInfo } = require(${JSON.stringify(path.join(ROOT, 'lib', 'index'))});
const { native } = require(${JSON.stringify(path.join(ROOT, 'lib', 'native'))});
const input = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
(async () => {
  let info;
  try {
    info = simdInfo();
  } catch (err) {
    console.log(JSON.stringify({ loadError: { name: err.name, message: err.message } }));
    return;
  }
  const kernels = input.cases.map((c) => {
    const r = native().kernelCheck('active', new Float32Array(c.x), new Float32Array(c.y), c.a);
    const rows = { addRows: Array.from(r.addRows), axpyRows: Array.from(r.axpyRows) };
    return { path: r.path, dot: r.dot, axpy: Array.from(r.axpy), scal: Array.from(r.scal), ...rows };
  });
  // Skip-gram, then CBOW (whose window runs addRows and axpyRows).
  const vectors = [];
  let words;
  for (const architecture of ['skip-gram', 'cbow']) {
    const options = { corpus: input.corpus, architecture, dim: 20, epochs: 1, threads: 1, seed: 11, minCount: 1, window: 3 };
    const wv = (await train(options)).wordVectors;
    words = wv.words;
    vectors.push(...wv.vectors);
  }
  console.log(JSON.stringify({ info, kernels, words, vectors }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

interface ChildReport {
  loadError?: { name: string; message: string };
  info?: { active: SimdPath };
  kernels?: { path: SimdPath; dot: number; axpy: number[]; scal: number[]; addRows: number[]; axpyRows: number[] }[];
  words?: string[];
  vectors?: number[];
}

function runChild(
  simd: string,
  inputFile: string,
): Promise<{ code: number | null; report?: ChildReport; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOGVEC_SIMD: simd };
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', CHILD, inputFile], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      resolve({ code, stderr, report: last.startsWith('{') ? (JSON.parse(last) as ChildReport) : undefined });
    });
  });
}

t.test('the native core reports its SIMD paths', async (t) => {
  const info = simdInfo();
  t.ok(info.supported.includes('scalar'), 'scalar is always supported');
  t.ok(info.supported.includes(info.active), 'the active path is a supported one');
  t.ok(info.supported.includes(info.best), 'the best path is a supported one');
  if (!process.env.HOGVEC_SIMD) t.equal(info.active, info.best, 'without HOGVEC_SIMD the best path is used');
});

t.test('every supported path, called directly, matches the exact values for lengths 0..70', async (t) => {
  const { supported } = simdInfo();
  for (const p of supported) {
    const results = CASES.map((c) => kernelCheck(p, new Float32Array(c.x), new Float32Array(c.y), c.a));
    t.ok(
      results.every((r) => r.path === p),
      `${p}: the hook ran the ${p} kernels`,
    );
    t.same(kernelMisses(results), [], `${p}: dot, axpy, scal, addRows and axpyRows within float tolerance of double`);
  }
  for (const p of ALL_SIMD_PATHS) {
    if (!supported.includes(p))
      t.throws(
        () => kernelCheck(p, new Float32Array(1), new Float32Array(1), 1),
        /does not support/,
        `${p} is refused, not run`,
      );
  }
  t.throws(
    () => kernelCheck('sse9' as SimdPath, new Float32Array(1), new Float32Array(1), 1),
    /Expected active, scalar, avx2, avx512 or neon/,
  );
  t.throws(() => kernelCheck('scalar', new Float32Array(2), new Float32Array(3), 1), /same length/);
});

t.test('HOGVEC_SIMD=<path>: the kernels and single-threaded training agree across paths', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-simd-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const corpus = path.join(dir, 'corpus.txt');
  writeCorpus(corpus);
  const inputFile = path.join(dir, 'input.json');
  fs.writeFileSync(inputFile, JSON.stringify({ cases: CASES, corpus }));

  const { supported } = simdInfo();
  const reports = new Map<SimdPath, ChildReport>();
  for (const p of supported) {
    const { code, report, stderr } = await runChild(p, inputFile);
    t.equal(code, 0, `HOGVEC_SIMD=${p}: the child exits 0${stderr ? `\n${stderr}` : ''}`);
    if (!report?.kernels || !report.vectors) {
      t.fail(`HOGVEC_SIMD=${p}: no report from the child`);
      continue;
    }
    t.equal(report.info?.active, p, `HOGVEC_SIMD=${p}: simdInfo().active is ${p}`);
    t.ok(
      report.kernels.every((k) => k.path === p),
      `HOGVEC_SIMD=${p}: training's kernels are the ${p} ones`,
    );
    t.same(kernelMisses(report.kernels), [], `HOGVEC_SIMD=${p}: kernels within float tolerance of double`);
    reports.set(p, report);
  }

  const [first, ...others] = [...reports.entries()];
  if (!first) return;
  const [basePath, base] = first;
  t.ok((base.words?.length ?? 0) >= 16, `training learned the corpus vocabulary (${base.words?.length} words)`);
  if (others.length === 0)
    t.pass('the paths agree with each other', {
      skip: `this CPU runs only the ${basePath} path, so there is none to compare it with`,
    });
  for (const [p, r] of others) {
    const { dot: dotGap, axpy: axpyGap, scalEqual } = kernelGap(base.kernels!, r.kernels!);
    t.ok(dotGap <= 2, `dot: ${p} and ${basePath} agree within float tolerance (worst ${dotGap.toFixed(3)} of it)`);
    t.ok(axpyGap <= 2, `axpy: ${p} and ${basePath} agree within float tolerance (worst ${axpyGap.toFixed(3)} of it)`);
    t.ok(scalEqual, `scal: ${p} and ${basePath} give identical results`);

    t.same(r.words, base.words, `training on ${p} and ${basePath}: the same vocabulary`);
    let worst = 0;
    base.vectors!.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - r.vectors![i]))));
    t.ok(
      r.vectors!.length === base.vectors!.length && worst <= 1e-4,
      `training (skip-gram and CBOW) on ${p} and ${basePath}: the same vectors within 1e-4 (largest difference ${worst.toExponential(2)})`,
    );
  }
});

t.test('a HOGVEC_SIMD the core cannot honour is a clear Error when the addon loads', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-simd-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const inputFile = path.join(dir, 'input.json');
  fs.writeFileSync(inputFile, JSON.stringify({ cases: [], corpus: path.join(dir, 'none.txt') }));
  const { supported } = simdInfo();

  const bogus = await runChild('bogus', inputFile);
  t.ok(bogus.report?.loadError, `HOGVEC_SIMD=bogus: loading throws${bogus.stderr ? `\n${bogus.stderr}` : ''}`);
  t.equal(bogus.report?.loadError?.name, 'Error');
  t.match(
    bogus.report?.loadError?.message ?? '',
    /^hogvec: HOGVEC_SIMD must be scalar, avx2, avx512 or neon but is 'bogus'/,
    'it names the variable, the bad value and the valid ones',
  );
  t.match(
    bogus.report?.loadError?.message ?? '',
    `set it to one of: ${supported.join(', ')}`,
    "and lists this CPU's paths",
  );

  const missing = ALL_SIMD_PATHS.filter((p) => !supported.includes(p));
  if (missing.length === 0) {
    t.pass('an unsupported HOGVEC_SIMD is refused', { skip: 'this CPU supports every path, so there is none to try' });
    return;
  }
  for (const p of missing) {
    const r = await runChild(p, inputFile);
    t.ok(r.report?.loadError, `HOGVEC_SIMD=${p} on a CPU without it: loading throws`);
    t.match(r.report?.loadError?.message ?? '', `HOGVEC_SIMD=${p} but this CPU does not support ${p}`);
    t.match(r.report?.loadError?.message ?? '', `set it to one of: ${supported.join(', ')}`);
  }
});
