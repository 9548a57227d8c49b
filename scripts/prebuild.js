#!/usr/bin/env node
// `npm run prebuild`: compiles the addon for this platform and architecture
// into prebuilds/<platform>-<arch>/, named as prebuildify names a Node-API
// build, so that node-gyp-build (lib/native.ts, scripts/install.js) finds it
// in an installed package and nothing is compiled on install.
//
//   prebuilds/linux-x64/hogvec.glibc.node     (musl on Alpine)
//   prebuilds/darwin-arm64/hogvec.node
//   prebuilds/win32-x64/hogvec.node
//
// One binary serves every Node.js version with Node-API 8. Linux binaries
// carry the libc tag so that a glibc build is never picked on musl (which then
// builds from source instead). The build is always clean, in its own out
// directory (never build/, which is the developer's), with HOGVEC_PREBUILD=ON:
// baseline instruction set (the SIMD kernels are chosen at run time), static
// libstdc++ on Linux. Usage: node scripts/prebuild.js [--out DIR] [-- cmake-js args]
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function fail(message) {
  console.error(`prebuild: ${message}`);
  process.exit(1);
}

// --out DIR, then cmake-js's own arguments after --, parsed by node:util.
function parseArgs(argv) {
  const usage = 'expected --out DIR, or cmake-js arguments after --';
  let parsed;
  try {
    parsed = util.parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: true, tokens: true });
  } catch (err) {
    fail(`${err.message} (${usage})`);
  }
  const end = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const stray = parsed.tokens.find((t) => t.kind === 'positional' && (end === undefined || t.index < end.index));
  if (stray) fail(`unknown argument '${stray.value}' (${usage})`);
  const extra = end === undefined ? [] : argv.slice(end.index + 1);
  // A fixed place per checkout, outside the tree: nothing to ignore or to pack.
  const id = crypto.createHash('sha1').update(root).digest('hex').slice(0, 10);
  const out = parsed.values.out;
  return { out: out ? path.resolve(out) : path.join(os.tmpdir(), `hogvec-prebuild-${id}`), extra };
}

/** The libc tag node-gyp-build matches on Linux (it reads LIBC, else checks for Alpine). */
function libcTag() {
  if (process.platform !== 'linux') return undefined;
  if (process.env.LIBC) return process.env.LIBC;
  return fs.existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
}

/** prebuildify's file name for a Node-API build: <package name>[.<libc>].node */
function prebuildName() {
  const tags = [pkg.name.replace(/\//g, '+')];
  const libc = libcTag();
  if (libc) tags.push(libc);
  return `${tags.join('.')}.node`;
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
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

function strip(file) {
  if (process.platform === 'win32') return; // an MSVC release build has no symbols to strip
  const stripBin = process.env.STRIP || 'strip';
  // Apple's strip has no --strip-unneeded; -x drops the local symbols, as it does.
  const args = process.platform === 'darwin' ? ['-x', file] : ['--strip-unneeded', file];
  run(stripBin, args);
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

function main() {
  const { out, extra } = parseArgs(process.argv.slice(2));
  const env = { ...process.env };
  for (const name of ['HOGVEC_NATIVE', 'HOGVEC_SANITIZE']) {
    if (env[name] && env[name] !== '0') console.log(`prebuild: ignoring ${name}=${env[name]} (a prebuild runs on any CPU)`);
    delete env[name];
  }
  // The oldest macOS that Node.js 20 runs on, unless the caller chose one.
  if (process.platform === 'darwin' && !env.MACOSX_DEPLOYMENT_TARGET) env.MACOSX_DEPLOYMENT_TARGET = '10.15';

  const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
  // rebuild = clean + configure + build: nothing left over from another configuration.
  run(
    process.execPath,
    [cmakeJs, 'rebuild', '--out', out, '--CDHOGVEC_PREBUILD=ON', '--CDCMAKE_EXPORT_COMPILE_COMMANDS=ON', ...extra],
    { cwd: root, env },
  );
  checkBaseline(out);

  const built = findBinary(out);
  const tuple = `${process.platform}-${process.arch}`;
  const dir = path.join(root, 'prebuilds', tuple);
  const dest = path.join(dir, prebuildName());
  fs.mkdirSync(dir, { recursive: true });
  // Another binary left in this folder (an older name) could be picked instead of this one.
  for (const old of fs.readdirSync(dir)) {
    if (old.endsWith('.node') && path.join(dir, old) !== dest) fs.rmSync(path.join(dir, old));
  }
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.copyFileSync(built, tmp);
  strip(tmp);
  fs.renameSync(tmp, dest);

  const info = checkLoads(dest);
  const kib = Math.round(fs.statSync(dest).size / 1024);
  console.log(`prebuild: wrote ${path.relative(root, dest)} (${kib} KiB; SIMD paths here: ${info.supported.join(', ')})`);
}

main();
