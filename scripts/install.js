#!/usr/bin/env node
// The package's install step. Uses a prebuilt binary when one matches this
// platform, else compiles binding/ with cmake-js. (node-gyp-build's own
// install command would fall back to node-gyp, which hogvec does not use.)
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const fromSource =
  process.env.npm_config_build_from_source === 'true' ||
  process.env.HOGVEC_BUILD_FROM_SOURCE === '1' ||
  process.argv.includes('--build-from-source');

function findBinary() {
  try {
    return require('node-gyp-build').path(root);
  } catch {
    return undefined;
  }
}

function onPath(names) {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  return names.find((name) =>
    dirs.some((dir) => exts.some((ext) => fs.existsSync(path.join(dir, name + ext)))),
  );
}

function explainFailure(logFile) {
  const missing = [];
  if (!onPath(['cmake'])) missing.push('cmake (3.15 or newer) was not found on PATH');
  if (process.platform !== 'win32' && !onPath([process.env.CXX || 'c++', 'g++', 'clang++']))
    missing.push('no C++17 compiler (c++, g++ or clang++) was found on PATH');
  const cause = missing.length > 0 ? missing.join(' and ') : 'the compiler reported errors';
  return (
    `hogvec: there is no prebuilt binary for ${process.platform}-${process.arch}, ` +
    `and building it from source failed: ${cause}. Install cmake and a C++17 compiler ` +
    `(on Debian or Ubuntu: apt-get install cmake g++) and run npm install again. ` +
    `The full build output is in ${logFile}.`
  );
}

function buildFromSource() {
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  const result = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout || ''}${result.stderr || ''}${result.error ? String(result.error) : ''}`;
  if (result.status === 0 && findBinary()) return;
  const logFile = path.join(os.tmpdir(), `hogvec-build-${process.pid}.log`);
  fs.writeFileSync(logFile, output);
  console.error(explainFailure(logFile));
  process.exit(1);
}

if (!fromSource) {
  const found = findBinary();
  if (found) {
    console.log(`hogvec: using ${path.relative(root, found)}`);
    process.exit(0);
  }
}
buildFromSource();
console.log(`hogvec: built ${path.relative(root, findBinary())} from source`);
