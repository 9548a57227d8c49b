#!/usr/bin/env node
// `npm run prebuild`: compiles the addon into prebuilds/<platform>-<arch>/,
// named as prebuildify names a Node-API build, so that node-gyp-build
// (lib/native.ts, scripts/install.js) finds it in an installed package and
// nothing is compiled on install.
//
//   prebuilds/linux-x64/hogvec.glibc.node     (musl on Alpine)
//   prebuilds/linux-arm64/hogvec.glibc.node
//   prebuilds/darwin-arm64/hogvec.node
//   prebuilds/win32-x64/hogvec.node
//
// On linux-x64 with glibc it makes every target this machine can build:
// linux-x64, linux-arm64 (cross, g++-aarch64-linux-gnu) and win32-x64 (cross,
// MinGW-w64). Elsewhere it makes this machine's own target. --platform and
// --arch pick one target. A missing cross compiler is installed with apt-get
// when run as root on Debian or Ubuntu; otherwise the script names it.
//
// One binary serves every Node.js version with Node-API 8. Linux binaries
// carry the libc tag so that a glibc build is never picked on musl (which then
// builds from source instead). The build is always clean, in its own out
// directory (never build/, which is the developer's), with HOGVEC_PREBUILD=ON:
// baseline instruction set (the SIMD kernels are chosen at run time), static
// libstdc++, and on glibc nothing newer than GLIBC_2.28 (checked here with
// objdump, as is the absence of libstdc++.so).
//
// Usage: node scripts/prebuild.js [--platform linux|win32|darwin] [--arch x64|arm64] [--out DIR] [-- cmake-js args]
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
// The newest glibc symbol version a Linux prebuild may need: Node.js 22's own
// binaries need 2.28, so hogvec then loads wherever Node.js does.
const GLIBC_MAX = [2, 28];

function fail(message) {
  console.error(`prebuild: ${message}`);
  process.exit(1);
}

// --platform, --arch and --out, then cmake-js's own arguments after --, parsed by node:util.
function parseArgs(argv) {
  const usage = 'expected --platform P, --arch A, --out DIR, or cmake-js arguments after --';
  let parsed;
  try {
    parsed = util.parseArgs({
      args: argv,
      options: { out: { type: 'string' }, platform: { type: 'string' }, arch: { type: 'string' } },
      allowPositionals: true,
      tokens: true,
    });
  } catch (err) {
    fail(`${err.message} (${usage})`);
  }
  const end = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const stray = parsed.tokens.find((t) => t.kind === 'positional' && (end === undefined || t.index < end.index));
  if (stray) fail(`unknown argument '${stray.value}' (${usage})`);
  const extra = end === undefined ? [] : argv.slice(end.index + 1);
  // A fixed place per checkout, outside the tree: nothing to ignore or to pack.
  const id = crypto.createHash('sha1').update(root).digest('hex').slice(0, 10);
  const { out, platform, arch } = parsed.values;
  return { out: out ? path.resolve(out) : path.join(os.tmpdir(), `hogvec-prebuild-${id}`), platform, arch, extra };
}

/** This machine's libc on Linux, as node-gyp-build matches it (it reads LIBC, else checks for Alpine). */
function hostLibc() {
  if (process.platform !== 'linux') return undefined;
  if (process.env.LIBC) return process.env.LIBC;
  return fs.existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
}

/**
 * The targets this machine builds. The host's own target is native; from
 * linux-x64 with glibc the others are cross builds with Debian's compilers.
 * tools: [program, Debian package] pairs the build needs on PATH.
 */
function buildableTargets() {
  const native = {
    platform: process.platform,
    arch: process.arch,
    libc: hostLibc(),
    cross: false,
    strip: process.env.STRIP || 'strip',
    objdump: 'objdump',
    tools: [],
  };
  if (process.platform !== 'linux' || process.arch !== 'x64' || native.libc !== 'glibc') return [native];
  return [
    native,
    {
      platform: 'linux',
      arch: 'arm64',
      libc: 'glibc',
      cross: true,
      toolchain: 'linux-arm64.cmake',
      strip: 'aarch64-linux-gnu-strip',
      objdump: 'aarch64-linux-gnu-objdump',
      tools: [['aarch64-linux-gnu-g++', 'g++-aarch64-linux-gnu']],
    },
    {
      platform: 'win32',
      arch: 'x64',
      libc: undefined,
      cross: true,
      toolchain: 'win32-x64.cmake',
      strip: 'x86_64-w64-mingw32-strip',
      objdump: 'x86_64-w64-mingw32-objdump',
      tools: [
        ['x86_64-w64-mingw32-g++-posix', 'g++-mingw-w64-x86-64'],
        ['x86_64-w64-mingw32-dlltool', 'binutils-mingw-w64-x86-64'],
      ],
    },
  ];
}

const tupleOf = (t) => `${t.platform}-${t.arch}`;

function selectTargets(options) {
  const all = buildableTargets();
  if (!options.platform && !options.arch) return all;
  const platform = options.platform || process.platform;
  const arch = options.arch || process.arch;
  const hit = all.find((t) => t.platform === platform && t.arch === arch);
  if (!hit) fail(`this machine cannot build ${platform}-${arch}; it builds ${all.map(tupleOf).join(', ')}`);
  return [hit];
}

/** prebuildify's file name for a Node-API build: <package name>[.<libc>].node */
function prebuildName(target) {
  const tags = [pkg.name.replace(/\//g, '+')];
  if (target.libc) tags.push(target.libc);
  return `${tags.join('.')}.node`;
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v "${program}"`], { stdio: 'ignore' }).status === 0;
}

/** Installs the missing tools with apt-get when that is possible (root on Debian or Ubuntu); else names them in one line. */
function ensureTools(target) {
  const missing = target.tools.filter(([program]) => !onPath(program));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(([, debianPackage]) => debianPackage))];
  const canInstall =
    process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 && onPath('apt-get');
  if (!canInstall) {
    fail(
      `${tupleOf(target)} needs ${missing.map(([p]) => p).join(' and ')}: install ${packages.join(' ')} ` +
        `(apt-get install ${packages.join(' ')}), or build one target (npm run prebuild -- --arch ${process.arch} --platform ${process.platform})`,
    );
  }
  console.log(`prebuild: ${tupleOf(target)} needs ${packages.join(' ')}; installing with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-qq'], { env });
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env,
  });
  const still = missing.filter(([program]) => !onPath(program));
  if (still.length > 0)
    fail(`${still.map(([p]) => p).join(' and ')} still not on PATH after installing ${packages.join(' ')}`);
}

function findBinary(out) {
  // cmake-js puts it in <out>/Release (Windows multi-config generators too).
  for (const dir of [path.join(out, 'Release'), out]) {
    const hit = fs.existsSync(dir) && fs.readdirSync(dir).find((f) => f.endsWith('.node'));
    if (hit) return path.join(dir, hit);
  }
  return fail(`the build finished but no .node file is in ${out}/Release`);
}

/** Fails if any compile command targets the build machine's CPU instead of the baseline. */
function checkBaseline(out) {
  const file = path.join(out, 'compile_commands.json');
  if (!fs.existsSync(file)) return; // Visual Studio generators write none; MSVC never gets -march.
  const commands = JSON.parse(fs.readFileSync(file, 'utf8'));
  const native = commands.filter((c) => /-march=native|-mcpu=native|-mtune=native/.test(c.command || ''));
  if (native.length > 0) fail(`${native[0].file} is compiled for this CPU only: ${native[0].command}`);
  console.log(`prebuild: ${commands.length} compile commands, none with -march=native`);
}

function strip(target, file) {
  if (target.platform === 'win32' && !target.cross) return; // an MSVC release build has no symbols to strip
  // Apple's strip has no --strip-unneeded; -x drops the local symbols, as it does.
  const args = target.platform === 'darwin' ? ['-x', file] : ['--strip-unneeded', file];
  run(target.strip, args);
}

function objdump(target, args, file) {
  const result = spawnSync(target.objdump, [...args, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`${target.objdump} could not run (install binutils): ${result.error.message}`);
  if (result.status !== 0) fail(`${target.objdump} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/**
 * A glibc binary: no symbol newer than GLIBC_2.28, no libstdc++ symbol or
 * library (it is linked in). A MinGW binary: no MinGW runtime DLL to ship.
 * Returns a line describing what the binary needs.
 */
function checkLinkage(target, file) {
  if (target.libc === 'glibc') {
    const symbols = objdump(target, ['-T'], file);
    const tooNew = new Set();
    let newest = [0, 0];
    for (const m of symbols.matchAll(/\bGLIBC_(\d+)\.(\d+)(?:\.\d+)?\)?\s+(\S+)/g)) {
      const version = [Number(m[1]), Number(m[2])];
      if (version[0] > newest[0] || (version[0] === newest[0] && version[1] > newest[1])) newest = version;
      if (version[0] > GLIBC_MAX[0] || (version[0] === GLIBC_MAX[0] && version[1] > GLIBC_MAX[1]))
        tooNew.add(`${m[3]}@GLIBC_${m[1]}.${m[2]}`);
    }
    if (tooNew.size > 0) {
      fail(
        `${file} needs symbols newer than GLIBC_${GLIBC_MAX.join('.')}: ${[...tooNew].join(', ')} ` +
          '(add them to the wrapped symbols in CMakeLists.txt and binding/compat/glibc_2_28.cpp)',
      );
    }
    const cxx = [...new Set([...symbols.matchAll(/\b(GLIBCXX|CXXABI)_[\d.]+/g)].map((m) => m[0]))];
    if (cxx.length > 0)
      fail(`${file} needs libstdc++ symbols (${cxx.join(', ')}); it should link libstdc++ statically`);
    const needed = [...objdump(target, ['-p'], file).matchAll(/NEEDED\s+(\S+)/g)].map((m) => m[1]);
    if (needed.some((lib) => /libstdc\+\+/.test(lib)))
      fail(`${file} needs ${needed.join(', ')}; it should link libstdc++ statically`);
    return `needs GLIBC_${newest.join('.')} at most, and ${needed.join(' ')}`;
  }
  if (target.platform === 'win32' && target.cross) {
    const dlls = [...objdump(target, ['-p'], file).matchAll(/DLL Name:\s+(\S+)/g)].map((m) => m[1]);
    const runtime = dlls.filter((dll) => /^(libstdc\+\+|libgcc|libwinpthread)/i.test(dll));
    if (runtime.length > 0)
      fail(`${file} needs the MinGW runtime DLLs ${runtime.join(', ')}; they should be linked statically`);
    if (!dlls.some((dll) => /^node\.exe$/i.test(dll)))
      fail(`${file} does not import Node-API from node.exe (it imports ${dlls.join(', ')})`);
    return `imports ${dlls.join(' ')}`;
  }
  return undefined;
}

/** Loads the binary in a fresh Node process, as node-gyp-build will: it must load and report its SIMD paths. */
function checkLoads(file) {
  const probe = `const b = require(${JSON.stringify(file)}); console.log(JSON.stringify(b.simdInfo()));`;
  const env = { ...process.env };
  delete env.HOGVEC_SIMD;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env });
  if (result.status !== 0) fail(`${file} does not load:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

/** cmake-js arguments that make a cross build for the target. */
function crossArgs(target) {
  if (!target.cross) return [];
  const args = [
    `--CDCMAKE_TOOLCHAIN_FILE=${path.join(root, 'cmake', 'toolchains', target.toolchain)}`,
    '--arch',
    target.arch,
  ];
  if (target.platform === 'win32') {
    // The .def of the Node-API functions, from the node-api-headers that cmake-js uses.
    const cmakeJsDir = path.dirname(require.resolve('cmake-js/package.json', { paths: [root] }));
    const headers = require(require.resolve('node-api-headers', { paths: [cmakeJsDir, root] }));
    args.push(`--CDHOGVEC_NODE_API_DEF=${headers.def_paths.node_api_def}`);
  }
  return args;
}

function build(target, options, env) {
  ensureTools(target);
  const tuple = tupleOf(target);
  const out = path.join(options.out, tuple);
  console.log(`prebuild: building ${tuple}${target.cross ? ' (cross)' : ''} in ${out}`);
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
  // rebuild = clean + configure + build: nothing left over from another configuration.
  run(
    process.execPath,
    [
      cmakeJs,
      'rebuild',
      '--out',
      out,
      '--CDHOGVEC_PREBUILD=ON',
      '--CDCMAKE_EXPORT_COMPILE_COMMANDS=ON',
      ...crossArgs(target),
      ...options.extra,
    ],
    { cwd: root, env },
  );
  checkBaseline(out);

  const built = findBinary(out);
  const dir = path.join(root, 'prebuilds', tuple);
  const dest = path.join(dir, prebuildName(target));
  fs.mkdirSync(dir, { recursive: true });
  // Another binary left in this folder (an older name) could be picked instead of this one.
  for (const old of fs.readdirSync(dir)) {
    if (old.endsWith('.node') && path.join(dir, old) !== dest) fs.rmSync(path.join(dir, old));
  }
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.copyFileSync(built, tmp);
  strip(target, tmp);
  const linkage = checkLinkage(target, tmp);
  fs.renameSync(tmp, dest);

  const kib = Math.round(fs.statSync(dest).size / 1024);
  const loaded = target.cross
    ? 'cross-built, not loaded here (npm run test:cross runs it)'
    : `SIMD paths here: ${checkLoads(dest).supported.join(', ')}`;
  console.log(`prebuild: wrote ${path.relative(root, dest)} (${kib} KiB; ${linkage ? `${linkage}; ` : ''}${loaded})`);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const env = { ...process.env };
  for (const name of ['HOGVEC_NATIVE', 'HOGVEC_SANITIZE']) {
    if (env[name] && env[name] !== '0')
      console.log(`prebuild: ignoring ${name}=${env[name]} (a prebuild runs on any CPU)`);
    delete env[name];
  }
  // The oldest macOS that Node.js 20 runs on, unless the caller chose one.
  if (process.platform === 'darwin' && !env.MACOSX_DEPLOYMENT_TARGET) env.MACOSX_DEPLOYMENT_TARGET = '10.15';
  const targets = selectTargets(options);
  for (const target of targets) build(target, options, env);
}

main();
