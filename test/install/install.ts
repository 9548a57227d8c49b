// `npm run test:install`: the package as users get it. Builds the prebuild
// (npm run prebuild), packs the package, and installs the tarball into fresh
// folders, with the npm registry for its dependencies:
//   1. with the prebuild and no cmake or compiler on PATH: nothing compiles,
//      the prebuild loads, and training works (require, import and types);
//      the only package installed besides hogvec is node-gyp-build;
//   2. with no matching prebuild (LIBC=musl) and cmake and a compiler: the
//      install fetches the pinned cmake-js and node-addon-api into a
//      temporary folder, compiles, removes the folder, and works, with no
//      more packages installed than in 1;
//   3. with --build-from-source and no tools: it fails with one short
//      paragraph naming cmake and the compiler;
//   4. with cmake but no compiler: the paragraph names only the compiler;
//   5. with no matching prebuild (LIBC=musl) and no tools: the same, saying
//      why it had to build; and likewise for a prebuild that does not load.
// Slow (a clean compile, several installs), so it is not in `npm test`.
// Prints "N passed, N failed" at the end. Linux and macOS only.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { elfLinkage, GLIBC_LIMIT, newestVersion } from '../support/elf-linkage';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
// The packages a source build needs (scripts/install.js fetches them), at the versions devDependencies pins.
const BUILD_PACKAGES = ['cmake-js', 'node-addon-api'];
// An install adds at most this many packages besides hogvec.
const MAX_RUNTIME_PACKAGES = 2;
const TUPLE = `${process.platform}-${process.arch}`;
const PREBUILD = `prebuilds/${TUPLE}/${pkg.name}${process.platform === 'linux' ? '.glibc' : ''}.node`;
// What a machine without build tools lacks. make and ninja too, so nothing can build.
const BUILD_TOOLS = ['cmake', 'c++', 'g++', 'gcc', 'cc', 'clang', 'clang++', 'make', 'ninja'];
// What npm, node and a package's install script may need.
const BASIC_TOOLS = [
  'node',
  'npm',
  'npx',
  'sh',
  'bash',
  'env',
  'cat',
  'ls',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'ln',
  'chmod',
  'uname',
  'dirname',
  'basename',
  'readlink',
  'realpath',
  'sed',
  'grep',
  'tar',
  'gzip',
  'head',
  'tail',
  'sort',
  'tr',
  'cut',
  'wc',
  'touch',
  'true',
  'false',
  'test',
  'id',
  'which',
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
  stdout: string;
  stderr: string;
  ms: number;
}

function run(
  cmd: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Run> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${String(err)}`, ms: Date.now() - start });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - start });
    });
  });
}

/** The environment without npm's own variables (an outer `npm run` sets many) or anything that steers the build. */
function cleanEnv(PATH: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|HOGVEC_|PREBUILDS_ONLY$|LIBC$|CXX$|CC$|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, PATH, ...extra };
}

function which(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v "${name}"`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found.startsWith('/') ? found : undefined;
}

/** A directory of symlinks to the basic tools, and to `also` if given: a PATH with no build tools. */
function toolDir(dir: string, also: string[] = []): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of [...BASIC_TOOLS, ...also]) {
    const target = which(name);
    if (target && !fs.existsSync(path.join(dir, name))) fs.symlinkSync(target, path.join(dir, name));
  }
  return dir;
}

/** Runs in the consumer folder: loads hogvec, trains, and reports what it loaded and learned. */
const SMOKE = `
const fs = require('node:fs');
const hogvec = require('hogvec');
const topics = [['king', 'queen', 'prince', 'castle', 'crown', 'throne'], ['cat', 'dog', 'mouse', 'tail', 'paw', 'fur']];
let s = 7;
const rand = (n) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n);
const lines = [];
for (let i = 0; i < 600; i++) {
  const t = topics[i % 2];
  lines.push(Array.from({ length: 10 }, () => t[rand(t.length)]).join(' '));
}
fs.writeFileSync('corpus.txt', lines.join('\\n') + '\\n');
(async () => {
  const info = hogvec.simdInfo();
  const run = hogvec.train({ corpus: 'corpus.txt', dim: 16, epochs: 4, threads: 1, seed: 3, minCount: 1, window: 3 });
  const losses = [];
  run.on('epoch', (e) => losses.push(e.loss));
  const model = await run;
  const wv = model.wordVectors;
  const addons = Object.keys(require.cache).filter((f) => f.endsWith('.node'));
  console.log(JSON.stringify({
    info, addons, losses, size: wv.size, dim: wv.dim,
    finite: Array.from(wv.vectors).every(Number.isFinite),
    nonzero: Array.from(wv.vectors).some((v) => v !== 0),
    same: wv.similarity('king', 'queen'), across: wv.similarity('king', 'cat'),
  }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

interface Smoke {
  info: { active: string; supported: string[] };
  addons: string[];
  losses: number[];
  size: number;
  dim: number;
  finite: boolean;
  nonzero: boolean;
  same: number;
  across: number;
}

async function checkWorks(label: string, dir: string, env: NodeJS.ProcessEnv, expectedBinary: string): Promise<void> {
  const r = await run('node', ['-e', SMOKE], { cwd: dir, env, timeoutMs: 60_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  const smoke = r.code === 0 && last.startsWith('{') ? (JSON.parse(last) as Smoke) : undefined;
  if (!check(smoke !== undefined, `${label}: require('hogvec') loads and trains`, `${r.stdout}${r.stderr}`) || !smoke)
    return;
  const binary = path.join(dir, 'node_modules', pkg.name, expectedBinary);
  check(
    smoke.addons.length === 1 && fs.realpathSync(smoke.addons[0]) === fs.realpathSync(binary),
    `${label}: the addon loaded is ${expectedBinary}`,
    `loaded: ${smoke.addons.join(', ')}`,
  );
  check(
    smoke.size === 12 && smoke.dim === 16 && smoke.finite && smoke.nonzero,
    `${label}: 12 words x 16 finite, non-zero values`,
    JSON.stringify(smoke),
  );
  check(
    smoke.losses.length === 4 && smoke.losses[3] < smoke.losses[0],
    `${label}: 4 epochs, the loss falls (${smoke.losses.map((l) => l.toFixed(3)).join(' > ')})`,
    JSON.stringify(smoke.losses),
  );
  check(
    smoke.same > smoke.across,
    `${label}: words of one topic are closer than words of two (${smoke.same.toFixed(3)} > ${smoke.across.toFixed(3)})`,
  );

  // The explorer reads its page from web/explore beside dist/: the package must ship both.
  const pageFiles = path.join(dir, 'node_modules', pkg.name, 'dist', 'explore', 'page-files.js');
  const page = await run('node', ['-e', `console.log(require(${JSON.stringify(pageFiles)}).readPageFiles().size)`], {
    cwd: dir,
    env,
    timeoutMs: 30_000,
  });
  check(
    page.code === 0 && page.stdout.trim() === '4',
    `${label}: the explore page's files are in the package`,
    `${page.stdout}${page.stderr}`,
  );

  const esm = await run(
    'node',
    [
      '--input-type=module',
      '-e',
      "import { simdInfo, train } from 'hogvec'; console.log(typeof train, simdInfo().active);",
    ],
    { cwd: dir, env, timeoutMs: 30_000 },
  );
  check(
    esm.code === 0 && esm.stdout.trim() === `function ${smoke.info.active}`,
    `${label}: import { train } from 'hogvec' works too`,
    `${esm.stdout}${esm.stderr}`,
  );
}

async function install(
  label: string,
  dir: string,
  tarball: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<Run> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${path.basename(dir)}`, private: true }),
  );
  const r = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts', ...args, tarball],
    { cwd: dir, env, timeoutMs: 300_000 },
  );
  console.log(`# ${label}: npm install took ${(r.ms / 1000).toFixed(1)} s`);
  return r;
}

/** The install script's failure paragraph, from npm's output (npm prefixes each line it relays). */
function failureParagraph(r: Run): string | undefined {
  const text = `${r.stdout}\n${r.stderr}`;
  const line = text
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!) ?/, ''))
    .find((l) => /^hogvec: .*building from source failed/.test(l));
  return line?.trim();
}

/** The packages npm installed into `dir` besides hogvec, from its node_modules/.package-lock.json. */
function installedPackages(dir: string): string[] {
  const lock = path.join(dir, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(lock)) return [];
  const { packages } = JSON.parse(fs.readFileSync(lock, 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(packages)
    .map((p) => p.replace(/^.*node_modules\//, ''))
    .filter((name) => name !== pkg.name)
    .sort();
}

/** Checks that an install added only hogvec's run-time dependencies, and no build tool. */
function checkLean(label: string, dir: string): void {
  const installed = installedPackages(dir);
  console.log(`# ${label}: ${installed.length} package(s) besides hogvec: ${installed.join(', ')}`);
  check(
    installed.length > 0 && installed.length <= MAX_RUNTIME_PACKAGES,
    `${label}: npm installed ${installed.length} package(s) besides hogvec (at most ${MAX_RUNTIME_PACKAGES})`,
    installed.join('\n'),
  );
  check(
    JSON.stringify(installed) === JSON.stringify(Object.keys(pkg.dependencies).sort()),
    `${label}: exactly hogvec's dependencies (${Object.keys(pkg.dependencies).join(', ')})`,
    installed.join('\n'),
  );
  const tools = BUILD_PACKAGES.filter((name) => fs.existsSync(path.join(dir, 'node_modules', name)));
  check(tools.length === 0, `${label}: no build tool is installed`, tools.join(', '));
}

/** Checks a failed install: one short paragraph that names what is missing, no CMake output, the log file is there. */
function checkFailure(
  label: string,
  r: Run,
  expect: { why: RegExp; cmakeMissing: boolean; compilerMissing: boolean },
): void {
  check(r.code !== 0, `${label}: npm install fails`, `${r.stdout}${r.stderr}`);
  const message = failureParagraph(r);
  if (!check(message !== undefined, `${label}: it prints the hogvec paragraph`, `${r.stdout}${r.stderr}`) || !message)
    return;
  console.log(`# ${message}`);
  check(expect.why.test(message), `${label}: it says why it built (${expect.why})`, message);
  check(
    /cmake \(3\.15 or newer\) was not found/.test(message) === expect.cmakeMissing,
    `${label}: cmake is ${expect.cmakeMissing ? '' : 'not '}named as missing`,
    message,
  );
  check(
    /no C\+\+17 compiler \(g\+\+ or clang\+\+\)/.test(message) === expect.compilerMissing,
    `${label}: the compiler is ${expect.compilerMissing ? '' : 'not '}named as missing`,
    message,
  );
  check(message.length < 700, `${label}: the paragraph is short (${message.length} characters)`, message);
  const noise = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) =>
      /CMake Error|-- The CXX compiler|-- Configuring|CMakeLists\.txt:\d|\bninja:|make\[\d\]|ERR! OMG|\[\d+\/\d+\] /.test(
        l,
      ),
    );
  check(noise.length === 0, `${label}: no build-tool output is shown`, noise.join('\n'));
  const log = /The full build output is in (\S+)\.$/.exec(message)?.[1];
  check(log !== undefined && fs.existsSync(log) && fs.statSync(log).size > 0, `${label}: the full output is in ${log}`);
  if (log && fs.existsSync(log)) fs.rmSync(log);
}

function readelf(args: string[], file: string): string | undefined {
  const r = spawnSync('readelf', [...args, file], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

async function main(): Promise<void> {
  if (process.platform === 'win32') {
    console.log('test:install needs a POSIX shell and tools; it does not run on Windows');
    console.log('0 passed, 0 failed');
    return;
  }
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-install-'));
  const fullEnv = cleanEnv(process.env.PATH ?? '');
  const bare = toolDir(path.join(work, 'bin-bare'));
  const cmakeOnly = toolDir(path.join(work, 'bin-cmake'), ['cmake']);
  const bareEnv = cleanEnv(bare);

  // The build tools are build-time only, pinned to exact versions.
  const runtime = Object.keys(pkg.dependencies);
  check(
    runtime.length <= MAX_RUNTIME_PACKAGES && BUILD_PACKAGES.every((name) => !runtime.includes(name)),
    `package.json depends at run time on ${runtime.join(', ')} only, not on the build tools`,
  );
  check(
    BUILD_PACKAGES.every((name) => /^\d+\.\d+\.\d+$/.test(pkg.devDependencies[name] ?? '')),
    `devDependencies pins exact versions of ${BUILD_PACKAGES.map((name) => `${name} (${pkg.devDependencies[name]})`).join(' and ')}`,
  );

  // The PATHs really lack what they must lack.
  for (const tool of BUILD_TOOLS) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { env: bareEnv, encoding: 'utf8' });
    check(r.status !== 0, `the bare PATH has no ${tool}`, r.stdout);
  }
  check(
    fs.existsSync(path.join(cmakeOnly, 'cmake')) && !fs.existsSync(path.join(cmakeOnly, 'g++')),
    'the second PATH has cmake and no compiler',
  );

  // The prebuild.
  // This machine's own target only (test:cross covers the cross-built ones).
  const prebuild = await run('npm', ['run', 'prebuild', '--', '--platform', process.platform, '--arch', process.arch], {
    cwd: ROOT,
    env: fullEnv,
    timeoutMs: 600_000,
  });
  console.log(`# npm run prebuild took ${(prebuild.ms / 1000).toFixed(1)} s`);
  const binary = path.join(ROOT, PREBUILD);
  if (
    !check(
      prebuild.code === 0 && fs.existsSync(binary),
      `npm run prebuild writes ${PREBUILD}`,
      `${prebuild.stdout}${prebuild.stderr}`,
    )
  )
    return finish(work, started);
  check(
    fs.readdirSync(path.dirname(binary)).filter((f) => f.endsWith('.node')).length === 1,
    `${path.dirname(PREBUILD)} holds one binary`,
  );
  if (process.platform === 'linux' && readelf(['-S'], binary) !== undefined) {
    check(!/\.symtab/.test(readelf(['-S'], binary) ?? ''), 'the prebuild is stripped (no .symtab)');
    const needed = readelf(['-d'], binary) ?? '';
    check(
      /NEEDED/.test(needed) && !/libstdc\+\+/.test(needed),
      'the prebuild does not depend on the system libstdc++',
      needed,
    );
    const exported = (readelf(['--dyn-syms', '-W'], binary) ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[4] === 'GLOBAL' && f[6] !== 'UND')
      .map((f) => f[7])
      .sort();
    check(
      JSON.stringify(exported) === JSON.stringify(['napi_register_module_v1', 'node_api_module_get_api_version_v1']),
      'the prebuild exports only the Node-API entry points',
      exported.join(' '),
    );
    const linkage = elfLinkage('objdump', binary);
    check(
      linkage.newerThanLimit.length === 0 && linkage.glibcVersions.length > 0,
      `objdump -T: the prebuild needs no symbol newer than GLIBC_${GLIBC_LIMIT} (newest: GLIBC_${newestVersion(linkage.glibcVersions)})`,
      linkage.newerThanLimit.join(' '),
    );
    check(
      linkage.libstdcxxVersions.length === 0 && !linkage.needed.some((l) => l.startsWith('libstdc++')),
      `objdump: no libstdc++.so at run time (NEEDED: ${linkage.needed.join(' ')})`,
      linkage.libstdcxxVersions.join(' '),
    );
  }

  // The tarball.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: fullEnv,
    timeoutMs: 300_000,
  });
  const packed =
    pack.code === 0
      ? (
          JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[]
        )[0]
      : undefined;
  if (
    !check(
      packed !== undefined,
      'npm pack makes a tarball (prepare compiles the TypeScript)',
      `${pack.stdout}${pack.stderr}`,
    ) ||
    !packed
  )
    return finish(work, started);
  const tarball = path.join(work, path.basename(packed.filename));
  const files = packed.files.map((f) => f.path);
  const required = [
    'package.json',
    'README.md',
    'LICENSE',
    'CMakeLists.txt',
    'scripts/install.js',
    PREBUILD,
    'dist/index.js',
    'dist/index.d.ts',
    'dist/index.esm.mjs',
    'dist/index.esm.d.mts',
    'binding/core/blas.cpp',
    'binding/core/blas.h',
    'binding/addon/addon.cpp',
  ];
  const absent = required.filter((f) => !files.includes(f));
  check(
    absent.length === 0,
    'the package has dist/ with types, the prebuild, the binding sources, CMakeLists.txt, install.js, README, LICENSE',
    `missing: ${absent.join(', ')}`,
  );
  const unwanted = files.filter((f) =>
    /^(test|bench|docs|examples|build|lib|node_modules|\.github|\.ci|\.tap)\/|^scripts\/(?!install\.js$)|\.map$|^tsconfig/.test(
      f,
    ),
  );
  check(
    unwanted.length === 0,
    'the package has no tests, benchmarks, docs, TypeScript sources, source maps or build folders',
    unwanted.join('\n'),
  );
  console.log(`# the tarball: ${files.length} files, ${(fs.statSync(tarball).size / 1024).toFixed(0)} KiB`);

  // 1. The prebuild, and no build tools.
  const a = path.join(work, 'prebuilt');
  const ra = await install('prebuilt', a, tarball, [], bareEnv);
  if (
    check(ra.code === 0, 'prebuilt: npm install succeeds with no cmake or compiler on PATH', `${ra.stdout}${ra.stderr}`)
  ) {
    check(
      ra.stdout.includes(`hogvec: using ${PREBUILD}; nothing to compile`),
      'prebuilt: the install script uses the prebuild',
      ra.stdout,
    );
    check(
      !fs.existsSync(path.join(a, 'node_modules', pkg.name, 'build')),
      'prebuilt: the installed package has no build/ folder',
    );
    check(!/fetching/.test(ra.stdout), 'prebuilt: the install script fetches nothing', ra.stdout);
    checkLean('prebuilt', a);
    await checkWorks('prebuilt', a, bareEnv, PREBUILD);
    const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    fs.writeFileSync(
      path.join(a, 'check.ts'),
      [
        "import { train, simdInfo, type TrainOptions, type SimdInfo, WordVectors } from 'hogvec';",
        "const options: TrainOptions = { corpus: 'corpus.txt', dim: 8 };",
        'const info: SimdInfo = simdInfo();',
        'export async function f(): Promise<number> { const m = await train(options); const wv: WordVectors = m.wordVectors; return wv.size + info.supported.length; }',
        '',
      ].join('\n'),
    );
    const types = await run(
      'node',
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--target',
        'es2022',
        '--typeRoots',
        path.join(ROOT, 'node_modules', '@types'),
        '--types',
        'node',
        'check.ts',
      ],
      { cwd: a, env: bareEnv, timeoutMs: 60_000 },
    );
    check(
      types.code === 0,
      'prebuilt: the type declarations resolve for a TypeScript user',
      `${types.stdout}${types.stderr}`,
    );

    // A prebuild that matches the name but does not load (say, built for a newer glibc) is not used.
    fs.writeFileSync(path.join(a, 'node_modules', pkg.name, PREBUILD), 'not a shared library');
    const rebuild = await run('npm', ['rebuild', pkg.name, '--foreground-scripts'], {
      cwd: a,
      env: bareEnv,
      timeoutMs: 120_000,
    });
    checkFailure('broken prebuild', rebuild, {
      why: new RegExp(
        `the prebuilt binary ${PREBUILD.replace(/[.+]/g, '\\$&')} does not load here \\(.*(invalid ELF header|not a mach-o|too short)`,
        'i',
      ),
      cmakeMissing: true,
      compilerMissing: true,
    });
  }

  // 2. No prebuild fits (LIBC=musl), and cmake and a compiler are there: a plain npm install builds.
  const b = path.join(work, 'from-source');
  const bTmp = path.join(work, 'from-source-tmp');
  fs.mkdirSync(bTmp);
  const sourceEnv = cleanEnv(fullEnv.PATH ?? '', { LIBC: 'musl', TMPDIR: bTmp });
  const rb = await install('from source', b, tarball, [], sourceEnv);
  if (
    check(
      rb.code === 0,
      'from source: with no prebuild for musl, npm install compiles with cmake-js',
      `${rb.stdout}${rb.stderr}`,
    )
  ) {
    const pins = BUILD_PACKAGES.map((name) => `${name}@${pkg.devDependencies[name]}`).join(' and ');
    check(
      rb.stdout.includes(`hogvec: fetching ${pins} with npm into a temporary folder`),
      `from source: it fetches ${pins}`,
      rb.stdout,
    );
    check(
      rb.stdout.includes(`hogvec: there is no prebuilt binary for ${TUPLE} (musl); building from source with cmake-js`),
      'from source: it says why it builds',
      rb.stdout,
    );
    check(
      rb.stdout.includes('hogvec: built build/Release/hogvec.node from source'),
      'from source: the install script says it built',
      rb.stdout,
    );
    const left = fs.readdirSync(bTmp).filter((f) => f.startsWith('hogvec-build-tools-'));
    check(left.length === 0, 'from source: the temporary folder of build tools is removed', left.join(', '));
    checkLean('from source', b);
    await checkWorks('from source', b, sourceEnv, 'build/Release/hogvec.node');
  }

  // 3. --build-from-source without the tools.
  const rc = await install('no tools', path.join(work, 'no-tools'), tarball, ['--build-from-source'], bareEnv);
  checkFailure('no tools', rc, { why: /--build-from-source was given/, cmakeMissing: true, compilerMissing: true });

  // 4. cmake, but no compiler.
  const rd = await install(
    'no compiler',
    path.join(work, 'no-compiler'),
    tarball,
    ['--build-from-source'],
    cleanEnv(cmakeOnly),
  );
  checkFailure('no compiler', rd, { why: /--build-from-source was given/, cmakeMissing: false, compilerMissing: true });

  // 5. No prebuild for this libc (as on Alpine), no tools.
  if (process.platform === 'linux') {
    const re = await install('musl', path.join(work, 'musl'), tarball, [], cleanEnv(bare, { LIBC: 'musl' }));
    checkFailure('musl', re, {
      why: new RegExp(`there is no prebuilt binary for ${TUPLE} \\(musl\\)`),
      cmakeMissing: true,
      compilerMissing: true,
    });
  }

  finish(work, started);
}

function finish(work: string, started: number): void {
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`# test:install took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  failed++;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = 1;
});
