/**
 * The hot-row copies' write-back, in C++: test/native/hot-rows-write-back.cpp
 * is compiled against binding/core with the machine's C++ compiler (the one
 * that builds the addon) and run; each of its checks is a check here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

const ROOT = path.resolve(__dirname, '..');
const CORE = path.join(ROOT, 'binding', 'core');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-rows-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

const compiler = process.env.CXX || 'c++';

t.test('concurrent write-backs of the hot-row copies lose no change', async (t) => {
  const exe = path.join(WORK, 'hot-rows-write-back');
  const build = spawnSync(
    compiler,
    [
      '-std=c++17',
      '-O2',
      '-pthread',
      `-I${CORE}`,
      path.join(ROOT, 'test', 'native', 'hot-rows-write-back.cpp'),
      path.join(CORE, 'hot_rows.cpp'),
      path.join(CORE, 'memory.cpp'),
      '-o',
      exe,
    ],
    { encoding: 'utf8' },
  );
  t.equal(build.status, 0, `${compiler} builds the test\n${build.stderr}`);
  if (build.status !== 0) return;
  const run = spawnSync(exe, [], { encoding: 'utf8', timeout: 120_000 });
  const lines = run.stdout.split('\n').filter((l) => /^(not )?ok - /.test(l));
  t.ok(lines.length >= 10, `the test reports its checks (${lines.length})`);
  for (const line of lines) t.ok(line.startsWith('ok - '), line.replace(/^(not )?ok - /, ''));
  t.equal(run.status, 0, `it exits 0\n${run.stderr}`);
});
