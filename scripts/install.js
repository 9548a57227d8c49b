#!/usr/bin/env node
// The package's install step. Uses a prebuilt binary from prebuilds/ when one
// matches this platform and loads here; otherwise, or when asked to
// (`npm install --build-from-source`, or HOGVEC_BUILD_FROM_SOURCE=1), compiles
// binding/ with cmake-js into build/. (node-gyp-build's own install command
// would fall back to node-gyp, which hogvec does not use.) If compiling fails,
// it says in one paragraph what is missing; the full output goes to a log file.
//
// The build tools (cmake-js, node-addon-api) are devDependencies, so an
// install that uses a prebuild downloads none of them. A source build uses
// them from node_modules when the versions package.json pins are there (a git
// checkout), and otherwise fetches those versions with npm into a temporary
// folder that it removes afterwards.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const pkgName = pkg.name;
/** What a source build needs besides cmake and a compiler; devDependencies pins their versions. */
const BUILD_TOOLS = ['cmake-js', 'node-addon-api'];

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
  return names.find((name) => dirs.some((dir) => exts.some((ext) => fs.existsSync(path.join(dir, name + ext)))));
}

function howToInstallTools() {
  if (process.platform === 'darwin')
    return 'Install the Xcode command line tools (xcode-select --install) and cmake (brew install cmake)';
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

/** Why a source build failed, in one paragraph, and what to do about it. */
function failureParagraph(why, cause, remedy, logFile) {
  return (
    `hogvec: ${why}, but building from source failed: ${cause}. ` +
    `${remedy}, then run npm install again. The full build output is in ${logFile}.`
  );
}

/** cmake or the compiler, if either is missing from PATH (as cmake-js would look for them), in words. */
function missingTools() {
  const missing = [];
  if (!onPath(['cmake'])) missing.push('cmake (3.15 or newer) was not found on PATH');
  // cmake-js itself looks for g++ or clang++ (whatever CXX says), so check the same names.
  if (process.platform !== 'win32' && !onPath(['g++', 'clang++']))
    missing.push('no C++17 compiler (g++ or clang++) was found on PATH');
  return missing.length > 0 ? missing.join(' and ') : undefined;
}

/** Writes the log and ends the install with the paragraph. */
function fail(why, cause, remedy, log) {
  const logFile = path.join(os.tmpdir(), `hogvec-build-${process.pid}.log`);
  fs.writeFileSync(logFile, log);
  console.error(failureParagraph(why, cause, remedy, logFile));
  process.exit(1);
}

/** `name@version` for each build tool, at the exact version package.json pins. */
function pinnedBuildTools() {
  const pins = pkg.devDependencies || {};
  return BUILD_TOOLS.map((name) => {
    if (!pins[name]) throw new Error(`package.json pins no version of ${name} in devDependencies`);
    return { name, version: pins[name] };
  });
}

/** The version of `name` that require() finds from `dir`, or undefined. */
function versionFrom(name, dir) {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [dir] }), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** How to start npm: the npm running this install when there is one, else npm from PATH. */
function npmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.[cm]?js$/.test(execPath)) return { file: process.execPath, args: [execPath], shell: false };
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: [], shell: process.platform === 'win32' };
}

/**
 * The environment for a nested npm: the user's registry, cache, proxy and
 * offline settings stay; what would change where or what it installs goes.
 */
function nestedNpmEnv() {
  const env = { ...process.env };
  const steering =
    /^npm_config_(global|location|prefix|local_prefix|global_prefix|save.*|package_lock.*|omit|include|also|only|production|dev|workspaces?|include_workspace_root|dry_run|ignore_scripts|foreground_scripts|build_from_source|install_strategy|install_links|global_style|legacy_bundling)$/i;
  for (const key of Object.keys(env)) if (steering.test(key)) delete env[key];
  return env;
}

/**
 * The pinned build tools: from node_modules when the pinned versions are
 * there, else fetched with npm into a temporary folder. Returns where they
 * are, or ends the install with the paragraph if npm cannot fetch them.
 */
function buildTools(why) {
  const tools = pinnedBuildTools();
  if (tools.every((tool) => versionFrom(tool.name, root) === tool.version))
    return { dir: undefined, nodeModules: undefined };
  const specs = tools.map((tool) => `${tool.name}@${tool.version}`);
  console.log(`hogvec: fetching ${specs.join(' and ')} with npm into a temporary folder...`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hogvec-build-tools-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  const npm = npmCommand();
  const args = [
    'install',
    '--prefix',
    dir,
    '--no-save',
    '--no-package-lock',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    ...specs,
  ];
  const result = spawnSync(npm.file, [...npm.args, ...args], {
    cwd: dir,
    env: nestedNpmEnv(),
    encoding: 'utf8',
    shell: npm.shell,
    maxBuffer: 64 * 1024 * 1024,
  });
  const nodeModules = path.join(dir, 'node_modules');
  const fetched = result.status === 0 && tools.every((tool) => versionFrom(tool.name, dir) === tool.version);
  if (fetched) return { dir, nodeModules };
  fs.rmSync(dir, { recursive: true, force: true });
  const output = `${result.stdout || ''}${result.stderr || ''}${result.error ? String(result.error) : ''}`;
  const error = firstErrorLine(output);
  fail(
    why,
    `npm could not fetch the build tools ${specs.join(' and ')}${error ? ` (${error})` : ''}`,
    'Check the network and the npm registry settings (npm config get registry)',
    `npm ${args.join(' ')}\n${output}`,
  );
}

function buildFromSource(why) {
  // Without cmake or a compiler nothing can build: say so before fetching anything. (On
  // Windows cmake-js may find the cmake of Visual Studio, so there the build decides.)
  const missing = missingTools();
  if (missing && process.platform !== 'win32')
    fail(why, missing, howToInstallTools(), `${missing}\nPATH=${process.env.PATH || ''}\n`);
  const tools = buildTools(why);
  console.log(`hogvec: ${why}; building from source with cmake-js...`);
  let result;
  try {
    const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [tools.dir || root] });
    // CMakeLists.txt and cmake-js find node-addon-api with require(), which also searches NODE_PATH.
    const env = { ...process.env };
    if (tools.nodeModules) env.NODE_PATH = [tools.nodeModules, env.NODE_PATH].filter(Boolean).join(path.delimiter);
    result = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], {
      cwd: root,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    if (tools.dir) fs.rmSync(tools.dir, { recursive: true, force: true });
  }
  const output = `${result.stdout || ''}${result.stderr || ''}${result.error ? String(result.error) : ''}`;
  const built = result.status === 0 ? findBinary() : undefined;
  const loadProblem = built === undefined ? undefined : loadError(built);
  if (built !== undefined && loadProblem === undefined) {
    console.log(`hogvec: built ${path.relative(root, built)} from source`);
    return;
  }
  const error = firstErrorLine(output);
  const cause =
    missingTools() ||
    (loadProblem
      ? `the binary it built does not load (${loadProblem})`
      : error
        ? `the build reported: ${error}`
        : 'the build reported errors');
  fail(why, cause, howToInstallTools(), loadProblem ? `${output}\n${loadProblem}\n` : output);
}

function main() {
  if (buildFromSourceRequested()) {
    buildFromSource('--build-from-source was given');
    return;
  }
  // In a git checkout, prebuilds/ (from `npm run prebuild`) and build/ may be
  // older than the sources: compile (cmake rebuilds only what changed).
  if (fs.existsSync(path.join(root, '.git'))) {
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
