#!/usr/bin/env node
// The package's install step. Uses a prebuilt binary from prebuilds/ when one
// matches this platform and loads here; otherwise, or when asked to
// (`npm install --build-from-source`, or HOGVEC_BUILD_FROM_SOURCE=1), compiles
// binding/ with cmake-js into build/. (node-gyp-build's own install command
// would fall back to node-gyp, which hogvec does not use.) If compiling fails,
// it says in one paragraph what is missing; the full output goes to a log file.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkgName = require(path.join(root, 'package.json')).name;

/** npm passes `--build-from-source` as npm_config_build_from_source: true, or a list of package names. */
function buildFromSourceRequested() {
  const flag = process.env.npm_config_build_from_source;
  if (flag === 'true' || flag?.split(',').includes(pkgName)) return true;
  return process.env.HOGVEC_BUILD_FROM_SOURCE === '1' || process.argv.includes('--build-from-source');
}

/** What node-gyp-build looks for, in words: linux-x64 (glibc), darwin-arm64, ... */
function target() {
  const arch = process.env.npm_config_arch || process.arch;
  const platform = process.env.npm_config_platform || process.platform;
  if (platform !== 'linux') return `${platform}-${arch}`;
  const libc = process.env.LIBC || (fs.existsSync('/etc/alpine-release') ? 'musl' : 'glibc');
  return `${platform}-${arch} (${libc})`;
}

/** The binary node-gyp-build would load (build/Release first, then prebuilds/), or undefined. */
function findBinary() {
  try {
    return require('node-gyp-build').path(root);
  } catch {
    return undefined;
  }
}

/** Loads a binary in a separate Node process; returns undefined if it loads, else why not. */
function loadError(file) {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { encoding: 'utf8' });
  if (result.status === 0) return undefined;
  const lines = `${result.stderr || ''}${result.error ? String(result.error) : ''}`.split('\n');
  return (lines.find((l) => /Error/.test(l)) || lines[0] || 'unknown error').trim();
}

function onPath(names) {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return names.find((name) =>
    dirs.some((dir) => exts.some((ext) => fs.existsSync(path.join(dir, name + ext)))),
  );
}

function howToInstallTools() {
  if (process.platform === 'darwin') return 'Install the Xcode command line tools (xcode-select --install) and cmake (brew install cmake)';
  if (process.platform === 'win32')
    return 'Install Visual Studio (or its Build Tools) with the "Desktop development with C++" workload, which includes cmake';
  return 'Install cmake and a C++17 compiler (Debian or Ubuntu: apt-get install cmake g++; Fedora: dnf install cmake gcc-c++; Alpine: apk add cmake g++ make)';
}

/** The first line of the build output that looks like the error, shortened. */
function firstErrorLine(output) {
  const line = output.split('\n').find((l) => /\berror\b/i.test(l) && !/^\s*(--|\[)/.test(l));
  if (!line) return undefined;
  const text = line.trim();
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function explainFailure(why, output, loadProblem, logFile) {
  const missing = [];
  if (!onPath(['cmake'])) missing.push('cmake (3.15 or newer) was not found on PATH');
  // cmake-js itself looks for g++ or clang++ (whatever CXX says), so check the same names.
  if (process.platform !== 'win32' && !onPath(['g++', 'clang++']))
    missing.push('no C++17 compiler (g++ or clang++) was found on PATH');
  let cause;
  if (missing.length > 0) cause = missing.join(' and ');
  else if (loadProblem) cause = `the binary it built does not load (${loadProblem})`;
  else {
    const error = firstErrorLine(output);
    cause = error ? `the build reported: ${error}` : 'the build reported errors';
  }
  return (
    `hogvec: ${why}, but building from source failed: ${cause}. ` +
    `${howToInstallTools()}, then run npm install again. The full build output is in ${logFile}.`
  );
}

function buildFromSource(why) {
  console.log(`hogvec: ${why}; building from source with cmake-js...`);
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
  const result = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout || ''}${result.stderr || ''}${result.error ? String(result.error) : ''}`;
  const built = result.status === 0 ? findBinary() : undefined;
  const loadProblem = built === undefined ? undefined : loadError(built);
  if (built !== undefined && loadProblem === undefined) {
    console.log(`hogvec: built ${path.relative(root, built)} from source`);
    return;
  }
  const logFile = path.join(os.tmpdir(), `hogvec-build-${process.pid}.log`);
  fs.writeFileSync(logFile, loadProblem ? `${output}\n${loadProblem}\n` : output);
  console.error(explainFailure(why, output, loadProblem, logFile));
  process.exit(1);
}

function main() {
  if (buildFromSourceRequested()) {
    buildFromSource('--build-from-source was given');
    return;
  }
  // In a git checkout, prebuilds/ (from `npm run prebuild`) may be older than
  // the sources: build them, unless build/ already holds a binary.
  if (fs.existsSync(path.join(root, '.git')) && !fs.existsSync(path.join(root, 'build', 'Release'))) {
    buildFromSource('this is a git checkout');
    return;
  }
  const found = findBinary();
  if (found === undefined) {
    buildFromSource(`there is no prebuilt binary for ${target()}`);
    return;
  }
  const problem = loadError(found);
  if (problem !== undefined) {
    buildFromSource(`the prebuilt binary ${path.relative(root, found)} does not load here (${problem})`);
    return;
  }
  console.log(`hogvec: using ${path.relative(root, found)}; nothing to compile`);
}

main();
